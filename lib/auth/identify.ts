// Who is calling? One function for the proxy (proxy.ts) and the route helpers (lib/api/http.ts),
// which both ask: a route never trusts the proxy's answer alone (CVE-2025-29927 showed that a
// proxy/middleware can be skipped).

import { authConfig, isLoopbackHost, normalizeAddress, AuthConfigError, type AuthConfig } from "./config";
import { SESSION_COOKIE, readCookie, verifySession } from "./session";
import { fingerprint, matchToken, readTokens } from "./tokens";
import { isRevoked } from "./revocation";
import { signinBlocked, signinFailed } from "@/lib/api/rate-limit";

/** Written by server/guard.cjs from the socket on every request, overwriting any client value. */
export const PEER_HEADER = "x-rolecall-peer";
/** Set by proxy.ts for pages (always overwritten there); routes do not trust it. */
export const USER_HEADER = "x-rolecall-user";

export type Identity = { user: string | null; mode: AuthConfig["mode"] } | { status: 401 | 403; message: string } | { status: 429; message: string; retryAfterSeconds: number };

/** The user names RoleCall accepts: printable, short, no separators that could confuse a log line. */
export function cleanUser(v: string | null | undefined): string | null {
  const s = v?.trim();
  if (!s || s.length > 256 || /[\u0000-\u001f\u007f,;"\\]/.test(s)) return null;
  return s;
}

/** The address of the machine that opened the connection, as the guard saw it. */
export function peerOf(req: Request): string | null {
  const p = req.headers.get(PEER_HEADER);
  return p ? normalizeAddress(p) : null;
}

function identifyProxy(req: Request, cfg: Extract<AuthConfig, { mode: "proxy" }>): Identity {
  const peer = peerOf(req);
  if (!peer) {
    return { status: 403, message: "RoleCall cannot see which address this request came from: start it through its guard (npm start, or node --require ./server/guard.cjs server.js), as the README says." };
  }
  const family = peer.includes(":") ? "ipv6" : "ipv4";
  if (!cfg.trusted.check(peer, family)) {
    // The identity header is ignored, not just rejected: only the proxy may name a user.
    return { status: 403, message: `Requests must come through the sign-in proxy: ${peer} is not in ROLECALL_TRUSTED_PROXIES, so the user header it sent is ignored.` };
  }
  const user = cleanUser(req.headers.get(cfg.header));
  if (!user) return { status: 401, message: `The sign-in proxy did not name a user: the ${cfg.header} header is missing or malformed.` };
  return { user, mode: "proxy" };
}

async function identifyToken(req: Request, cfg: Extract<AuthConfig, { mode: "token" }>): Promise<Identity> {
  let entries;
  try {
    entries = readTokens(cfg.tokensFile);
  } catch {
    return { status: 401, message: "Sign-in is unavailable: the server cannot read its ROLECALL_TOKENS file." };
  }
  const auth = req.headers.get("authorization");
  if (auth !== null) {
    const m = /^Bearer +([\x21-\x7e]{1,512})$/i.exec(auth.trim());
    if (!m) return { status: 401, message: "The Authorization header must be: Bearer <token>." };
    const blocked = signinBlocked(peerOf(req));
    if (blocked) return { status: 429, ...blocked };
    const e = matchToken(m[1]!, entries);
    if (e) return { user: e.name, mode: "token" };
    signinFailed(peerOf(req));
    return { status: 401, message: "The bearer token is not valid: it is unknown or has been revoked." };
  }
  const s = await liveSession(req, cfg.sessionSecret);
  if (s) {
    // The session lasts only as long as the token that opened it is still listed.
    const e = entries.find((x) => x.name === s.user && fingerprint(x.hash) === s.tfp);
    if (e) return { user: s.user, mode: "token" };
    return { status: 401, message: "Your session's token has been revoked: sign in again." };
  }
  return { status: 401, message: "Sign in first: send Authorization: Bearer <token>, or sign in on /signin." };
}

/** The session of the request's cookie, unless it is invalid or was signed out (lib/auth/revocation.ts). */
async function liveSession(req: Request, secret: string) {
  const s = await verifySession(readCookie(req, SESSION_COOKIE), secret);
  return s && !isRevoked(s.jti) ? s : null;
}

async function identifyOidc(req: Request, cfg: Extract<AuthConfig, { mode: "oidc" }>): Promise<Identity> {
  const s = await liveSession(req, cfg.sessionSecret);
  if (s) return { user: s.user, mode: "oidc" };
  return { status: 401, message: "Sign in first: open /api/auth/login." };
}

/** The signed-in user (null without sign-in, ROLECALL_AUTH=none), or why the request is refused. */
export async function identify(req: Request): Promise<Identity> {
  let cfg: AuthConfig;
  try {
    cfg = authConfig();
  } catch (e) {
    // The guard refuses to start with a bad configuration; this is for servers started without it.
    return { status: 403, message: e instanceof AuthConfigError ? e.message : "Sign-in is misconfigured." };
  }
  switch (cfg.mode) {
    case "none": {
      // The guard lets `none` listen only on loopback; a non-loopback peer means it was bypassed.
      const peer = peerOf(req);
      if (peer && !isLoopbackHost(peer)) return { status: 403, message: `ROLECALL_AUTH=none serves only this machine, and this request came from ${peer}: configure sign-in (ROLECALL_AUTH=proxy, oidc or token).` };
      return { user: null, mode: "none" };
    }
    case "proxy":
      return identifyProxy(req, cfg);
    case "token":
      return identifyToken(req, cfg);
    case "oidc":
      return identifyOidc(req, cfg);
  }
}
