// Every API route, found by walking app/api (so a route added later is covered without editing
// this file), is sent malformed input over HTTP, to the production server, as a client sends it:
// wrong content types, invalid JSON, wrong field types, missing and unknown fields (?__proto__=
// too), 200 KB strings, 2,000-deep nesting, invalid ARNs, oversize bodies, bad query values and
// path segments that do not percent-decode. Each answer must be a 4xx with a JSON message and the
// security headers: never a 5xx, never a stack trace or a file path. The same walk checks that
// every route but the public ones refuses an unauthenticated caller, and that every POST refuses
// a cross-site request. Raw node:http, so that a path is sent exactly as written (fetch and
// Playwright's request would re-encode a malformed escape).
//
// e2e/malformed.spec.ts walks the first e2e server (ROLECALL_AUTH=none); e2e/auth-malformed.spec.ts
// the second (ROLECALL_AUTH=token), signed in and not.

import http from "node:http";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

const API_DIR = path.join(process.cwd(), "app", "api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

export interface Route {
  /** "/api/roles/[id]/assumers" */
  path: string;
  params: string[];
  methods: Method[];
}

/** Routes that take no input at all: they may answer 2xx/3xx to any query (still never 5xx). */
export const NO_INPUT = new Set(["GET /api/health", "GET /api/identity", "GET /api/auth/me", "GET /api/auth/login", "POST /api/auth/logout"]);
/** Reachable without signing in (proxy.ts's public list); every other route must refuse with 401. */
export const PUBLIC = new Set(["GET /api/health", "GET /api/auth/login", "POST /api/auth/login", "GET /api/auth/callback", "POST /api/auth/logout", "GET /api/auth/me"]);

function findRoutes(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return findRoutes(p);
    return name === "route.ts" ? [p] : [];
  });
}

/** The routes and the methods each exports (read from its source: `export const GET`, `export async function POST`). */
export function routes(): Route[] {
  return findRoutes(API_DIR)
    .sort()
    .map((file) => {
      const rel = path.relative(path.dirname(API_DIR), path.dirname(file)).split(path.sep).join("/");
      const src = readFileSync(file, "utf8");
      const methods = METHODS.filter((m) => new RegExp(`export\\s+(?:const\\s+${m}\\b|(?:async\\s+)?function\\s+${m}\\b)`).test(src));
      return { path: `/${rel}`, params: [...rel.matchAll(/\[(\w+)\]/g)].map((x) => x[1]!), methods };
    });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request, the path sent byte for byte as given. */
export function send(base: string, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string | Uint8Array | (() => AsyncIterable<Uint8Array>)): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path: urlPath, headers: { ...(typeof body === "function" ? { "transfer-encoding": "chunked" } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    // the server may answer (413) and close before the whole body is sent
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? resolve({ status: 413, headers: {}, text: '{"error":{"message":"closed while sending (the server refused the body)"}}' }) : reject(e)));
    if (typeof body === "function") {
      void (async () => {
        for await (const c of body()) if (!req.write(c)) await new Promise((r) => req.once("drain", r));
        req.end();
      })().catch(() => req.destroy());
    } else req.end(body);
  });
}

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
/** Segments that do not percent-decode: a bad escape, a truncated sequence, an encoded surrogate, an overlong encoding (issue 15 #6). */
export const UNDECODABLE = ["%zz", "%E0%A4%A", "%ED%A0%80", "%C0%AE"];
const BAD_PARAMS = ["nope-does-not-exist", WELL_FORMED_UNKNOWN, ...UNDECODABLE, encodeURIComponent(HUGE.slice(0, 5000)), encodeURIComponent("arn:bogus::"), "..%2F..%2Fetc%2Fpasswd", encodeURIComponent("a\u0000b")];

function urlOf(route: Route, query = "", params: Record<string, string> = {}): string {
  return `${route.path.replace(/\[(\w+)\]/g, (_m, name: string) => params[name] ?? PARAM_SAMPLES[name] ?? "x")}${query}`;
}

/** The security headers every answer carries, the guard's and Next.js's own included. */
export function expectSecured(res: Answer, label: string): void {
  expect(res.headers["x-content-type-options"], label).toBe("nosniff");
  expect(res.headers["x-frame-options"], label).toBe("DENY");
  expect(res.headers["referrer-policy"], label).toBe("no-referrer");
  expect(res.headers["content-security-policy"], label).toBeTruthy();
}

/** The one property every answer to bad input has. */
export function expectClientError(res: Answer, what: string, allowOk = false): void {
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  if (!allowOk) expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.text, label).not.toMatch(/\n\s+at |\bat .+\.(ts|js|mjs|cjs):\d+|\/work\/|node_modules|webpack-internal|turbopack/);
  if (res.headers.connection !== "close" || res.status !== 413) expectSecured(res, label);
  if (res.status >= 400 && res.headers["content-type"]?.includes("json")) {
    const body = JSON.parse(res.text) as { error?: { message?: unknown } };
    expect(typeof body.error?.message, label).toBe("string");
    expect((body.error!.message as string).length, label).toBeGreaterThan(0);
    // a 200 KB input is not echoed back whole
    expect(res.text.length, label).toBeLessThan(50_000);
    expect(res.headers["cache-control"], label).toMatch(/no-store/);
  } else if (res.status >= 400) {
    expect(res.headers["content-type"], label).toMatch(/json/);
  }
}

/** Fields whose names say they hold an ARN (or a role name): an invalid ARN there must be refused. */
const ARN_FIELD = /principal|role|resource|arn|caller/i;

type Body = string | Uint8Array;
/** [what, headers, body, may it succeed?] — a bad ARN in a free-text field may be a fine answer. */
function postBodies(fields: string[]): [string, Record<string, string>, Body | null, boolean?][] {
  const json = { "content-type": "application/json" };
  const bodies: [string, Record<string, string>, Body | null, boolean?][] = [
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

/** A chunked body of `bytes` bytes, without Content-Length. */
function chunked(bytes: number): () => AsyncIterable<Uint8Array> {
  const chunk = new TextEncoder().encode(`[${"1,".repeat(32_000)}`);
  return async function* () {
    for (let sent = 0; sent < bytes; sent += chunk.byteLength) yield chunk;
  };
}

export async function walk(base: string, label: string, auth: Record<string, string> = {}): Promise<void> {
  const all = routes();
  expect(all.length).toBeGreaterThan(10);
  const host = { host: new URL(base).host };
  const call = (method: string, p: string, headers: Record<string, string> = {}, body?: Body | (() => AsyncIterable<Uint8Array>)) => send(base, method, p, { ...host, ...auth, ...headers }, body);
  for (const route of all) {
    for (const method of route.methods) {
      const name = `${method} ${route.path}`;
      const noInput = NO_INPUT.has(name);
      if (method === "GET") {
        expectClientError(await call("GET", urlOf(route, "?__rolecall_unknown=1")), `${label} ${name} unknown query parameter`, noInput);
        // lost in Next.js's parse of the query, so refused by the guard on every route
        expectClientError(await call("GET", urlOf(route, "?__proto__=x")), `${label} ${name} ?__proto__=`);
        for (const key of ["q", "account", "nextToken", "resource", "context", "role", "principal", "from", "to", "outcome", "accessKeyId", "next", "code", "state"]) {
          // 8 KB: a URL past Node.js's 16 KB header limit is refused by its parser (431; lib/auth/guard.test.ts)
          for (const value of [HUGE.slice(0, 8000), "%E0%A4%A", "arn:bogus", "[[[[", "-1", "2024-13-45T99:99"]) {
            expectClientError(await call("GET", urlOf(route, `?${key}=${encodeURIComponent(value)}`)), `${label} ${name} ?${key}=${value.slice(0, 20)}`, true);
          }
        }
        expectClientError(await call("GET", urlOf(route, "?q=a&q=b&q=c")), `${label} ${name} repeated parameter`, true);
      } else {
        const json = { "content-type": "application/json" };
        const probe = await call(method, urlOf(route), json, "{}");
        const named = ((JSON.parse(probe.text || "null") as { error?: { issues?: { path?: unknown[] }[] } } | null)?.error?.issues ?? []).map((i) => i.path?.[0]).filter((p): p is string => typeof p === "string");
        const fields = noInput || !named.length ? COMMON_FIELDS : [...new Set(named)];
        for (const [what, headers, body, mayPass] of postBodies(fields)) {
          expectClientError(await call(method, urlOf(route), headers, body ?? undefined), `${label} ${name} ${what}`, noInput || mayPass);
        }
        expectClientError(await call(method, urlOf(route), json, chunked(3_000_000)), `${label} ${name} chunked body over 1 MB`, noInput);
      }
      for (const p of route.params) {
        for (const bad of BAD_PARAMS) {
          const res = await call(method, urlOf(route, "", { [p]: bad }), method === "POST" ? { "content-type": "application/json" } : {}, method === "POST" ? "{}" : undefined);
          // A well-formed ARN of something not loaded is not malformed: a role is then 404, a principal "unknown".
          expectClientError(res, `${label} ${name} [${p}]=${bad.slice(0, 30)}`, bad === WELL_FORMED_UNKNOWN);
          if (UNDECODABLE.includes(bad)) expect(res.status, `${label} ${name} [${p}]=${bad}`).toBe(400);
        }
      }
    }
  }
}

/** Pages whose path segment does not decode: 400 with the security headers, not Next.js's bare 500. */
export async function walkPages(base: string, auth: Record<string, string> = {}): Promise<void> {
  for (const page of ["/roles", "/principals"]) {
    for (const bad of UNDECODABLE) {
      const res = await send(base, "GET", `${page}/${bad}`, { host: new URL(base).host, ...auth });
      expect(res.status, `${page}/${bad}`).toBe(400);
      expectSecured(res, `${page}/${bad}`);
    }
  }
}

/** Every route but the public ones refuses a caller who did not sign in (the route itself, not only the proxy). */
export async function walkUnauthenticated(base: string): Promise<void> {
  for (const route of routes()) {
    for (const method of route.methods) {
      const name = `${method} ${route.path}`;
      if (PUBLIC.has(name) && name !== "GET /api/auth/me") continue;
      const attempts: Record<string, string>[] = [{}, { authorization: "Bearer not-a-valid-token" }, { "x-rolecall-user": "admin", cookie: "rolecall_session=forged" }];
      for (const headers of attempts) {
        const res = await send(base, method, urlOf(route), { host: new URL(base).host, "content-type": "application/json", ...headers }, method === "GET" ? undefined : "{}");
        expect(res.status, `${name} ${JSON.stringify(headers)}`).toBe(401);
        expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toBe("unauthenticated");
      }
    }
  }
}

/** Every POST route refuses a cross-site request. */
export async function walkCrossSite(base: string, auth: Record<string, string> = {}): Promise<void> {
  const posts = routes().filter((r) => r.methods.includes("POST"));
  expect(posts.length).toBeGreaterThan(3);
  const crossSite: Record<string, string>[] = [{ "sec-fetch-site": "cross-site", origin: "https://evil.example" }, { origin: "https://evil.example" }, { "sec-fetch-site": "same-site" }, { origin: "null" }];
  for (const route of posts) {
    for (const headers of crossSite) {
      const res = await send(base, "POST", urlOf(route), { host: new URL(base).host, "content-type": "application/json", ...auth, ...headers }, "{}");
      expect(res.status, `POST ${route.path} ${JSON.stringify(headers)}`).toBe(403);
      expect((JSON.parse(res.text) as { error: { code: string } }).error.code).toBe("cross_site");
    }
  }
}
