// The route helpers' own checks: the origin check against DNS rebinding, query parameters, the
// rate limiter's key, and the Cache-Control of every JSON answer (issue 15 #2, #4, #12, #14).
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, checkOrigin, checkRateLimit, errorResponse, getRoute, jsonResponse } from "./http";

afterEach(() => {
  for (const k of ["ROLECALL_AUTH", "ROLECALL_ALLOWED_HOSTS", "ROLECALL_RATE_LIMIT"]) delete process.env[k];
});

const post = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/evaluate", { method: "POST", headers });
const refused = (headers: Record<string, string>) => {
  try {
    checkOrigin(post(headers));
    return false;
  } catch (e) {
    return e instanceof ApiError && e.status === 403 && e.code === "cross_site";
  }
};

describe("checkOrigin", () => {
  it("a page on a rebinding name is same-origin with itself: the name must be one RoleCall serves", () => {
    const rebound = { host: "rebind.attacker.example:3000", origin: "http://rebind.attacker.example:3000" };
    expect(refused(rebound)).toBe(true);
    expect(refused({ ...rebound, "sec-fetch-site": "same-origin" })).toBe(true);
    expect(refused({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" })).toBe(false);
    expect(refused({ host: "localhost:3000", origin: "http://localhost:3000" })).toBe(false);
    // another loopback port is another origin
    expect(refused({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:8080" })).toBe(true);
  });
  it("a listed public name is served in a sign-in mode, and only there", () => {
    const pub = { host: "rolecall.example.com", origin: "https://rolecall.example.com", "sec-fetch-site": "same-origin" };
    expect(refused(pub)).toBe(true);
    process.env.ROLECALL_AUTH = "token";
    process.env.ROLECALL_ALLOWED_HOSTS = "rolecall.example.com";
    expect(refused(pub)).toBe(false);
  });
  it("scripts that send neither header, and a same-origin form's Origin: null, pass; other sites do not", () => {
    expect(refused({ host: "127.0.0.1:3000" })).toBe(false);
    expect(refused({ host: "127.0.0.1:3000", origin: "null", "sec-fetch-site": "same-origin" })).toBe(false);
    expect(refused({ host: "127.0.0.1:3000", origin: "null" })).toBe(true);
    expect(refused({ host: "127.0.0.1:3000", "sec-fetch-site": "cross-site" })).toBe(true);
  });
});

describe("query parameters", () => {
  const route = getRoute(z.strictObject({ q: z.string().optional() }), (q) => ({ q: q.q ?? null }));
  const get = (query: string) => route(new Request(`http://127.0.0.1:3000/api/x${query}`), { params: Promise.resolve({}) });
  it("an unknown parameter is a 400 that says it is the query's", async () => {
    const r = await get("?q=a&bogus=1");
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toBe("query: unknown field(s): bogus");
  });
  it("__proto__ and constructor are unknown parameters like any other", async () => {
    for (const k of ["__proto__", "constructor", "toString"]) {
      const r = await get(`?${k}=x`);
      expect(r.status, k).toBe(400);
      expect((await r.json()).error.message).toContain(k);
    }
  });
  it("a parameter given twice is refused, not silently the last one", async () => {
    const r = await get("?q=a&q=b");
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/q given more than once/);
    expect(await (await get("?q=a")).json()).toEqual({ q: "a" });
  });
});

describe("answers", () => {
  it("every JSON answer, error or not, is private, no-store", () => {
    expect(jsonResponse({ a: 1 }).headers.get("cache-control")).toBe("private, no-store");
    expect(errorResponse(new ApiError(404, "not_found", "x")).headers.get("cache-control")).toBe("private, no-store");
    expect(errorResponse(new Error("boom")).headers.get("cache-control")).toBe("private, no-store");
  });
  it("a user's rate limit counts Alice and alice as one user", () => {
    process.env.ROLECALL_RATE_LIMIT = "2/min";
    checkRateLimit({ user: "Casey@Example.com", mode: "proxy", peer: "127.0.0.1" });
    checkRateLimit({ user: "casey@example.com", mode: "proxy", peer: "127.0.0.1" });
    expect(() => checkRateLimit({ user: "CASEY@EXAMPLE.COM", mode: "proxy", peer: "127.0.0.1" })).toThrow(/Too many requests/);
  });
});
