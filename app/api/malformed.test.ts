// Every API route, found by walking app/api (so a route added later is covered without editing
// this file), is sent malformed input: wrong content types, invalid JSON, wrong field types,
// missing and unknown fields, 200 KB strings, 2,000-deep nesting, invalid ARNs, oversize bodies,
// bad query values and bad path parameters. Each answer must be a 4xx with a JSON message: never
// a 5xx, never a stack trace or a file path. The same walk checks that every route but the
// public ones refuses an unauthenticated caller, and that every POST refuses a cross-site request.

import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.ROLECALL_SOURCE = "demo";
process.env.ROLECALL_RATE_LIMIT = "off"; // this test sends many requests; rate limits have their own test
process.env.AWS_EC2_METADATA_DISABLED = "true";

const API_DIR = __dirname;
const BASE = "http://127.0.0.1:3000";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Route {
  /** "/api/roles/[id]/assumers" */
  path: string;
  params: string[];
  handlers: Partial<Record<Method, Handler>>;
}

/** Routes that take no input at all: they may answer 2xx/3xx to any query (still never 5xx). */
const NO_INPUT = new Set(["GET /api/health", "GET /api/identity", "GET /api/auth/me", "GET /api/auth/login", "POST /api/auth/logout"]);
/** Reachable without signing in (proxy.ts's public list); every other route must refuse with 401. */
const PUBLIC = new Set(["GET /api/health", "GET /api/auth/login", "POST /api/auth/login", "GET /api/auth/callback", "POST /api/auth/logout", "GET /api/auth/me"]);

function findRoutes(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return findRoutes(p);
    return name === "route.ts" ? [p] : [];
  });
}

const routes: Route[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-walk-"));
const token = "walker-token-5f0c1d6e9a8b7c6d5e4f3a2b1c0d9e8f";
const tokensFile = path.join(dir, "tokens");
writeFileSync(tokensFile, `walker:${createHash("sha256").update(token).digest("hex")}\n`);

beforeAll(async () => {
  for (const file of findRoutes(API_DIR).sort()) {
    const rel = path.relative(path.dirname(API_DIR), path.dirname(file)).split(path.sep).join("/");
    const mod = (await import(file)) as Partial<Record<Method, Handler>>;
    const handlers: Route["handlers"] = {};
    for (const m of METHODS) if (typeof mod[m] === "function") handlers[m] = mod[m];
    routes.push({ path: `/${rel}`, params: [...rel.matchAll(/\[(\w+)\]/g)].map((x) => x[1]!), handlers });
  }
}, 120_000);

afterAll(() => {
  delete process.env.ROLECALL_AUTH;
  delete process.env.ROLECALL_TOKENS;
});

const HUGE = "x".repeat(200_000);
const deep = (n: number): unknown => {
  let v: unknown = "bottom";
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
};
const BAD_ARNS = ["arn:aws:iam::12:role/x", "arn:bogus", "not-an-arn", "arn:aws:iam::111111111111:role/", "arn:aws:iam::111111111111:role/nope\u0000"];
const WRONG_TYPES: unknown[] = [42, true, null, [], {}, [1, 2], { nested: { deeper: 1 } }];
/** Field names of the routes we know, used where a route tells us none of its own. */
const COMMON_FIELDS = ["principal", "role", "action", "resource", "message", "baseRole", "mint", "token", "context", "identityPolicies"];

/** A route that answers well to one sample request: where a path parameter is valid, the others are tried. */
const PARAM_SAMPLES: Record<string, string> = { id: encodeURIComponent("arn:aws:iam::111111111111:role/ecs/orders-api-task"), arn: encodeURIComponent("arn:aws:iam::111111111111:user/bob"), accessKeyId: "ASIAEXAMPLE000000001" };
const WELL_FORMED_UNKNOWN = encodeURIComponent("arn:aws:iam::111111111111:role/does-not-exist");
const BAD_PARAMS = ["nope-does-not-exist", WELL_FORMED_UNKNOWN, "%E0%A4%A", encodeURIComponent(HUGE.slice(0, 5000)), encodeURIComponent("arn:bogus::"), "..%2F..%2Fetc%2Fpasswd", encodeURIComponent("a\u0000b")];

function url(route: Route, query = "", params: Record<string, string> = {}): string {
  const p = route.path.replace(/\[(\w+)\]/g, (_m, name: string) => params[name] ?? PARAM_SAMPLES[name] ?? "x");
  return `${BASE}${p}${query}`;
}

const auth = (): Record<string, string> => (process.env.ROLECALL_AUTH === "token" ? { authorization: `Bearer ${token}` } : {});

async function call(route: Route, method: Method, init: { query?: string; params?: Record<string, string>; headers?: Record<string, string>; body?: BodyInit | null } = {}): Promise<Response> {
  const params = Object.fromEntries(route.params.map((n) => [n, init.params?.[n] ?? PARAM_SAMPLES[n] ?? "x"]));
  const headers = { host: "127.0.0.1:3000", ...auth(), ...init.headers };
  const req = new Request(url(route, init.query, params), { method, headers, body: init.body ?? null, ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
  // Next.js hands handlers the decoded segment; a segment that does not decode arrives as sent.
  const decoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, (() => { try { return decodeURIComponent(v); } catch { return v; } })()]));
  return route.handlers[method]!(req, { params: Promise.resolve(decoded) });
}

/** The one property every answer to bad input has. */
async function expectClientError(res: Response, what: string, allowOk = false): Promise<void> {
  const text = await res.text();
  const label = `${what} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  if (!allowOk) expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(text, label).not.toMatch(/\n\s+at |\bat .+\.(ts|js|mjs|cjs):\d+|\/work\/|node_modules|webpack-internal|turbopack/);
  if (res.status >= 400) {
    const body = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } };
    expect(typeof body.error?.message, label).toBe("string");
    expect((body.error!.message as string).length, label).toBeGreaterThan(0);
    // a 200 KB input is not echoed back whole
    expect(text.length, label).toBeLessThan(50_000);
  }
}

/** Fields whose names say they hold an ARN (or a role name): an invalid ARN there must be refused. */
const ARN_FIELD = /principal|role|resource|arn|caller/i;

/** [what, headers, body, may it succeed?] — a bad ARN in a free-text field may be a fine answer. */
function postBodies(fields: string[]): [string, Record<string, string>, BodyInit | null, boolean?][] {
  const json = { "content-type": "application/json" };
  const bodies: [string, Record<string, string>, BodyInit | null, boolean?][] = [
    ["wrong content type", { "content-type": "text/plain" }, '{"a":1}'],
    ["form content type", { "content-type": "application/x-www-form-urlencoded" }, "a=1"],
    ["no content type", {}, "{}"],
    ["invalid JSON", json, "{not json"],
    ["truncated JSON", json, '{"principal": "arn:aws:iam::1'],
    ["empty body", json, ""],
    ["whitespace body", json, "   \n"],
    ["a JSON array", json, "[]"],
    ["JSON null", json, "null"],
    ["a JSON number", json, "42"],
    ["a JSON string", json, '"hello"'],
    ["missing fields", json, "{}"],
    ["unknown fields", json, JSON.stringify({ __rolecall_unknown: 1 })],
    ["2,000-deep nesting", json, JSON.stringify({ [fields[0] ?? "a"]: deep(2000) })],
    ["invalid UTF-8", json, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ["a body over 1 MB", json, JSON.stringify({ [fields[0] ?? "a"]: "y".repeat(1_100_000) })],
  ];
  for (const f of fields) {
    for (const v of WRONG_TYPES) bodies.push([`${f}: ${JSON.stringify(v)}`, json, JSON.stringify({ ...Object.fromEntries(fields.map((g) => [g, "arn:aws:iam::111111111111:user/bob"])), [f]: v })]);
    for (const a of BAD_ARNS) bodies.push([`${f}: invalid ARN ${JSON.stringify(a)}`, json, JSON.stringify(Object.fromEntries(fields.map((g) => [g, g === f ? a : "arn:aws:iam::111111111111:user/bob"]))), !ARN_FIELD.test(f)]);
    bodies.push([`${f}: deep nesting`, json, JSON.stringify({ [f]: deep(2000) })]);
  }
  bodies.push(["a 200 KB string in every field", json, JSON.stringify(Object.fromEntries(fields.map((f) => [f, HUGE])))]);
  bodies.push(["a 200 KB string in every field and more", json, JSON.stringify(Object.fromEntries([...fields, ...COMMON_FIELDS].map((f) => [f, HUGE])))]);
  return bodies;
}

/** The fields a POST route requires, from the issues of its own answer to {} (zod names them). */
async function fieldsOf(route: Route): Promise<string[]> {
  const res = await call(route, "POST", { headers: { "content-type": "application/json" }, body: "{}" });
  const body = (await res.json().catch(() => null)) as { error?: { issues?: { path?: unknown[] }[] } } | null;
  const named = (body?.error?.issues ?? []).map((i) => i.path?.[0]).filter((p): p is string => typeof p === "string");
  return named.length ? [...new Set(named)] : COMMON_FIELDS;
}

function chunked(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new TextEncoder().encode(`[${"1,".repeat(32_000)}`);
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

async function walk(label: string): Promise<void> {
  expect(routes.length).toBeGreaterThan(10);
  for (const route of routes) {
    for (const method of Object.keys(route.handlers) as Method[]) {
      const name = `${method} ${route.path}`;
      const noInput = NO_INPUT.has(name);
      if (method === "GET") {
        await expectClientError(await call(route, "GET", { query: "?__rolecall_unknown=1" }), `${label} ${name} unknown query parameter`, noInput);
        for (const key of ["q", "account", "nextToken", "resource", "context", "role", "principal", "from", "to", "outcome", "accessKeyId", "next", "code", "state"]) {
          for (const value of [HUGE, "%E0%A4%A", "arn:bogus", "[[[[", "-1", "2024-13-45T99:99"]) {
            await expectClientError(await call(route, "GET", { query: `?${key}=${encodeURIComponent(value)}` }), `${label} ${name} ?${key}=${value.slice(0, 20)}`, true);
          }
        }
        await expectClientError(await call(route, "GET", { query: "?q=a&q=b&q=c" }), `${label} ${name} repeated parameter`, true);
      } else {
        const fields = noInput ? COMMON_FIELDS : await fieldsOf(route);
        for (const [what, headers, body, mayPass] of postBodies(fields)) {
          await expectClientError(await call(route, method, { headers, body }), `${label} ${name} ${what}`, noInput || mayPass);
        }
        await expectClientError(await call(route, method, { headers: { "content-type": "application/json" }, body: chunked(3_000_000) }), `${label} ${name} chunked body over 1 MB`, noInput);
      }
      for (const p of route.params) {
        for (const bad of BAD_PARAMS) {
          const res = await call(route, method, { params: { [p]: bad }, ...(method === "POST" ? { headers: { "content-type": "application/json" }, body: "{}" } : {}) });
          // A well-formed ARN of something not loaded is not malformed: a role is then 404, a principal "unknown".
          const wellFormed = bad === WELL_FORMED_UNKNOWN;
          await expectClientError(res, `${label} ${name} [${p}]=${bad.slice(0, 30)}`, wellFormed);
        }
      }
    }
  }
}

describe("every API route, walked", () => {
  it("finds the routes by walking app/api, with their path parameters", () => {
    const names = routes.map((r) => r.path);
    expect(names).toContain("/api/evaluate");
    expect(names).toContain("/api/roles/[id]/assumers");
    expect(routes.find((r) => r.path === "/api/roles/[id]/assumers")?.params).toEqual(["id"]);
    for (const n of [...NO_INPUT, ...PUBLIC]) {
      const [method, p] = n.split(" ");
      expect(routes.find((r) => r.path === p)?.handlers[method as Method], `${n} is listed here but is not a route`).toBeTypeOf("function");
    }
  });

  it("answers malformed input with a 4xx and a message, never a 5xx or a stack trace (no sign-in)", async () => {
    await walk("none:");
  }, 300_000);

  it("answers malformed input the same way to a signed-in caller (token mode)", async () => {
    process.env.ROLECALL_AUTH = "token";
    process.env.ROLECALL_TOKENS = tokensFile;
    try {
      await walk("token:");
    } finally {
      delete process.env.ROLECALL_AUTH;
      delete process.env.ROLECALL_TOKENS;
    }
  }, 300_000);

  it("every route but the public ones refuses a caller who did not sign in (the route itself, not only the proxy)", async () => {
    process.env.ROLECALL_AUTH = "token";
    process.env.ROLECALL_TOKENS = tokensFile;
    try {
      for (const route of routes) {
        for (const method of Object.keys(route.handlers) as Method[]) {
          const name = `${method} ${route.path}`;
          if (PUBLIC.has(name) && name !== "GET /api/auth/me") continue;
          const attempts: Record<string, string>[] = [{}, { authorization: "Bearer not-a-valid-token" }, { "x-rolecall-user": "admin", cookie: "rolecall_session=forged" }];
          for (const headers of attempts) {
            const res = await route.handlers[method]!(
              new Request(url(route), { method, headers: { host: "127.0.0.1:3000", "content-type": "application/json", ...headers }, ...(method === "GET" ? {} : { body: "{}" }) }),
              { params: Promise.resolve(Object.fromEntries(route.params.map((p) => [p, PARAM_SAMPLES[p] ?? "x"]))) },
            );
            expect(res.status, `${name} ${JSON.stringify(headers)}`).toBe(401);
            expect((await res.json()).error.code).toBe("unauthenticated");
          }
        }
      }
    } finally {
      delete process.env.ROLECALL_AUTH;
      delete process.env.ROLECALL_TOKENS;
    }
  });

  it("every POST route refuses a cross-site request", async () => {
    const posts = routes.filter((r) => r.handlers.POST);
    expect(posts.length).toBeGreaterThan(3);
    for (const route of posts) {
      const crossSite: Record<string, string>[] = [{ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, { origin: "https://evil.example" }, { "sec-fetch-site": "same-site" }, { origin: "null" }];
      for (const headers of crossSite) {
        const res = await call(route, "POST", { headers: { "content-type": "application/json", ...headers }, body: "{}" });
        expect(res.status, `POST ${route.path} ${JSON.stringify(headers)}`).toBe(403);
        expect((await res.json()).error.code).toBe("cross_site");
      }
    }
  });
});
