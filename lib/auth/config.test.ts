import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_CACHE_CONTROL, API_CSP, STATIC_SECURITY_HEADERS } from "./security-headers";
import { AuthConfigError, hostAllowed, isLoopbackHost, mayMint, normalizeAddress, parseAuthConfig } from "./config";

type Env = Record<string, string | undefined>;
const guardEnv = createRequire(import.meta.url)("../../server/auth-env.cjs") as { authProblems: (env: Env, host: string) => string[]; hostAllowed: (env: Env, host: string | undefined) => boolean; SECURITY_HEADERS: Record<string, string>; API_CACHE_CONTROL: string };

const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-cfg-"));
const tokens = path.join(dir, "tokens");
writeFileSync(tokens, `ci:${"a".repeat(64)}\n`);
const secret = "s".repeat(32);

// [case, env, valid?] — the guard (at start) and the server's parse must agree on each.
const CASES: [string, Env, boolean][] = [
  ["default is none", {}, true],
  ["explicit none", { ROLECALL_AUTH: "none" }, true],
  ["unknown mode", { ROLECALL_AUTH: "ldap" }, false],
  ["proxy complete", { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "127.0.0.1/32, 10.0.0.0/8,::1" }, true],
  ["proxy without header", { ROLECALL_AUTH: "proxy", ROLECALL_TRUSTED_PROXIES: "127.0.0.1/32" }, false],
  ["proxy without proxies", { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email" }, false],
  ["proxy with a bad CIDR", { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "10.0.0.0/33" }, false],
  ["proxy with a hostname", { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "proxy.internal" }, false],
  ["proxy naming the Authorization header", { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "Authorization", ROLECALL_TRUSTED_PROXIES: "127.0.0.1" }, false],
  ["proxy naming RoleCall's own header", { ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "x-rolecall-user", ROLECALL_TRUSTED_PROXIES: "127.0.0.1" }, false],
  ["oidc complete", { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "https://login.example.com/", ROLECALL_OIDC_CLIENT_ID: "rc", ROLECALL_OIDC_CLIENT_SECRET: "x", ROLECALL_SESSION_SECRET: secret }, true],
  ["oidc on a loopback http issuer", { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "http://127.0.0.1:9000", ROLECALL_OIDC_CLIENT_ID: "rc", ROLECALL_OIDC_CLIENT_SECRET: "x", ROLECALL_SESSION_SECRET: secret }, true],
  ["oidc on a remote http issuer", { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "http://login.example.com", ROLECALL_OIDC_CLIENT_ID: "rc", ROLECALL_OIDC_CLIENT_SECRET: "x", ROLECALL_SESSION_SECRET: secret }, false],
  ["oidc without a client secret", { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "https://login.example.com", ROLECALL_OIDC_CLIENT_ID: "rc", ROLECALL_SESSION_SECRET: secret }, false],
  ["oidc with a short session secret", { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "https://login.example.com", ROLECALL_OIDC_CLIENT_ID: "rc", ROLECALL_OIDC_CLIENT_SECRET: "x", ROLECALL_SESSION_SECRET: "short" }, false],
  ["oidc with an issuer that is no URL", { ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "login", ROLECALL_OIDC_CLIENT_ID: "rc", ROLECALL_OIDC_CLIENT_SECRET: "x", ROLECALL_SESSION_SECRET: secret }, false],
  ["token with a file", { ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokens }, true],
  ["token without a file", { ROLECALL_AUTH: "token" }, false],
  ["token with a short secret", { ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokens, ROLECALL_SESSION_SECRET: "short" }, false],
];

describe("the sign-in configuration", () => {
  it.each(CASES)("%s: the guard and the server agree", (_name, env, valid) => {
    // token files are checked for readability by the guard only (the server reads them per request)
    expect(guardEnv.authProblems(env, "127.0.0.1").length === 0).toBe(valid);
    if (valid) expect(() => parseAuthConfig(env)).not.toThrow();
    else if (!(env.ROLECALL_AUTH === "token" && env.ROLECALL_TOKENS && !env.ROLECALL_SESSION_SECRET)) expect(() => parseAuthConfig(env)).toThrow(AuthConfigError);
  });

  it("errors say which variable and what to do", () => {
    expect(() => parseAuthConfig({ ROLECALL_AUTH: "proxy", ROLECALL_TRUSTED_PROXIES: "127.0.0.1" })).toThrow(/ROLECALL_AUTH_HEADER is required/);
    expect(() => parseAuthConfig({ ROLECALL_AUTH: "ldap" })).toThrow(/ROLECALL_AUTH must be none, proxy, oidc or token \(got "ldap"\)/);
    expect(() => parseAuthConfig({ ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/not an address or CIDR: 10\.0\.0\.0\/33/);
    expect(guardEnv.authProblems({ ROLECALL_AUTH: "token", ROLECALL_TOKENS: path.join(dir, "nope") }, "127.0.0.1")[0]).toMatch(/cannot be read/);
  });

  it("none is allowed on loopback only (the guard)", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) expect(guardEnv.authProblems({}, host)).toEqual([]);
    for (const host of ["0.0.0.0", "::", "10.0.0.5", "rolecall.internal"]) {
      const [p] = guardEnv.authProblems({}, host);
      expect(p).toMatch(/only allowed on a loopback address/);
      expect(p).toMatch(/ROLECALL_AUTH to proxy, oidc or token/);
      expect(p).toMatch(/127\.0\.0\.1/);
    }
    expect(guardEnv.authProblems({ ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokens, ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, "0.0.0.0")).toEqual([]);
  });

  it("a tokens file with a bad line is refused by line number, never echoing it", () => {
    const bad = path.join(dir, "bad");
    writeFileSync(bad, `# comment\nci:${"a".repeat(64)}\nsecret-token-in-clear\n`);
    const [p] = guardEnv.authProblems({ ROLECALL_AUTH: "token", ROLECALL_TOKENS: bad }, "127.0.0.1");
    expect(p).toMatch(/line\(s\) 3 /);
    expect(p).not.toContain("secret-token-in-clear");
  });

  it("proxy CIDRs match IPv4, IPv6 and IPv4-mapped peers", () => {
    const cfg = parseAuthConfig({ ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "10.1.0.0/16,::1" });
    if (cfg.mode !== "proxy") throw new Error("proxy expected");
    expect(cfg.header).toBe("x-forwarded-email");
    expect(cfg.trusted.check("10.1.200.3", "ipv4")).toBe(true);
    expect(cfg.trusted.check("10.2.0.1", "ipv4")).toBe(false);
    expect(cfg.trusted.check("::1", "ipv6")).toBe(true);
    expect(normalizeAddress("::ffff:10.1.0.9")).toBe("10.1.0.9");
    expect(isLoopbackHost("::ffff:127.0.0.1")).toBe(true);
  });
});

describe("who may mint (ROLECALL_SIMULATE_USERS)", () => {
  it("nobody by default", () => {
    expect(mayMint("alice@example.com", [])).toBe(false);
    expect(mayMint(null, [])).toBe(false);
  });
  it("a * stays within one /-separated segment; ** crosses (issue 15 #3)", () => {
    // an OIDC user without a verified e-mail is "<issuer>#<sub>": no single-segment glob reaches it
    expect(mayMint("https://login.example.com/#alice@example.com", ["*@example.com"])).toBe(false);
    expect(mayMint("https://login.example.com/#alice@example.com", ["**@example.com"])).toBe(true);
    expect(mayMint("team/alice", ["team/*"])).toBe(true);
    expect(mayMint("team/sub/alice", ["team/*"])).toBe(false);
  });
  it("ASCII letters match in either case; no Unicode case folding (issue 15 #5)", () => {
    // U+212A KELVIN SIGN lower-cases to "k" in JavaScript: it must not become kate
    expect(mayMint("\u212Aate@example.com", ["kate@example.com"])).toBe(false);
    expect(mayMint("kate@example.com", ["\u212Aate@example.com"])).toBe(false);
    expect(mayMint("KATE@EXAMPLE.COM", ["kate@example.com"])).toBe(true);
    // no Unicode normalisation either: é precomposed is not e + combining accent
    expect(mayMint("ren\u00e9@example.com", ["rene\u0301@example.com"])).toBe(false);
  });
  it("globs, case-insensitive", () => {
    expect(mayMint("Alice@Example.com", ["*@example.com"])).toBe(true);
    expect(mayMint("mallory@evil.example", ["*@example.com"])).toBe(false);
    expect(mayMint("bob", ["alice", "b?b"])).toBe(true);
    expect(mayMint("alice.example.com", ["alice@example.com"])).toBe(false); // a dot is not a wildcard
  });
  it("without sign-in, only an explicit local or *", () => {
    expect(mayMint(null, ["alice"])).toBe(false);
    expect(mayMint(null, ["local"])).toBe(true);
    expect(mayMint(null, ["*"])).toBe(true);
  });
});

// [Host header, env, allowed?] — the guard (server/guard.cjs) and the server (proxy.ts, checkOrigin) agree.
const HOSTS: [string | undefined, Env, boolean][] = [
  ["127.0.0.1:3000", {}, true],
  ["localhost:3000", {}, true],
  ["LOCALHOST", {}, true],
  ["[::1]:3000", {}, true],
  ["rebind.attacker.example:3000", {}, false],
  [undefined, {}, false],
  ["", {}, false],
  ["rolecall.example.com", {}, false],
  ["rolecall.example.com", { ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, false], // none: loopback only, whatever the list says
  ["rolecall.example.com", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, true],
  ["RoleCall.Example.COM.:443", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, true],
  ["rolecall.example.com:8443", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com:443" }, false],
  ["rolecall.example.com:443", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com:443" }, true],
  ["evil.rolecall.example.com", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, false],
  ["rolecall.example.com.evil.example", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, false],
  ["127.0.0.1:3000", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, true], // loopback stays reachable (health checks on the box)
  ["a b", { ROLECALL_AUTH: "token", ROLECALL_ALLOWED_HOSTS: "a b" }, false],
];

describe("the hosts RoleCall answers for (ROLECALL_ALLOWED_HOSTS, DNS-rebinding defence)", () => {
  it.each(HOSTS)("Host %s with %j: the guard and the server agree", (host, env, allowed) => {
    expect(guardEnv.hostAllowed(env, host)).toBe(allowed);
    expect(hostAllowed(host ?? null, env)).toBe(allowed);
  });
  it("off loopback, a sign-in mode without ROLECALL_ALLOWED_HOSTS is refused with a message that says to set it", () => {
    const env = { ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokens };
    expect(guardEnv.authProblems(env, "0.0.0.0").join("\n")).toMatch(/set ROLECALL_ALLOWED_HOSTS/);
    expect(guardEnv.authProblems({ ...env, ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, "0.0.0.0")).toEqual([]);
    expect(guardEnv.authProblems(env, "127.0.0.1")).toEqual([]);
  });
  it("with ROLECALL_AUTH=none, a non-loopback name in ROLECALL_ALLOWED_HOSTS is refused at start", () => {
    expect(guardEnv.authProblems({ ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, "127.0.0.1").join("\n")).toMatch(/ROLECALL_ALLOWED_HOSTS.*rolecall\.example\.com.*loopback/);
    expect(guardEnv.authProblems({ ROLECALL_ALLOWED_HOSTS: "localhost:3000" }, "127.0.0.1")).toEqual([]);
  });
});

it("the guard's own answers carry the same security headers as the app's", () => {
  expect(guardEnv.SECURITY_HEADERS).toEqual({ ...STATIC_SECURITY_HEADERS, "Content-Security-Policy": API_CSP });
  expect(guardEnv.API_CACHE_CONTROL).toBe(API_CACHE_CONTROL);
});
