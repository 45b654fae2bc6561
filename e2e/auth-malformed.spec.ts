// The route walk (e2e/malformed-walk.ts) against the second e2e server (ROLECALL_AUTH=token):
// signed in with a bearer token, and without signing in at all.
import { test } from "@playwright/test";
import { E2E_TOKEN } from "./auth-fixture";
import { walk, walkCrossSite, walkPages, walkUnauthenticated } from "./malformed-walk";

const BASE = `http://127.0.0.1:${process.env.E2E_AUTH_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1}`;
const auth = { authorization: `Bearer ${E2E_TOKEN}` };

test("every API route answers malformed input the same way to a signed-in caller", async () => {
  test.setTimeout(600_000);
  await walk(BASE, "token:", auth);
});

test("every route but the public ones refuses a caller who did not sign in (the route itself, not only the proxy)", async () => {
  await walkUnauthenticated(BASE);
});

test("pages and POSTs: undecodable paths are 400s, cross-site requests 403s, signed in too", async () => {
  await walkPages(BASE, auth);
  await walkCrossSite(BASE, auth);
});
