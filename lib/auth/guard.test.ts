// server/guard.cjs, in real processes: it refuses unsafe configurations before anything listens,
// and it overwrites the peer header a client might forge.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const guard = path.join(root, "server", "guard.cjs");
const nextCli = path.join(root, "node_modules", "next", "dist", "bin", "next");
const baseEnv = () => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "production" };
  return env;
};
const run = (env: NodeJS.ProcessEnv, args: string[]) => spawnSync(process.execPath, ["--require", guard, ...args], { env, encoding: "utf8", timeout: 20_000 });

describe("the start guard", () => {
  it("refuses ROLECALL_AUTH=none (the default) on a non-loopback address, and says why and how to fix it", () => {
    const r = run({ ...baseEnv(), HOSTNAME: "0.0.0.0" }, ["-e", "console.log('started')"]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain("started");
    expect(r.stderr).toMatch(/RoleCall refuses to start/);
    expect(r.stderr).toMatch(/ROLECALL_AUTH=none .* only allowed on a loopback address, but the server would listen on 0\.0\.0\.0/);
    expect(r.stderr).toMatch(/set ROLECALL_AUTH to proxy, oidc or token/);
    expect(r.stderr).toMatch(/HOSTNAME=127\.0\.0\.1/);
  });

  it("refuses `next start -H 0.0.0.0` (or --hostname=) before Next.js loads", () => {
    const r = run(baseEnv(), [nextCli, "start", "-H", "0.0.0.0", "-p", "1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/would listen on 0\.0\.0\.0/);
    const both = run(baseEnv(), [nextCli, "start", "--hostname=10.1.2.3", "-p", "1"]);
    expect(both.stderr).toMatch(/would listen on 10\.1\.2\.3/);
  });

  it("reads -H/--hostname as Next.js does: the last one wins (issue 15 #10)", () => {
    const last = run(baseEnv(), [nextCli, "start", "-H", "127.0.0.1", "-H", "0.0.0.0", "-p", "1"]);
    expect(last.status).toBe(1);
    expect(last.stderr).toMatch(/would listen on 0\.0\.0\.0/);
    const mixed = run(baseEnv(), [nextCli, "start", "--hostname", "127.0.0.1", "--hostname=10.1.2.3", "-p", "1"]);
    expect(mixed.stderr).toMatch(/would listen on 10\.1\.2\.3/);
    const attached = run(baseEnv(), [nextCli, "start", "-H127.0.0.1", "-H10.9.8.7"]);
    expect(attached.stderr).toMatch(/would listen on 10\.9\.8\.7/);
  });

  it("refuses to start when minting is on and the audit log cannot be written, and says what to fix (issue 15 #9)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-guard-audit-"));
    const minting = { ROLECALL_SIMULATE_BASE_ROLE: "arn:aws:iam::111111111111:role/base", ROLECALL_SIMULATE_ALLOW: "ecs/*" };
    // a directory is never writable as a file, whoever runs the test (root included)
    const r = run({ ...baseEnv(), HOSTNAME: "127.0.0.1", ...minting, ROLECALL_AUDIT_LOG: dir }, ["-e", "console.log('started')"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ROLECALL_AUDIT_LOG .* cannot be written/);
    const missing = run({ ...baseEnv(), HOSTNAME: "127.0.0.1", ...minting, ROLECALL_AUDIT_LOG: path.join(dir, "no", "such", "dir", "audit.log") }, ["-e", "console.log('started')"]);
    expect(missing.status).toBe(1);
    const ok = run({ ...baseEnv(), HOSTNAME: "127.0.0.1", ...minting, ROLECALL_AUDIT_LOG: path.join(dir, "audit.log") }, ["-e", "console.log('started')"]);
    expect(ok.stdout).toMatch(/started/);
    // minting off: the audit log is not needed
    expect(run({ ...baseEnv(), HOSTNAME: "127.0.0.1", ROLECALL_AUDIT_LOG: dir }, ["-e", "console.log('started')"]).stdout).toMatch(/started/);
  });

  it("starts on loopback with none, and anywhere with a sign-in mode", () => {
    expect(run({ ...baseEnv(), HOSTNAME: "127.0.0.1" }, ["-e", "console.log('started')"]).stdout).toMatch(/sign-in mode none\nstarted/);
    expect(run(baseEnv(), ["-e", "console.log(process.env.HOSTNAME)"]).stdout).toMatch(/127\.0\.0\.1/); // the documented default
    const proxy = run({ ...baseEnv(), HOSTNAME: "0.0.0.0", ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email", ROLECALL_TRUSTED_PROXIES: "127.0.0.1/32", ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, ["-e", "console.log('started')"]);
    expect(proxy.status).toBe(0);
    expect(proxy.stdout).toMatch(/started/);
  });

  it("refuses incomplete proxy, oidc and token configurations", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-guard-"));
    const cases: [Record<string, string>, RegExp][] = [
      [{ ROLECALL_AUTH: "proxy", ROLECALL_TRUSTED_PROXIES: "127.0.0.1" }, /needs ROLECALL_AUTH_HEADER/],
      [{ ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email" }, /needs ROLECALL_TRUSTED_PROXIES/],
      [{ ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "https://login.example.com" }, /needs ROLECALL_OIDC_CLIENT_ID, ROLECALL_OIDC_CLIENT_SECRET, ROLECALL_SESSION_SECRET/],
      [{ ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: "https://l.example.com", ROLECALL_OIDC_CLIENT_ID: "a", ROLECALL_OIDC_CLIENT_SECRET: "b", ROLECALL_SESSION_SECRET: "too-short" }, /at least 32 characters/],
      [{ ROLECALL_AUTH: "token" }, /needs ROLECALL_TOKENS/],
      [{ ROLECALL_AUTH: "token", ROLECALL_TOKENS: path.join(dir, "missing") }, /cannot be read/],
      [{ ROLECALL_AUTH: "kerberos" }, /must be one of none, proxy, oidc, token/],
    ];
    for (const [env, message] of cases) {
      const r = run({ ...baseEnv(), HOSTNAME: "127.0.0.1", ...env }, ["-e", "console.log('started')"]);
      expect(r.status, JSON.stringify(env)).toBe(1);
      expect(r.stderr).toMatch(message);
      // a secret given in the environment is never printed back
      if (env.ROLECALL_SESSION_SECRET) expect(r.stderr).not.toContain(env.ROLECALL_SESSION_SECRET);
    }
    const tokens = path.join(dir, "tokens");
    writeFileSync(tokens, `ci:${"ab".repeat(32)}\n`);
    expect(run({ ...baseEnv(), HOSTNAME: "0.0.0.0", ROLECALL_AUTH: "token", ROLECALL_TOKENS: tokens, ROLECALL_ALLOWED_HOSTS: "rolecall.example.com" }, ["-e", "console.log(process.env.ROLECALL_SESSION_SECRET.length >= 32)"]).stdout).toMatch(/true/);
  });

  it("overwrites a client-sent x-rolecall-peer with the socket's address, and refuses a declared body over 1 MB", async () => {
    const script = `
      const http = require("node:http");
      const s = http.createServer((q, r) => r.end(JSON.stringify({ peer: q.headers["x-rolecall-peer"], raw: q.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "x-rolecall-peer").length })));
      s.listen(0, "127.0.0.1", () => console.log("PORT=" + s.address().port));`;
    const child = spawn(process.execPath, ["--require", guard, "-e", script], { env: { ...baseEnv(), HOSTNAME: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /PORT=(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on("exit", (c) => reject(new Error(`exited ${c}`)));
      });
      const get = (headers: http.OutgoingHttpHeaders, method = "GET", urlPath = "/") =>
        new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
          const r = http.request({ host: "127.0.0.1", port, path: urlPath, method, headers }, (res) => {
            let body = "";
            res.on("data", (d: Buffer) => (body += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
          });
          r.on("error", reject);
          r.end();
        });
      const forged = await get({ "x-rolecall-peer": "10.0.0.7", "X-Rolecall-Peer": "10.0.0.8" });
      expect(JSON.parse(forged.body)).toEqual({ peer: "127.0.0.1", raw: 1 });
      const huge = await get({ "content-type": "application/json", "content-length": "5000000" }, "POST");
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.body).error.message).toMatch(/larger than 1000000 bytes/);
      // the guard's own answers carry the security headers too (issue 15 #12)
      const secured = (r: { headers: http.IncomingHttpHeaders }) => {
        expect(r.headers["x-content-type-options"]).toBe("nosniff");
        expect(r.headers["x-frame-options"]).toBe("DENY");
        expect(r.headers["referrer-policy"]).toBe("no-referrer");
        expect(r.headers["content-security-policy"]).toMatch(/default-src 'none'/);
        expect(r.headers["cache-control"]).toBe("private, no-store");
      };
      secured(huge);
      // a foreign Host is refused before the app sees it (issue 15 #2)
      const rebound = await get({ host: "rebind.attacker.example:" + port }, "GET", "/api/roles");
      expect(rebound.status).toBe(421);
      expect(JSON.parse(rebound.body).error.code).toBe("misdirected_request");
      secured(rebound);
      expect((await get({ host: "127.0.0.1:" + port, "x-forwarded-host": "rebind.attacker.example" }, "GET", "/api/roles")).status).toBe(421);
      // a path that does not percent-decode is a 400 here, not Next.js's bare 500 (issue 15 #6)
      for (const bad of ["/api/roles/%zz", "/api/roles/%E0%A4%A", "/api/roles/%ED%A0%80", "/api/roles/%C0%AE", "/roles/%zz"]) {
        const r = await get({}, "GET", bad);
        expect(r.status, bad).toBe(400);
        secured(r);
        expect(JSON.parse(r.body).error.message, bad).toMatch(/percent-encoding/);
      }
      // ?__proto__= is refused on every route (issue 15 #4)
      const proto = await get({}, "GET", "/api/roles?q=a&__proto__=x");
      expect(proto.status).toBe(400);
      expect(JSON.parse(proto.body).error.message).toMatch(/__proto__/);
      // a URL past Node.js's 16 KB header limit is refused by its parser: with the headers too
      const long = await get({}, "GET", `/api/roles?q=${"x".repeat(20_000)}`);
      expect(long.status).toBe(431);
      secured(long);
      // what the app answers gets the headers it did not set itself
      const ok = await get({});
      expect(ok.status).toBe(200);
      expect(ok.headers["x-content-type-options"]).toBe("nosniff");
    } finally {
      child.kill();
    }
  });
});
