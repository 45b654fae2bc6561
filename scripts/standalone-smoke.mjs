#!/usr/bin/env node
// The production artefact, tested as it will run: the standalone server (<distDir>/standalone,
// completed by scripts/standalone.mjs) started with the documented command,
//   node --require ./server/guard.cjs server.js
// on free loopback ports (no container engine runs here, so this is what the Dockerfile's CMD
// runs, minus the container). Checks the health check, the security headers, that the files read
// at run time were traced, the guard's refusals, proxy mode with a forged peer header, and the
// oidc mode against a real OpenID Connect provider over HTTP.
// Prints `standalone: N passed, N failed` and writes reports/standalone.json for npm test's summary.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import { gzipSync } from "node:zlib";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startOidcProvider } from "./oidc-test-provider.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const standalone = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "standalone");
const results = [];
const children = new Set();

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.message ?? e) });
    console.log(`  ✗ ${name}\n      ${String(e?.message ?? e).split("\n").join("\n      ")}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const baseEnv = () => ({
  PATH: process.env.PATH,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  ROLECALL_SOURCE: "demo",
  ROLECALL_AUDIT_LOG: path.join(os.tmpdir(), "rolecall-smoke-audit.log"),
});

/** Start the standalone server with the documented command; resolves when /api/health answers. */
async function startServer(env, { expectExit = false } = {}) {
  const child = spawn(process.execPath, ["--require", "./server/guard.cjs", "server.js"], { cwd: standalone, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  if (expectExit) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15_000))]);
    children.delete(child);
    if (code === "timeout") child.kill();
    return { code, out };
  }
  const url = `http://127.0.0.1:${env.PORT}`;
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) return { child, url, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`no answer from ${url}/api/health within 30 s:\n${out}`);
}

function stop(server) {
  if (!server?.child) return Promise.resolve();
  children.delete(server.child);
  if (server.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // Idle keep-alive connections can hold a graceful shutdown open: SIGKILL after two seconds.
    const force = setTimeout(() => server.child.kill("SIGKILL"), 2000);
    server.child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    server.child.kill("SIGTERM");
  });
}

/** A request sent as written (a Host of our choosing, a path that does not percent-decode). */
function raw(base, { method = "GET", path: p = "/", headers = {}, body } = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path: p, headers }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The headers every answer carries, whoever wrote it (the app, Next.js, the guard). */
function assertSecured(r, what) {
  for (const [h, v] of [["x-content-type-options", "nosniff"], ["x-frame-options", "DENY"], ["referrer-policy", "no-referrer"]]) assert(r.headers[h] === v, `${what}: ${h}: ${r.headers[h]}`);
  assert(r.headers["content-security-policy"], `${what}: no CSP`);
}

class Jar {
  cookies = new Map();
  take(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const v = pair.slice(i + 1);
      if (v) this.cookies.set(pair.slice(0, i), v);
      else this.cookies.delete(pair.slice(0, i));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function main() {
  if (!existsSync(path.join(standalone, "server.js")) || !existsSync(path.join(standalone, "server", "guard.cjs"))) {
    console.error(`${standalone} is not a complete standalone build: run \`next build\` and \`node scripts/standalone.mjs\` first.`);
    results.push({ name: "standalone build present", ok: false });
    return;
  }
  console.log(`standalone server: ${path.relative(root, standalone)}`);

  await check("ROLECALL_AUTH=none on 0.0.0.0 refuses to start and says why", async () => {
    const r = await startServer({ ...baseEnv(), HOSTNAME: "0.0.0.0", PORT: String(await freePort()) }, { expectExit: true });
    assert(r.code === 1, `exit code ${r.code}, output:\n${r.out}`);
    assert(/RoleCall refuses to start/.test(r.out) && /only allowed on a loopback address/.test(r.out), r.out);
  });

  const port = await freePort();
  const server = await startServer({ ...baseEnv(), PORT: String(port) });
  try {
    const url = server.url;
    await check("GET /api/health answers 200 with the demo source", async () => {
      const r = await fetch(`${url}/api/health`);
      const j = await r.json();
      assert(r.status === 200 && j.ok === true && j.source === "demo" && j.accounts.length === 3, JSON.stringify(j));
      assert(r.headers.get("x-content-type-options") === "nosniff", "no nosniff on the health check");
    });
    let html = "";
    await check("a page carries the strict CSP with a per-request nonce, and the other security headers", async () => {
      const r = await fetch(`${url}/evaluate`);
      html = await r.text();
      const csp = r.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      assert(r.status === 200, `status ${r.status}`);
      assert(nonce && /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/.test(csp) && /frame-ancestors 'none'/.test(csp) && /object-src 'none'/.test(csp), csp);
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert(scripts.length > 0 && scripts.every((s) => s.includes(`nonce="${nonce}"`)), `a script without the nonce: ${scripts.find((s) => !s.includes(nonce))}`);
      for (const [h, v] of [["referrer-policy", "no-referrer"], ["x-content-type-options", "nosniff"], ["x-frame-options", "DENY"]]) assert(r.headers.get(h) === v, `${h}: ${r.headers.get(h)}`);
      assert(r.headers.get("permissions-policy"), "no Permissions-Policy");
      const again = await fetch(`${url}/evaluate`);
      assert(again.headers.get("content-security-policy") !== csp, "the nonce did not change between requests");
    });
    await check("the static files were copied beside the server", async () => {
      const src = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
      assert(src, "no script in the page");
      const r = await fetch(`${url}${src}`);
      assert(r.status === 200, `${src}: ${r.status}`);
      assert(r.headers.get("x-content-type-options") === "nosniff", "static files lack nosniff");
    });
    await check("files read at run time were traced: an AWS managed policy resolves from the bundled copy", async () => {
      const r = await fetch(`${url}/api/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/partner-audit")}`);
      const j = await r.json();
      const p = j.managedPolicies?.find((m) => m.arn === "arn:aws:iam::aws:policy/SecurityAudit");
      assert(r.status === 200 && p?.document?.Statement, JSON.stringify(j).slice(0, 400));
    });
    await check("the demo's 34 trail files are read by worker threads in the built server: 38 sessions, no stopped worker", async () => {
      let token = null;
      let total = 0;
      do {
        const r = await fetch(`${url}/api/sessions${token ? `?nextToken=${encodeURIComponent(token)}` : ""}`);
        const j = await r.json();
        assert(r.status === 200 && Array.isArray(j.sessions), JSON.stringify(j).slice(0, 400));
        total += j.sessions.length;
        token = j.nextToken;
      } while (token);
      assert(total === 38, `${total} sessions`);
      // the workers run from their program's source text, which the production bundle must keep self-contained
      assert(!/reading worker stopped/.test(server.output()), server.output());
    });
    await check("a cross-site POST is refused by the running server", async () => {
      const r = await fetch(`${url}/api/evaluate`, { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: "{}" });
      assert(r.status === 403 && (await r.json()).error.code === "cross_site", `status ${r.status}`);
    });
    await check("a foreign Host (DNS rebinding) gets 421 and no data, minting and POSTs included; the health check says only that the server is up", async () => {
      const rebound = "rebind.attacker.example:" + port;
      for (const [method, p, body] of [["GET", "/api/roles"], ["GET", "/roles"], ["POST", "/api/simulate-role", '{"role":"orders-api-task","mint":true}']]) {
        const r = await raw(url, { method, path: p, headers: { host: rebound, origin: `http://${rebound}`, "sec-fetch-site": "same-origin", "content-type": "application/json" }, body });
        assert(r.status === 421 && JSON.parse(r.text).error.code === "misdirected_request" && !r.text.includes("arn:aws"), `${method} ${p}: ${r.status} ${r.text.slice(0, 200)}`);
        assertSecured(r, `${method} ${p}`);
      }
      const health = await raw(url, { path: "/api/health", headers: { host: "10.0.0.7:3000" } });
      assert(health.status === 200 && health.text === '{"ok":true}', `health: ${health.status} ${health.text}`);
      const forwarded = await raw(url, { path: "/api/roles", headers: { "x-forwarded-host": "rebind.attacker.example" } });
      assert(forwarded.status === 421, `X-Forwarded-Host: ${forwarded.status}`);
    });
    await check("malformed percent-encoding in a path, and ?__proto__=, are 400s with the security headers, not bare 500s", async () => {
      for (const p of ["/api/roles/%zz", "/api/roles/%E0%A4%A", "/api/roles/%ED%A0%80", "/api/roles/%C0%AE", "/roles/%zz", "/principals/%zz", "/api/roles?__proto__=x", "/api/sessions?__proto__[x]=1&__proto__=y"]) {
        const r = await raw(url, { path: p });
        assert(r.status === 400 && JSON.parse(r.text).error.code === "invalid_request", `${p}: ${r.status} ${r.text.slice(0, 200)}`);
        assertSecured(r, p);
      }
    });
    await check("JSON answers with IAM data are Cache-Control: private, no-store; the guard's own 413 carries the security headers", async () => {
      for (const p of ["/api/roles", "/api/health", "/api/identity", `/api/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/partner-audit")}`, "/api/roles/nope"]) {
        const r = await raw(url, { path: p });
        assert(r.headers["cache-control"] === "private, no-store", `${p}: ${r.headers["cache-control"]}`);
      }
      const huge = await raw(url, { method: "POST", path: "/api/evaluate", headers: { "content-type": "application/json", "content-length": "5000000" } }).catch(() => null);
      assert(huge && huge.status === 413, `413: ${huge?.status}`);
      assertSecured(huge, "the guard's 413");
    });
    await check("a body over 1 MB is refused with 413, declared or chunked", async () => {
      const big = "[".repeat(1_500_000);
      const declared = await fetch(`${url}/api/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: big });
      assert(declared.status === 413, `declared: ${declared.status}`);
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      });
      const chunked = await fetch(`${url}/api/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" });
      assert(chunked.status === 413, `chunked: ${chunked.status}`);
    });
  } finally {
    await stop(server);
  }

  await check("proxy mode: a forged user (and forged peer header) from an untrusted address is refused; the trusted proxy's user is accepted", async () => {
    const env = { ...baseEnv(), ROLECALL_AUTH: "proxy", ROLECALL_AUTH_HEADER: "X-Forwarded-Email" };
    const untrusted = await startServer({ ...env, ROLECALL_TRUSTED_PROXIES: "10.9.9.9/32", PORT: String(await freePort()) });
    try {
      const r = await fetch(`${untrusted.url}/api/auth/me`, { headers: { "x-forwarded-email": "admin@example.com", "x-rolecall-peer": "10.9.9.9", "x-forwarded-for": "10.9.9.9" } });
      const body = await r.json();
      assert(r.status === 403 && /127\.0\.0\.1 is not in ROLECALL_TRUSTED_PROXIES/.test(body.error.message), JSON.stringify(body));
      const page = await fetch(`${untrusted.url}/roles`, { headers: { "x-forwarded-email": "admin@example.com" } });
      assert(page.status === 403, `page: ${page.status}`);
    } finally {
      await stop(untrusted);
    }
    const trusted = await startServer({ ...env, ROLECALL_TRUSTED_PROXIES: "127.0.0.1/32", PORT: String(await freePort()) });
    try {
      const r = await fetch(`${trusted.url}/api/auth/me`, { headers: { "x-forwarded-email": "alice@example.com" } });
      const body = await r.json();
      assert(r.status === 200 && body.user === "alice@example.com", JSON.stringify(body));
      const none = await fetch(`${trusted.url}/api/roles`);
      assert(none.status === 401, `no user header: ${none.status}`);
    } finally {
      await stop(trusted);
    }
  });

  await check("token mode on 0.0.0.0 starts; Bearer tokens and the health check work", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-smoke-"));
    const token = "smoke-0123456789abcdef0123456789abcdef";
    writeFileSync(path.join(dir, "tokens"), `ci:${createHash("sha256").update(token).digest("hex")}\n`);
    const p = await freePort();
    const refused = await startServer({ ...baseEnv(), HOSTNAME: "0.0.0.0", ROLECALL_AUTH: "token", ROLECALL_TOKENS: path.join(dir, "tokens"), PORT: String(p) }, { expectExit: true });
    assert(refused.code === 1 && /set ROLECALL_ALLOWED_HOSTS/.test(refused.out), `without ROLECALL_ALLOWED_HOSTS: ${refused.code} ${refused.out}`);
    const s = await startServer({ ...baseEnv(), HOSTNAME: "0.0.0.0", ROLECALL_AUTH: "token", ROLECALL_TOKENS: path.join(dir, "tokens"), ROLECALL_ALLOWED_HOSTS: "rolecall.example.com", ROLECALL_REVOKED_SESSIONS: path.join(dir, "revoked.jsonl"), PORT: String(p) });
    try {
      const ok = await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      assert(ok.status === 200 && (await ok.json()).user === "ci", `bearer: ${ok.status}`);
      const no = await fetch(`${s.url}/api/roles`);
      assert(no.status === 401 && no.headers.get("www-authenticate"), `no token: ${no.status}`);
      const page = await fetch(`${s.url}/roles`, { redirect: "manual" });
      assert(page.status === 307 && new URL(page.headers.get("location"), s.url).href === `${s.url}/signin?next=%2Froles`, `page: ${page.status} ${page.headers.get("location")}`);
      // the listed name is served; another is not
      const named = await raw(s.url, { path: "/api/auth/me", headers: { host: "rolecall.example.com", authorization: `Bearer ${token}` } });
      assert(named.status === 200, `Host rolecall.example.com: ${named.status}`);
      const other = await raw(s.url, { path: "/api/auth/me", headers: { host: "other.example.com", authorization: `Bearer ${token}` } });
      assert(other.status === 421, `Host other.example.com: ${other.status}`);
      // signing out ends the session on the server: the old cookie no longer works
      const signIn = await fetch(`${s.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
      const cookie = signIn.headers.getSetCookie()[0].split(";")[0];
      assert((await fetch(`${s.url}/api/auth/me`, { headers: { cookie } })).status === 200, "the session does not work");
      const out = await fetch(`${s.url}/api/auth/logout`, { method: "POST", headers: { cookie }, redirect: "manual" });
      assert(out.status === 303, `logout: ${out.status}`);
      const after = await fetch(`${s.url}/api/auth/me`, { headers: { cookie } });
      assert(after.status === 401, `the signed-out cookie still works: ${after.status}`);
      const signedOutPage = await fetch(`${s.url}/roles`, { headers: { cookie }, redirect: "manual" });
      assert(signedOutPage.status === 307, `a page with the signed-out cookie: ${signedOutPage.status}`);
      // failed sign-ins are limited per address: after 10, even the right token is not checked
      const codes = [];
      for (let i = 0; i < 11; i++) codes.push((await fetch(`${s.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: `guess-${i}` }) })).status);
      assert(codes.slice(0, 10).every((c) => c === 401) && codes[10] === 429, `failed sign-ins: ${codes.join(",")}`);
      const limited = await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      assert(limited.status === 429 && Number(limited.headers.get("retry-after")) > 0, `bearer while limited: ${limited.status}`);
      assert(!s.output().includes(token), "the token appears in the server's output");
    } finally {
      await stop(s);
    }
  });

  await check("a snapshot with a gzip bomb, a 100,000-level policy, a symbolic link and unreadable files: each a problem that says where, never what it holds; the rest loads and the role page works", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rolecall-smoke-snapshot-"));
    const deepRole = "arn:aws:iam::111111111111:role/deep";
    const iam = { UserDetailList: [], GroupDetailList: [], Policies: [], RoleDetailList: [{ Path: "/", RoleName: "deep", RoleId: "AROADEEP", Arn: deepRole, AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "DEEP" }, Action: "sts:AssumeRole" }] } }, { Path: "/", RoleName: "ok", RoleId: "AROAOK", Arn: "arn:aws:iam::111111111111:role/ok", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] } }] };
    writeFileSync(path.join(dir, "iam.json"), JSON.stringify(iam).replace('"DEEP"', `${"[".repeat(100_000)}"x"${"]".repeat(100_000)}`));
    writeFileSync(path.join(dir, "passwd.json"), "root:x:0:0:root:/root:/bin/bash\n");
    writeFileSync(path.join(dir, "credentials.json.gz"), gzipSync("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"));
    writeFileSync(path.join(dir, "zeros.json.gz"), gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    symlinkSync("/etc/passwd", path.join(dir, "linked.json"));
    const s = await startServer({ ...baseEnv(), ROLECALL_SOURCE: "snapshot", ROLECALL_SNAPSHOT_DIR: dir, PORT: String(await freePort()) });
    try {
      const h = await (await fetch(`${s.url}/api/health`)).json();
      const byFile = Object.fromEntries(h.problems.map((p) => [p.file, p.message]));
      assert(/nested more than 64 levels deep/.test(byFile["iam.json"] ?? ""), JSON.stringify(h.problems));
      assert(/line 1, column 1/.test(byFile["passwd.json"] ?? "") && /line 1, column 2/.test(byFile["credentials.json.gz"] ?? ""), JSON.stringify(h.problems));
      assert(/symbolic link/.test(byFile["linked.json"] ?? "") && byFile["zeros.json.gz"], JSON.stringify(h.problems));
      for (const secret of ["root:x", "/bin/bash", "aws_access", "AKIAIOSFODNN7EXAMPLE"]) assert(!JSON.stringify(h).includes(secret), `the health answer quotes ${secret}`);
      const role = await fetch(`${s.url}/api/roles/${encodeURIComponent(deepRole)}`);
      const body = await role.json();
      assert(role.status === 200 && body.arn === deepRole && body.unknowns.length > 0, `${role.status} ${JSON.stringify(body).slice(0, 300)}`);
      const page = await fetch(`${s.url}/roles/${encodeURIComponent(deepRole)}`);
      assert(page.status === 200, `role page: ${page.status}`);
    } finally {
      await stop(s);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The Dockerfile runs the server as a non-root user on a read-only root filesystem, writing only
  // to its audit-log volume. Reproduced here without a container: a read-only copy, run as nobody.
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
  if (process.getuid?.() === 0 && setpriv) {
    await check("runs as a non-root user from a read-only copy, writing nothing but its audit-log volume", async () => {
      const tmp = mkdtempSync(path.join(os.tmpdir(), "rolecall-ro-"));
      const app = path.join(tmp, "app");
      const volume = path.join(tmp, "volume");
      cpSync(standalone, app, { recursive: true, verbatimSymlinks: true });
      mkdirSync(volume);
      chownSync(volume, 65534, 65534);
      execFileSync("chmod", ["-R", "a-w,a+rX", app]);
      chmodSync(tmp, 0o755);
      const p = await freePort();
      const env = { ...baseEnv(), PORT: String(p), HOME: "/nonexistent", ROLECALL_AUDIT_LOG: path.join(volume, "audit.log") };
      const child = spawn(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "--require", "./server/guard.cjs", "server.js"], { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
      children.add(child);
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const s = { child, url: `http://127.0.0.1:${p}`, output: () => out };
      try {
        const until = Date.now() + 30_000;
        let ok = false;
        while (!ok && Date.now() < until && child.exitCode === null) {
          ok = await fetch(`${s.url}/api/health`).then((r) => r.ok, () => false);
          if (!ok) await new Promise((r) => setTimeout(r, 100));
        }
        assert(ok, `no health answer:\n${out}`);
        for (const u of ["/", "/roles", "/evaluate", "/api/roles", `/api/roles/${encodeURIComponent("arn:aws:iam::111111111111:role/partner-audit")}/assumers`]) {
          const r = await fetch(`${s.url}${u}`);
          assert(r.status === 200, `${u}: ${r.status}`);
        }
        assert(!/EACCES|EROFS|EPERM/.test(out), `a write was attempted:\n${out}`);
      } finally {
        await stop(s);
        execFileSync("chmod", ["-R", "u+w", app]);
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  } else {
    console.log("  - (skipped: the read-only, non-root run needs root and setpriv)");
  }

  await check("oidc mode against a real OpenID Connect provider: login → provider → callback → session → /api/auth/me", async () => {
    const p = await freePort();
    const origin = `http://127.0.0.1:${p}`;
    const provider = await startOidcProvider({ redirectUris: [`${origin}/api/auth/callback`], user: "dana@example.com" });
    const s = await startServer({ ...baseEnv(), ROLECALL_AUTH: "oidc", ROLECALL_OIDC_ISSUER: provider.issuer, ROLECALL_OIDC_CLIENT_ID: provider.clientId, ROLECALL_OIDC_CLIENT_SECRET: provider.clientSecret, ROLECALL_SESSION_SECRET: "smoke-session-secret-0123456789abcdefghij", PORT: String(p) });
    try {
      const jar = new Jar();
      // an unauthenticated page goes to the login, which goes to the provider
      let res = await fetch(`${origin}/roles`, { redirect: "manual" });
      assert(res.status === 307 && new URL(res.headers.get("location"), origin).href === `${origin}/api/auth/login?next=%2Froles`, `page: ${res.status} ${res.headers.get("location")}`);
      let next = new URL(res.headers.get("location"), origin).href;
      for (let i = 0; i < 12 && next; i++) {
        res = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
        jar.take(res);
        const loc = res.headers.get("location");
        next = loc ? new URL(loc, next).href : null;
        if (next === `${origin}/roles`) break;
      }
      assert(next === `${origin}/roles`, `the flow ended at ${next} (${res.status} ${await res.text().catch(() => "")})`);
      const session = jar.cookies.get("rolecall_session");
      assert(session, "no session cookie");
      const me = await fetch(`${origin}/api/auth/me`, { headers: { cookie: jar.header() } });
      const body = await me.json();
      assert(me.status === 200 && body.user === "dana@example.com" && body.mode === "oidc", JSON.stringify(body));
      const page = await fetch(`${origin}/roles`, { headers: { cookie: jar.header() } });
      assert(page.status === 200, `signed-in page: ${page.status}`);
      assert(!s.output().includes(session) && !s.output().includes(provider.clientSecret), "a secret appears in the server's output");
    } finally {
      await stop(s);
      await provider.close();
    }
  });
}

try {
  await main();
} finally {
  for (const c of children) c.kill();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
mkdirSync(path.join(root, "reports"), { recursive: true });
writeFileSync(path.join(root, "reports", "standalone.json"), JSON.stringify({ passed, failed, results }, null, 2));
console.log(`standalone: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
