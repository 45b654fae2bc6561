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

const http = require("node:http");
const path = require("node:path");
const crypto = require("node:crypto");
const { authProblems } = require("./auth-env.cjs");

/** Same cap as MAX_BODY_BYTES in lib/api/http.ts. */
const MAX_BODY_BYTES = 1_000_000;
const PEER_HEADER = "x-rolecall-peer";

/** Where the server will listen, as Next.js will decide it (and made loopback by default). */
function listenHost(argv, env) {
  const script = argv[1] ? path.basename(argv[1]) : "";
  if (script === "next" && argv.includes("start")) {
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i];
      if ((a === "-H" || a === "--hostname") && argv[i + 1] !== undefined) return argv[i + 1];
      if (a.startsWith("--hostname=")) return a.slice("--hostname=".length);
    }
    // `next start` alone listens on every interface; RoleCall's documented default is loopback.
    const host = env.HOSTNAME || "127.0.0.1";
    argv.push("-H", host);
    return host;
  }
  // The standalone server.js listens on HOSTNAME, else 0.0.0.0: keep the documented default.
  if (!env.HOSTNAME) env.HOSTNAME = "127.0.0.1";
  return env.HOSTNAME;
}

function refuse(problems) {
  process.stderr.write(`RoleCall refuses to start:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}

const host = listenHost(process.argv, process.env);
const problems = authProblems(process.env, host);
if (problems.length) refuse(problems);

const mode = (process.env.ROLECALL_AUTH ?? "").trim() || "none";
if (mode === "token" && !(process.env.ROLECALL_SESSION_SECRET ?? "").trim()) {
  // Browser sessions of token mode are signed with this key. The proxy and the route handlers are
  // separate bundles; the environment is what they share. A random key means sessions end when the
  // server restarts, which is the safe default; set ROLECALL_SESSION_SECRET to keep them.
  process.env.ROLECALL_SESSION_SECRET = crypto.randomBytes(48).toString("base64url");
}
process.env.ROLECALL_GUARD = "1";

const originalEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function emit(event, req, res) {
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
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES && res) {
      const body = JSON.stringify({ error: { code: "too_large", message: `The body is larger than ${MAX_BODY_BYTES} bytes.` } });
      res.writeHead(413, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
      res.end(body);
      // Do not read the rest: the connection closes after the answer.
      res.on("finish", () => req.socket && req.socket.destroy());
      return true;
    }
  }
  return originalEmit.apply(this, arguments);
};

process.stdout.write(`RoleCall: sign-in mode ${mode}${mode === "proxy" ? ` (user from ${process.env.ROLECALL_AUTH_HEADER}, trusted from ${process.env.ROLECALL_TRUSTED_PROXIES})` : ""}\n`);
