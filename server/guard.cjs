// RoleCall's start guard, preloaded into the server process:
//   node --require ./server/guard.cjs node_modules/next/dist/bin/next start -H 127.0.0.1   (npm start)
//   node --require ./server/guard.cjs server.js                                            (standalone)
//
// Why a preload and not code inside the app:
// 1. The sign-in configuration must be checked before the server listens: a dashboard of IAM
//    data on 0.0.0.0 with nobody signing in must never start, not fail at its first request.
// 2. The peer address. Next.js copies the socket's address into X-Forwarded-For only when the
//    client did not send one (`??=`), so a client chooses what the app sees there. Proxy mode must
//    know which machine really connected, so the guard writes the socket's address into
//    `x-rolecall-peer` on every request, overwriting whatever the client sent; the app reads the
//    peer from nowhere else (lib/auth/identify.ts).
// 3. Request bodies: a declared Content-Length above the cap is answered 413 here, before Next.js
//    buffers anything (bodies without a length are counted by the route helpers as they stream).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: it runs before any loader or bundler */

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const crypto = require("node:crypto");
const { API_CACHE_CONTROL, SECURITY_HEADERS, authProblems, hostAllowed } = require("./auth-env.cjs");

/** Same cap as MAX_BODY_BYTES in lib/api/http.ts. */
const MAX_BODY_BYTES = 1_000_000;
const PEER_HEADER = "x-rolecall-peer";
/**
 * The value of the last `-H`/`--hostname` (and `-p`/`--port`) option, as Next.js's option parser
 * takes it: a repeated option's last value wins; `-Hx`, `--hostname x` and `--hostname=x` alike.
 */
function lastOption(argv, short, long) {
  let value;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if ((a === short || a === long) && argv[i + 1] !== undefined) value = argv[++i];
    else if (a.startsWith(`${long}=`)) value = a.slice(long.length + 1);
    else if (a.startsWith(short) && a.length > short.length && !a.startsWith("--")) value = a.slice(short.length);
  }
  return value;
}

/** Where the server will listen, as Next.js will decide it (and made loopback by default). */
function listenAddress(argv, env) {
  const script = argv[1] ? path.basename(argv[1]) : "";
  if (script === "next" && argv.includes("start")) {
    const port = lastOption(argv, "-p", "--port") ?? env.PORT ?? "3000";
    const host = lastOption(argv, "-H", "--hostname");
    if (host !== undefined) return { host, port };
    // `next start` alone listens on every interface; RoleCall's documented default is loopback.
    const fallback = env.HOSTNAME || "127.0.0.1";
    argv.push("-H", fallback);
    return { host: fallback, port };
  }
  // The standalone server.js listens on HOSTNAME, else 0.0.0.0: keep the documented default.
  if (!env.HOSTNAME) env.HOSTNAME = "127.0.0.1";
  return { host: env.HOSTNAME, port: env.PORT || "3000" };
}

/** Can RoleCall append to this file? Checked without creating it (its directory must then be writable). */
function writableProblem(variable, file, why) {
  try {
    if (fs.existsSync(file)) {
      if (!fs.statSync(file).isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
      fs.accessSync(file, fs.constants.W_OK);
    } else fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return null;
  } catch (e) {
    return `${variable} (${file}) cannot be written (${e.code ?? e.message}): ${why}`;
  }
}

/** Problems with the files RoleCall writes while it runs: found now, not at the first mint or sign-out. */
function fileProblems(env, mode) {
  const problems = [];
  const auditLog = (env.ROLECALL_AUDIT_LOG ?? "").trim() || path.join(process.cwd(), "rolecall-audit.log");
  if ((env.ROLECALL_SIMULATE_BASE_ROLE ?? "").trim() && (env.ROLECALL_SIMULATE_ALLOW ?? "").trim()) {
    const p = writableProblem("ROLECALL_AUDIT_LOG", auditLog, "every mint is recorded there before credentials are handed out, so minting cannot run without it. Point it at a writable file (a volume), or turn minting off (unset ROLECALL_SIMULATE_BASE_ROLE).");
    if (p) problems.push(p);
  }
  if (mode === "oidc" || mode === "token") {
    const file = (env.ROLECALL_REVOKED_SESSIONS ?? "").trim() || path.join(path.dirname(auditLog), "rolecall-revoked-sessions.jsonl");
    const p = writableProblem("ROLECALL_REVOKED_SESSIONS", file, "signing out records the session there so that it ends for good. Point it (or ROLECALL_AUDIT_LOG, beside which it is kept) at a writable volume.");
    if (p) problems.push(p);
  }
  return problems;
}

function refuse(problems) {
  process.stderr.write(`RoleCall refuses to start:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}

const { host } = listenAddress(process.argv, process.env);
const mode = (process.env.ROLECALL_AUTH ?? "").trim() || "none";
const problems = authProblems(process.env, host);
if (!problems.length) problems.push(...fileProblems(process.env, mode));
if (problems.length) refuse(problems);

if (mode === "token" && !(process.env.ROLECALL_SESSION_SECRET ?? "").trim()) {
  // Browser sessions of token mode are signed with this key. The proxy and the route handlers are
  // separate bundles; the environment is what they share. A random key means sessions end when the
  // server restarts, which is the safe default; set ROLECALL_SESSION_SECRET to keep them.
  process.env.ROLECALL_SESSION_SECRET = crypto.randomBytes(48).toString("base64url");
}
process.env.ROLECALL_GUARD = "1";
const env = { ...process.env };

/** Answer here, before Next.js: JSON with the security headers, and the connection closed when `close`. */
function answer(res, status, code, message, { close = false, extra } = {}) {
  const body = JSON.stringify(extra ?? { error: { code, message, issues: [] } });
  res.writeHead(status, { ...SECURITY_HEADERS, "Cache-Control": API_CACHE_CONTROL, "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(close ? { connection: "close" } : {}) });
  res.end(body);
  return true;
}

/** The query's keys, decoded as URLSearchParams decodes them (a malformed escape stays as sent). */
function queryKeys(search) {
  return search
    .split("&")
    .filter(Boolean)
    .map((part) => {
      const k = part.split("=")[0].replace(/\+/g, " ");
      try {
        return decodeURIComponent(k);
      } catch {
        return k;
      }
    });
}

/** Checks of a request that the app cannot make itself: true when answered here. */
function refuseHere(req, res) {
  const url = String(req.url ?? "/");
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  // X-Forwarded-Host too: a page may set it, and the app builds its own URLs from it (lib/auth/session.ts).
  const hosts = [req.headers.host, ...String(req.headers["x-forwarded-host"] ?? "").split(",").filter((h) => h.trim())];
  const foreign = hosts.find((h) => !hostAllowed(env, h));
  if (foreign !== undefined || hosts[0] === undefined) {
    // A load balancer's health check names the target by its address: it learns that the server
    // is up, and nothing else.
    if (pathname === "/api/health" && req.method === "GET") return answer(res, 200, "", "", { extra: { ok: true } });
    const shown = String(foreign ?? "").slice(0, 100);
    return answer(res, 421, "misdirected_request", `RoleCall does not answer for the host "${shown}": it serves only the names in ROLECALL_ALLOWED_HOSTS (and loopback names), so that no web page can reach it through a name of its own (DNS rebinding). If people reach RoleCall by this name, add it to ROLECALL_ALLOWED_HOSTS.`);
  }
  try {
    // Next.js decodes path segments before any route runs, and answers a bad escape with a bare 500.
    decodeURIComponent(pathname);
  } catch {
    return answer(res, 400, "invalid_request", "The path has malformed percent-encoding (each % must start an escape of valid UTF-8): encode path segments with encodeURIComponent.");
  }
  // A parameter named __proto__ vanishes in Next.js's parse of the query, so no route could refuse it.
  if (q >= 0 && queryKeys(url.slice(q + 1)).includes("__proto__")) {
    return answer(res, 400, "invalid_request", "query: unknown parameter __proto__.");
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    answer(res, 413, "too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`, { close: true });
    // Do not read the rest: the connection closes after the answer.
    res.on("finish", () => req.socket && req.socket.destroy());
    return true;
  }
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (pathname.startsWith("/api/")) res.setHeader("Cache-Control", API_CACHE_CONTROL);
  return false;
}

/**
 * A request Node.js's parser refuses before there is one (headers or URL over its 16 KB limit, a
 * malformed request line): answered here with the security headers, instead of Node.js's bare 431/400.
 */
function clientError(err, socket) {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const message = status === 431 ? "The request's headers (or its URL) are larger than the server accepts (16 KB): send large input in a POST body." : "The request is not valid HTTP.";
  const body = JSON.stringify({ error: { code: status === 431 ? "too_large" : "invalid_request", message, issues: [] } });
  const headers = { ...SECURITY_HEADERS, "Cache-Control": API_CACHE_CONTROL, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Connection: "close" };
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`);
}

const originalEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function emit(event, req, res) {
  if (event === "clientError" && req && res) {
    clientError(req, res);
    return true;
  }
  if (event === "request" && req && req.headers) {
    const peer = (req.socket && req.socket.remoteAddress) || "unknown";
    req.headers[PEER_HEADER] = peer;
    // Next.js reads the parsed headers; rawHeaders too is cleaned so no copy of a forged value survives.
    if (Array.isArray(req.rawHeaders)) {
      const raw = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        if (req.rawHeaders[i].toLowerCase() !== PEER_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
      }
      raw.push(PEER_HEADER, peer);
      req.rawHeaders.length = 0;
      req.rawHeaders.push(...raw);
    }
    if (res && refuseHere(req, res)) return true;
  }
  return originalEmit.apply(this, arguments);
};

process.stdout.write(`RoleCall: sign-in mode ${mode}${mode === "proxy" ? ` (user from ${process.env.ROLECALL_AUTH_HEADER}, trusted from ${process.env.ROLECALL_TRUSTED_PROXIES})` : ""}\n`);
