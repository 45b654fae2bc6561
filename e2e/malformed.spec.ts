// The route walk (e2e/malformed-walk.ts) against the production server without sign-in.
import { test } from "@playwright/test";
import { walk, walkCrossSite, walkPages } from "./malformed-walk";

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;

test("every API route answers malformed input with a 4xx, a message and the security headers, never a 5xx (no sign-in)", async () => {
  test.setTimeout(600_000);
  await walk(BASE, "none:");
});

test("a page whose path does not percent-decode is a 400 with the security headers", async () => {
  await walkPages(BASE);
});

test("every POST route refuses a cross-site request", async () => {
  await walkCrossSite(BASE);
});
