// identify() in each mode, from the request alone.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { identify, type Identity } from "./identify";
import { SESSION_COOKIE, signSession, verifySession } from "./session";
import { fingerprint, matchToken, parseTokens, sha256 } from "./tokens";

const KEYS = ["ROLECALL_AUTH", "ROLECALL_AUTH_HEADER", "ROLECALL_TRUSTED_PROXIES", "ROLECALL_OIDC_ISSUER", "ROLECALL_OIDC_CLIENT_ID", "ROLECALL_OIDC_CLIENT_SECRET", "ROLECALL_SESSION_SECRET", "ROLECALL_TOKENS"];
afterEach(() => {
  for (const k of KEYS) delete process.env[k];
});

const req = (headers: Record<string, string> = {}) => new Request("http://127.0.0.1:3000/api/roles", { headers });
const userOf = (id: Identity) => ("user" in id ? id.user : `refused ${id.status}: ${id.message}`);

describe("none", () => {
  it("no user, from this machine", async () => {
    expect(await identify(req())).toEqual({ user: null, mode: "none" });
    expect(await identify(req({ "x-rolecall-peer": "127.0.0.1" }))).toEqual({ user: null, mode: "none" });
  });
  it("a request from another machine means the guard was bypassed: refused", async () => {
    const id = await identify(req({ "x-rolecall-peer": "10.0.0.8" }));
    expect(id).toMatchObject({ status: 403, message: expect.stringMatching(/only this machine/) });
  });
});

describe("proxy", () => {
  const proxy = () => Object.assign(process.env, { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "10.0.0.0/24,::1/128" });
  it("takes the user from the header when the peer is a trusted proxy", async () => {
    proxy();
    expect(await identify(req({ "x-rolecall-peer": "10.0.0.7", "x-forwarded-email": "alice@example.com" }))).toEqual({ user: "alice@example.com", mode: "proxy" });
    expect(userOf(await identify(req({ "x-rolecall-peer": "::ffff:10.0.0.7", "x-forwarded-email": "alice@example.com" })))).toBe("alice@example.com");
    expect(userOf(await identify(req({ "x-rolecall-peer": "::1", "x-forwarded-email": "bob" })))).toBe("bob");
  });
  it("a forged header from an untrusted address is refused, whatever X-Forwarded-For says", async () => {
    proxy();
    const id = await identify(req({ "x-rolecall-peer": "192.168.1.20", "x-forwarded-email": "admin@example.com", "x-forwarded-for": "10.0.0.7" }));
    expect(id).toMatchObject({ status: 403, message: expect.stringMatching(/192\.168\.1\.20 is not in ROLECALL_TRUSTED_PROXIES/) });
  });
  it("without the guard's peer header, refused with how to start RoleCall", async () => {
    proxy();
    expect(await identify(req({ "x-forwarded-email": "alice@example.com" }))).toMatchObject({ status: 403, message: expect.stringMatching(/guard/) });
  });
  it("a trusted proxy that names nobody (or a malformed name): 401", async () => {
    proxy();
    expect(await identify(req({ "x-rolecall-peer": "10.0.0.7" }))).toMatchObject({ status: 401 });
    expect(await identify(req({ "x-rolecall-peer": "10.0.0.7", "x-forwarded-email": "a@b.c, evil@x" }))).toMatchObject({ status: 401 });
    expect(await identify(req({ "x-rolecall-peer": "10.0.0.7", "x-forwarded-email": "x".repeat(300) }))).toMatchObject({ status: 401 });
  });
});

describe("token", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-tok-"));
  const file = path.join(dir, "tokens");
  const ci = "ci-token-0123456789abcdef0123456789abcdef";
  const alice = "alice-token-fedcba9876543210fedcba9876543210";
  const hex = (t: string) => createHash("sha256").update(t).digest("hex");
  const token = () => {
    writeFileSync(file, `# RoleCall tokens\nci:${hex(ci)}\nalice:${hex(alice)}\n`);
    Object.assign(process.env, { ROLECALL_AUTH: "token", ROLECALL_TOKENS: file, ROLECALL_SESSION_SECRET: "k".repeat(40) });
  };

  it("the file: hashes only, bad lines by number", () => {
    const { entries, badLines } = parseTokens(`a:${hex("x")}\n\n# c\nnot a line\nb:${hex("y").toUpperCase()}\n`);
    expect(entries.map((e) => e.name)).toEqual(["a", "b"]);
    expect(badLines).toEqual([4]);
    expect(matchToken("y", entries)?.name).toBe("b");
    expect(matchToken("z", entries)).toBeNull();
  });
  it("a valid bearer token names its user", async () => {
    token();
    expect(await identify(req({ authorization: `Bearer ${ci}` }))).toEqual({ user: "ci", mode: "token" });
    expect(userOf(await identify(req({ authorization: `bearer ${alice}` })))).toBe("alice");
  });
  it("an unknown token, a malformed header, or no credentials: 401 that never echoes the token", async () => {
    token();
    const bad = await identify(req({ authorization: "Bearer wrong-token-value" }));
    expect(bad).toMatchObject({ status: 401, message: expect.stringMatching(/unknown or has been revoked/) });
    expect(JSON.stringify(bad)).not.toContain("wrong-token-value");
    expect(await identify(req({ authorization: `Basic ${ci}` }))).toMatchObject({ status: 401, message: expect.stringMatching(/Bearer <token>/) });
    expect(await identify(req())).toMatchObject({ status: 401, message: expect.stringMatching(/Sign in first/) });
  });
  it("a revoked token (its line removed or its hash changed) stops working at once, and so do its sessions", async () => {
    token();
    const entry = matchToken(alice, parseTokens(`alice:${hex(alice)}`).entries)!;
    const cookie = `${SESSION_COOKIE}=${await signSession({ user: "alice", tfp: fingerprint(entry.hash) }, "k".repeat(40))}`;
    expect(userOf(await identify(req({ cookie })))).toBe("alice");
    writeFileSync(file, `ci:${hex(ci)}\nalice:${hex("a-new-token")}\n`);
    expect(await identify(req({ authorization: `Bearer ${alice}` }))).toMatchObject({ status: 401 });
    expect(await identify(req({ cookie }))).toMatchObject({ status: 401, message: expect.stringMatching(/revoked/) });
    expect(userOf(await identify(req({ authorization: `Bearer ${ci}` })))).toBe("ci");
  });
  it("an unreadable tokens file refuses everyone", async () => {
    token();
    process.env.ROLECALL_TOKENS = path.join(dir, "missing");
    expect(await identify(req({ authorization: `Bearer ${ci}` }))).toMatchObject({ status: 401, message: expect.stringMatching(/cannot read/) });
  });
  it("sha256 is the hash `printf %s TOKEN | sha256sum` prints", () => {
    expect(sha256("abc").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("oidc session cookies", () => {
  const secret = "o".repeat(48);
  const oidc = () => Object.assign(process.env, { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "https://login.example.com", ROLECALL_OIDC_CLIENT_ID: "rolecall", ROLECALL_OIDC_CLIENT_SECRET: "x", ROLECALL_SESSION_SECRET: secret });
  const cookie = (jwt: string) => ({ cookie: `other=1; ${SESSION_COOKIE}=${jwt}` });

  it("a valid session names its user", async () => {
    oidc();
    expect(await identify(req(cookie(await signSession({ user: "alice@example.com" }, secret))))).toEqual({ user: "alice@example.com", mode: "oidc" });
  });
  it("expired, tampered, signed with another key, or of another kind: 401", async () => {
    oidc();
    const expired = await signSession({ user: "alice@example.com" }, secret, -60);
    expect(await identify(req(cookie(expired)))).toMatchObject({ status: 401 });
    const good = await signSession({ user: "alice@example.com" }, secret);
    const [h, p, s] = good.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), sub: "admin@example.com" })).toString("base64url");
    expect(await identify(req(cookie(`${h}.${forgedPayload}.${s}`)))).toMatchObject({ status: 401 });
    expect(await identify(req(cookie(await signSession({ user: "alice@example.com" }, "another-secret-of-enough-length-000000"))))).toMatchObject({ status: 401 });
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${p}.`;
    expect(await identify(req(cookie(unsigned)))).toMatchObject({ status: 401 });
    const otherAudience = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("alice").setIssuer("rolecall").setAudience("rolecall-oidc-login").setExpirationTime("1h").sign(new TextEncoder().encode(secret));
    expect(await identify(req(cookie(otherAudience)))).toMatchObject({ status: 401 });
    expect(await identify(req(cookie("garbage")))).toMatchObject({ status: 401 });
    expect(await identify(req())).toMatchObject({ status: 401, message: expect.stringMatching(/\/api\/auth\/login/) });
  });
  it("sessions last eight hours", async () => {
    const jwt = await signSession({ user: "a" }, secret);
    const { exp, iat } = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as { exp: number; iat: number };
    expect(exp - iat).toBe(8 * 3600);
    expect(await verifySession(jwt, secret)).toEqual({ user: "a", jti: expect.stringMatching(/^[0-9a-f-]{36}$/), exp });
  });
});
