// Sign-in through the route handlers (token mode), the proxy's checks and headers, rate limits on
// the expensive routes, and the body cap on streamed bodies.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

process.env.ROLECALL_SOURCE = "demo";
process.env.AWS_EC2_METADATA_DISABLED = "true";

const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-auth-"));
const tokensFile = path.join(dir, "tokens");
const aliceToken = "alice-7c1e0d2f4b3a59687766554433221100";
const ciToken = "ci-0011223344556677889900aabbccddeeff";
const hex = (t: string) => createHash("sha256").update(t).digest("hex");
writeFileSync(tokensFile, `alice:${hex(aliceToken)}\nci:${hex(ciToken)}\n`);
process.env.ROLECALL_REVOKED_SESSIONS = path.join(dir, "revoked.jsonl");

const KEYS = ["ROLECALL_AUTH", "ROLECALL_TOKENS", "ROLECALL_SESSION_SECRET", "ROLECALL_AUTH_HEADER", "ROLECALL_TRUSTED_PROXIES", "ROLECALL_RATE_LIMIT", "ROLECALL_ALLOWED_HOSTS", "ROLECALL_SIGNIN_RATE_LIMIT"];
afterEach(() => {
  for (const k of KEYS) delete process.env[k];
});
const tokenMode = () => Object.assign(process.env, { ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokensFile, ROLECALL_SESSION_SECRET: "t".repeat(40) });

const BASE = "http://127.0.0.1:3000";
const params = <T,>(p: T) => ({ params: Promise.resolve(p) });

let login: typeof import("./auth/login/route");
let logout: typeof import("./auth/logout/route");
let me: typeof import("./auth/me/route");
let callback: typeof import("./auth/callback/route");
let roles: typeof import("./roles/route");
let assumers: typeof import("./roles/[id]/assumers/route");
let evaluate: typeof import("./evaluate/route");
let proxyModule: typeof import("@/proxy");

beforeAll(async () => {
  login = await import("./auth/login/route");
  logout = await import("./auth/logout/route");
  me = await import("./auth/me/route");
  callback = await import("./auth/callback/route");
  roles = await import("./roles/route");
  assumers = await import("./roles/[id]/assumers/route");
  evaluate = await import("./evaluate/route");
  proxyModule = await import("@/proxy");
}, 60_000);

const cookieOf = (res: Response) => res.headers.get("set-cookie")?.split(";")[0] ?? "";

describe("token mode through the routes", () => {
  it("scripts send Authorization: Bearer; the token's name is the user", async () => {
    tokenMode();
    const r = await me.GET(new Request(`${BASE}/api/auth/me`, { headers: { authorization: `Bearer ${ciToken}` } }));
    expect(await r.json()).toEqual({ user: "ci", mode: "token", canSignOut: true });
    const list = await roles.GET(new Request(`${BASE}/api/roles`, { headers: { authorization: `Bearer ${ciToken}` } }), params({}));
    expect(list.status).toBe(200);
    const refused = await roles.GET(new Request(`${BASE}/api/roles`, { headers: { authorization: "Bearer nope" } }), params({}));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: "unauthenticated", message: "The bearer token is not valid: it is unknown or has been revoked.", issues: [] } });
  });

  it("people paste the token once on /signin: a signed, HttpOnly, SameSite cookie for eight hours", async () => {
    tokenMode();
    const r = await login.POST(new Request(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", origin: BASE, host: "127.0.0.1:3000" }, body: JSON.stringify({ token: aliceToken }) }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ user: "alice" });
    const setCookie = r.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^rolecall_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    expect(setCookie).not.toContain(aliceToken);
    const who = await me.GET(new Request(`${BASE}/api/auth/me`, { headers: { cookie: cookieOf(r) } }));
    expect((await who.json()).user).toBe("alice");

    // behind an https proxy the cookie is Secure
    const https = await login.POST(new Request(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-proto": "https" }, body: JSON.stringify({ token: aliceToken }) }));
    expect(https.headers.get("set-cookie")).toMatch(/; Secure$/);

    const bad = await login.POST(new Request(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: "wrong" }) }));
    expect(bad.status).toBe(401);
    expect(JSON.stringify(await bad.json())).not.toContain("wrong");

    const out = await logout.POST(new Request(`${BASE}/api/auth/logout`, { method: "POST", headers: { origin: BASE, host: "127.0.0.1:3000", cookie: cookieOf(r) } }));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/signin?signedOut=1");
    expect(out.headers.get("set-cookie")).toMatch(/^rolecall_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
  });

  it("signing out ends the session on the server: the old cookie no longer works, after a restart too (issue 15 #11)", async () => {
    tokenMode();
    const signIn = () => login.POST(new Request(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: aliceToken }) }));
    const whoIs = async (cookie: string) => (await me.GET(new Request(`${BASE}/api/auth/me`, { headers: { cookie } }))).status;
    const first = cookieOf(await signIn());
    const second = cookieOf(await signIn());
    expect(await whoIs(first)).toBe(200);
    const out = await logout.POST(new Request(`${BASE}/api/auth/logout`, { method: "POST", headers: { cookie: first } }));
    expect(out.status).toBe(303);
    expect(await whoIs(first)).toBe(401);
    const page = await proxyModule.proxy(new NextRequest(`${BASE}/roles`, { headers: { cookie: first } }));
    expect(page.status).toBe(307); // pages too: the proxy sees the revocation
    // another session of the same user is another session
    expect(await whoIs(second)).toBe(200);
    // the deny list is on disk: a restarted server (a fresh in-memory list) still refuses the cookie
    (globalThis as { __rolecallRevocations?: unknown }).__rolecallRevocations = undefined;
    expect(await whoIs(first)).toBe(401);
    expect(await whoIs(second)).toBe(200);
  });

  it("failed token sign-ins are rate-limited per address, bearer tokens and /signin alike (issue 15 #14)", async () => {
    tokenMode();
    process.env.ROLECALL_SIGNIN_RATE_LIMIT = "5/min";
    const from = { "x-rolecall-peer": "10.0.0.99" };
    const attempt = (token: string) => login.POST(new Request(`${BASE}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", ...from }, body: JSON.stringify({ token }) }));
    for (let i = 0; i < 5; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
    const limited = await attempt("guess-6");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(/Too many failed sign-ins/);
    // while limited, even a valid token is not checked from that address: guesses learn nothing
    expect((await attempt(aliceToken)).status).toBe(429);
    const bearer = await me.GET(new Request(`${BASE}/api/auth/me`, { headers: { authorization: "Bearer guess-7", ...from } }));
    expect(bearer.status).toBe(429);
    // another address is not affected
    expect((await me.GET(new Request(`${BASE}/api/auth/me`, { headers: { authorization: `Bearer ${aliceToken}`, "x-rolecall-peer": "10.0.0.100" } }))).status).toBe(200);
    delete process.env.ROLECALL_SIGNIN_RATE_LIMIT;
  });

  it("login and logout are refused cross-site", async () => {
    tokenMode();
    const x = { "sec-fetch-site": "cross-site", origin: "https://evil.example", "content-type": "application/json" };
    expect((await login.POST(new Request(`${BASE}/api/auth/login`, { method: "POST", headers: x, body: JSON.stringify({ token: aliceToken }) }))).status).toBe(403);
    expect((await logout.POST(new Request(`${BASE}/api/auth/logout`, { method: "POST", headers: x }))).status).toBe(403);
  });

  it("GET /api/auth/login sends people to the right place for the mode; the callback exists only for oidc", async () => {
    tokenMode();
    const r = await login.GET(new Request(`${BASE}/api/auth/login?next=/roles`));
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/signin?next=%2Froles");
    const evil = await login.GET(new Request(`${BASE}/api/auth/login?next=//evil.example/x`));
    expect(evil.headers.get("location")).toBe("/signin?next=%2F");
    const cb = await callback.GET(new Request(`${BASE}/api/auth/callback?code=x&state=y`));
    expect(cb.status).toBe(404);
  });

  it("without sign-in (none), /api/auth/me says so", async () => {
    expect(await (await me.GET(new Request(`${BASE}/api/auth/me`))).json()).toEqual({ user: null, mode: "none", canSignOut: false });
  });
});

describe("the proxy (proxy.ts)", () => {
  const run = (url: string, headers: Record<string, string> = {}, method = "GET") => proxyModule.proxy(new NextRequest(`${BASE}${url}`, { headers, method }));

  it("puts the security headers and a fresh CSP nonce on every page, and hands the nonce to Next.js", async () => {
    const a = await run("/roles");
    const b = await run("/roles");
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/);
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(a.headers.get("referrer-policy")).toBe("no-referrer");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    const api = await run("/api/health");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("drops a client-sent x-rolecall-user and sets the signed-in user itself", async () => {
    const none = await run("/roles", { "x-rolecall-user": "admin" });
    expect(none.headers.get("x-middleware-request-x-rolecall-user")).toBeNull();
    // Next.js keeps only the request headers listed here: the forged one is not among them
    expect(none.headers.get("x-middleware-override-headers")?.split(",")).not.toContain("x-rolecall-user");
    expect(none.headers.get("x-middleware-override-headers")?.split(",")).toContain("content-security-policy");
    tokenMode();
    const alice = await run("/roles", { "x-rolecall-user": "admin", authorization: `Bearer ${aliceToken}` });
    expect(alice.headers.get("x-middleware-request-x-rolecall-user")).toBe("alice");
  });

  it("an API request without sign-in gets 401 JSON; a page is sent to sign in", async () => {
    tokenMode();
    const api = await run("/api/roles");
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: { code: "unauthenticated", message: expect.stringMatching(/Sign in first/), issues: [] } });
    const page = await run("/roles?q=x", { host: "127.0.0.1:3000" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toBe("http://127.0.0.1:3000/signin?next=%2Froles%3Fq%3Dx");
    // the browser's host, not the address the server listens on
    process.env.ROLECALL_ALLOWED_HOSTS = "rolecall.example.com";
    const viaProxy = await run("/roles", { host: "rolecall.example.com", "x-forwarded-proto": "https" });
    expect(viaProxy.headers.get("location")).toBe("https://rolecall.example.com/signin?next=%2Froles");
    // a name that is not listed is refused, signed in or not (DNS rebinding)
    const rebound = await run("/roles", { host: "rebind.attacker.example" });
    expect(rebound.status).toBe(421);
    expect(rebound.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toBeTruthy();
    // the health check, the sign-in flow and /signin itself stay open
    expect((await run("/api/health")).status).toBe(200);
    expect((await run("/signin")).status).toBe(200);
    expect((await run("/api/auth/login")).status).toBe(200);
  });

  it("proxy mode: a forged user header from an untrusted address is refused at the proxy", async () => {
    Object.assign(process.env, { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "127.0.0.1/32" });
    const forged = await run("/api/roles", { "x-rolecall-peer": "203.0.113.9", "x-forwarded-email": "admin@example.com" });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.message).toMatch(/203\.0\.113\.9 is not in ROLECALL_TRUSTED_PROXIES/);
    const page = await run("/", { "x-rolecall-peer": "203.0.113.9", "x-forwarded-email": "admin@example.com" });
    expect(page.status).toBe(403);
    const ok = await run("/", { "x-rolecall-peer": "127.0.0.1", "x-forwarded-email": "alice@example.com" });
    expect(ok.headers.get("x-middleware-request-x-rolecall-user")).toBe("alice%40example.com");
  });

  it("refuses a declared body over 1 MB before anything reads it", async () => {
    const r = await run("/api/evaluate", { "content-length": "5000000", "content-type": "application/json" }, "POST");
    expect(r.status).toBe(413);
  });
});

describe("rate limits on the expensive routes", () => {
  it("answers 429 with Retry-After and when to retry, per user", async () => {
    tokenMode();
    process.env.ROLECALL_RATE_LIMIT = "3/min";
    const ask = (token: string) => assumers.GET(new Request(`${BASE}/api/roles/x/assumers`, { headers: { authorization: `Bearer ${token}` } }), params({ id: "arn:aws:iam::111111111111:role/ecs/orders-api-task" }));
    for (let i = 0; i < 3; i++) {
      const ok = await ask(aliceToken);
      expect(ok.status, await ok.clone().text()).toBe(200);
    }
    const r = await ask(aliceToken);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await r.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/^Too many requests .* at most 3 per minute per user\. Try again in \d+ seconds?\.$/) });
    // another user is not affected; cheap routes are not limited
    expect((await ask(ciToken)).status).toBe(200);
    expect((await roles.GET(new Request(`${BASE}/api/roles`, { headers: { authorization: `Bearer ${aliceToken}` } }), params({}))).status).toBe(200);
  });
});

describe("request bodies", () => {
  it("a chunked body over 1 MB is cut off at the cap, not read whole", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += chunk.byteLength;
        if (pulled > 50_000_000) c.close();
        else c.enqueue(chunk);
      },
    });
    const r = await evaluate.POST(new Request(`${BASE}/api/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit));
    expect(r.status).toBe(413);
    expect(pulled).toBeLessThan(2_000_000);
  });
  it("a Content-Length smaller than the body does not get more than the cap read either", async () => {
    const r = await evaluate.POST(new Request(`${BASE}/api/evaluate`, { method: "POST", headers: { "content-type": "application/json", "content-length": "10" }, body: "[".repeat(1_500_000) }));
    expect(r.status).toBe(413);
  });
  it("JSON nested deeper than 64 levels is refused before parsing", async () => {
    const r = await evaluate.POST(new Request(`${BASE}/api/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"principal":${"[".repeat(100)}${"]".repeat(100)}}` }));
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/nested more than 64 levels/);
  });
});
