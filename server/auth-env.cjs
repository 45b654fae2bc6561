// The start-time check of RoleCall's sign-in configuration, shared by the guard (server/guard.cjs)
// and its tests. Plain CommonJS with no dependencies: it runs before Next.js loads, in the
// standalone output too, where only what the server bundle traced is installed.
// lib/auth/config.ts parses the same variables with zod for the running server; the test
// lib/auth/config.test.ts holds both to the same table of cases.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: it runs before any loader or bundler */

const fs = require("node:fs");
const net = require("node:net");

const MODES = ["none", "proxy", "oidc", "token"];

/**
 * The headers of lib/auth/security-headers.ts (STATIC_SECURITY_HEADERS and API_CSP; config.test.ts
 * holds them equal). The guard sets them on every response before Next.js answers: what the app
 * sets itself (a page's nonce CSP, a route's Cache-Control) replaces them, and whatever Next.js
 * answers on its own (its bare 500s, a 404) still carries them.
 */
const SECURITY_HEADERS = {
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};
/** JSON answers hold IAM data: no shared cache may keep them, and no browser cache either. */
const API_CACHE_CONTROL = "private, no-store";

/** 127.0.0.0/8, ::1, localhost (and its IPv4-mapped forms): where `none` may listen. */
function isLoopbackHost(host) {
  const h = String(host).trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.split(".")[0] === "127";
}

/** A CIDR ("10.0.0.0/8", "::1/128") or a bare address; null when it is neither. */
function parseCidr(text) {
  const s = String(text).trim();
  const [addr, bits, extra] = s.split("/");
  if (extra !== undefined || !addr) return null;
  const family = net.isIP(addr);
  if (!family) return null;
  const max = family === 4 ? 32 : 128;
  if (bits === undefined) return { address: addr, prefix: max, family };
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return { address: addr, prefix: Number(bits), family };
}

/**
 * A Host header (or a ROLECALL_ALLOWED_HOSTS entry): `name`, `name:port`, `[v6]`, `[v6]:port`, as
 * { name, port } with the name lower-cased and without a trailing dot; null when it is not one.
 */
function parseHost(text) {
  const s = String(text ?? "").trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return null;
  const name = m[1].replace(/\.$/, "");
  if (!name || name.startsWith(".") || name.includes("..")) return null;
  return { name, port: m[2] === undefined ? null : Number(m[2]) };
}

/** The ROLECALL_ALLOWED_HOSTS entries, and the ones that are not host names. */
function allowedHostEntries(env) {
  const entries = [];
  const bad = [];
  for (const e of list(env.ROLECALL_ALLOWED_HOSTS)) {
    const h = parseHost(e);
    if (h) entries.push(h);
    else bad.push(e);
  }
  return { entries, bad };
}

/**
 * May a request with this Host be answered (the DNS-rebinding defence)? Loopback names always;
 * with ROLECALL_AUTH=none nothing else; otherwise the ROLECALL_ALLOWED_HOSTS entries (an entry
 * without a port matches any port).
 */
function hostAllowed(env, host) {
  const h = parseHost(host);
  if (!h) return false;
  if (isLoopbackHost(h.name)) return true;
  const mode = (env.ROLECALL_AUTH ?? "").trim() || "none";
  if (mode === "none") return false;
  return allowedHostEntries(env).entries.some((e) => e.name === h.name && (e.port === null || e.port === h.port));
}

function list(v) {
  return String(v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Lines of a ROLECALL_TOKENS file that are not `name:sha256hex` (by number: never echo a line). */
function tokenFileProblems(text) {
  const bad = [];
  let entries = 0;
  String(text)
    .split(/\r?\n/)
    .forEach((line, i) => {
      const l = line.trim();
      if (!l || l.startsWith("#")) return;
      if (/^[A-Za-z0-9._@+-]{1,64}:[0-9a-fA-F]{64}$/.test(l)) entries++;
      else bad.push(i + 1);
    });
  if (bad.length) return [`ROLECALL_TOKENS: line(s) ${bad.join(", ")} are not name:sha256hex (a name of letters, digits and ._@+-, a colon, then the 64 hex digits of the token's SHA-256).`];
  if (entries === 0) return ["ROLECALL_TOKENS lists no token: add a name:sha256hex line (see the README)."];
  return [];
}

/**
 * The problems with the sign-in configuration, each a sentence that says what to do; empty when
 * the server may start. `host` is the address the server will listen on.
 */
function authProblems(env, host) {
  const mode = (env.ROLECALL_AUTH ?? "").trim() || "none";
  if (!MODES.includes(mode)) return [`ROLECALL_AUTH must be one of ${MODES.join(", ")} (got "${mode}").`];
  const problems = [];
  if (mode === "none" && !isLoopbackHost(host)) {
    problems.push(
      `ROLECALL_AUTH=none (the default: nobody signs in) is only allowed on a loopback address, but the server would listen on ${host}, ` +
        "where anyone who can reach it could read your IAM data. Either set ROLECALL_AUTH to proxy, oidc or token (see the README, " +
        '"Deploying for a team"), or listen on 127.0.0.1 (HOSTNAME=127.0.0.1, or -H 127.0.0.1).',
    );
  }
  const hosts = allowedHostEntries(env);
  if (hosts.bad.length) problems.push(`ROLECALL_ALLOWED_HOSTS has entries that are not host names (name or name:port): ${hosts.bad.join(", ")}.`);
  if (mode === "none") {
    const foreign = hosts.entries.filter((e) => !isLoopbackHost(e.name));
    if (foreign.length) {
      problems.push(
        `ROLECALL_ALLOWED_HOSTS names ${foreign.map((e) => e.name).join(", ")}, but with ROLECALL_AUTH=none (nobody signs in) only loopback names are served: ` +
          "set ROLECALL_AUTH to proxy, oidc or token to serve other names, or remove them.",
      );
    }
  } else if (!isLoopbackHost(host) && hosts.entries.length === 0) {
    problems.push(
      `The server would listen on ${host} with ROLECALL_AUTH=${mode}, but ROLECALL_ALLOWED_HOSTS is not set: set ROLECALL_ALLOWED_HOSTS to the host name(s) people reach RoleCall by ` +
        "(e.g. ROLECALL_ALLOWED_HOSTS=rolecall.example.com). Requests for any other Host are refused, so that a web page cannot reach RoleCall through a name it controls (DNS rebinding).",
    );
  }
  if (mode === "proxy") {
    const header = (env.ROLECALL_AUTH_HEADER ?? "").trim();
    if (!header) problems.push("ROLECALL_AUTH=proxy needs ROLECALL_AUTH_HEADER, the header in which your proxy names the user (e.g. X-Forwarded-Email).");
    else if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) problems.push(`ROLECALL_AUTH_HEADER is not a header name: "${header}".`);
    else if (/^(x-rolecall-|cookie$|authorization$|host$)/i.test(header)) problems.push(`ROLECALL_AUTH_HEADER may not be ${header}: choose the header your proxy sets, e.g. X-Forwarded-Email.`);
    const proxies = list(env.ROLECALL_TRUSTED_PROXIES);
    if (proxies.length === 0) problems.push("ROLECALL_AUTH=proxy needs ROLECALL_TRUSTED_PROXIES, the comma-separated addresses (CIDRs) your proxy connects from, e.g. 127.0.0.1/32.");
    const bad = proxies.filter((p) => !parseCidr(p));
    if (bad.length) problems.push(`ROLECALL_TRUSTED_PROXIES has entries that are not addresses or CIDRs: ${bad.join(", ")}.`);
  }
  if (mode === "oidc") {
    const missing = ["ROLECALL_OIDC_ISSUER", "ROLECALL_OIDC_CLIENT_ID", "ROLECALL_OIDC_CLIENT_SECRET", "ROLECALL_SESSION_SECRET"].filter((k) => !(env[k] ?? "").trim());
    if (missing.length) problems.push(`ROLECALL_AUTH=oidc needs ${missing.join(", ")}.`);
    const issuer = (env.ROLECALL_OIDC_ISSUER ?? "").trim();
    if (issuer) {
      let url = null;
      try {
        url = new URL(issuer);
      } catch {
        problems.push(`ROLECALL_OIDC_ISSUER is not a URL: "${issuer}".`);
      }
      if (url && url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
        problems.push(`ROLECALL_OIDC_ISSUER must be an https:// URL (plain http is accepted only for a provider on a loopback address): "${issuer}".`);
      }
    }
  }
  const secret = env.ROLECALL_SESSION_SECRET ?? "";
  if ((mode === "oidc" || mode === "token") && secret.trim() && secret.length < 32) {
    problems.push(`ROLECALL_SESSION_SECRET must be at least 32 characters (it has ${secret.length}); make one with: openssl rand -base64 48`);
  }
  if (mode === "token") {
    const file = (env.ROLECALL_TOKENS ?? "").trim();
    if (!file) problems.push("ROLECALL_AUTH=token needs ROLECALL_TOKENS, the path of a file of name:sha256-of-token lines.");
    else {
      try {
        fs.accessSync(file, fs.constants.R_OK);
        if (!fs.statSync(file).isFile()) problems.push(`ROLECALL_TOKENS is not a file: ${file}.`);
        else problems.push(...tokenFileProblems(fs.readFileSync(file, "utf8")));
      } catch {
        problems.push(`ROLECALL_TOKENS names a file that cannot be read: ${file}.`);
      }
    }
  }
  return problems;
}

module.exports = { API_CACHE_CONTROL, MODES, SECURITY_HEADERS, authProblems, allowedHostEntries, hostAllowed, isLoopbackHost, parseCidr, parseHost, tokenFileProblems };
