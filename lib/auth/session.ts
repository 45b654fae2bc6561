// Browser sessions: a JWT signed with ROLECALL_SESSION_SECRET (HS256, jose) in an HttpOnly,
// SameSite=Lax cookie, Secure when the page is served over https. Each has its own ID (jti): signing
// out puts it on the deny list of lib/auth/revocation.ts until the JWT expires. Nothing else is
// stored on the server, so sessions survive restarts (with a configured secret) and any replica
// with the same secret (and deny-list file) can check them.

import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";

export const SESSION_COOKIE = "rolecall_session";
/** The short-lived cookie that carries an OIDC login's state, nonce and PKCE verifier. */
export const OIDC_COOKIE = "rolecall_oidc";
export const SESSION_SECONDS = 8 * 3600;

const ISSUER = "rolecall";
const key = (secret: string) => new TextEncoder().encode(secret);

export interface Session {
  user: string;
  /** the session's own ID, which signing out revokes */
  jti: string;
  /** when it expires (seconds since the epoch) */
  exp: number;
  /** token mode: the fingerprint of the token that opened the session (revoking the token ends it) */
  tfp?: string;
}

export async function signSession(s: Pick<Session, "user" | "tfp">, secret: string, seconds = SESSION_SECONDS): Promise<string> {
  return new SignJWT(s.tfp ? { tfp: s.tfp } : {})
    .setProtectedHeader({ alg: "HS256" })
    .setJti(randomUUID())
    .setSubject(s.user)
    .setIssuer(ISSUER)
    .setAudience("rolecall-session")
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
    .sign(key(secret));
}

/** The session in a cookie value, or null when it is missing, tampered with, expired or malformed. */
export async function verifySession(jwt: string | null | undefined, secret: string): Promise<Session | null> {
  if (!jwt || jwt.length > 4096) return null;
  try {
    const { payload } = await jwtVerify(jwt, key(secret), { algorithms: ["HS256"], issuer: ISSUER, audience: "rolecall-session" });
    // a session without its own ID could not be signed out: not one RoleCall issues
    if (typeof payload.sub !== "string" || !payload.sub || typeof payload.jti !== "string" || !payload.jti || typeof payload.exp !== "number") return null;
    return { user: payload.sub, jti: payload.jti, exp: payload.exp, ...(typeof payload.tfp === "string" ? { tfp: payload.tfp } : {}) };
  } catch (e) {
    if (e instanceof errors.JOSEError || e instanceof TypeError) return null;
    throw e;
  }
}

/** Sign any small JSON object for a short while (the OIDC login transaction). */
export async function signValue(value: Record<string, string>, secret: string, audience: string, seconds: number): Promise<string> {
  return new SignJWT(value).setProtectedHeader({ alg: "HS256" }).setIssuer(ISSUER).setAudience(audience).setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + seconds).sign(key(secret));
}

export async function verifyValue(jwt: string | null | undefined, secret: string, audience: string): Promise<Record<string, unknown> | null> {
  if (!jwt || jwt.length > 4096) return null;
  try {
    return (await jwtVerify(jwt, key(secret), { algorithms: ["HS256"], issuer: ISSUER, audience })).payload;
  } catch (e) {
    if (e instanceof errors.JOSEError || e instanceof TypeError) return null;
    throw e;
  }
}

/** One cookie of the request's Cookie header. */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** Served over https (directly, or behind a proxy that says so in X-Forwarded-Proto)? */
export function isHttps(req: Request): boolean {
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (proto) return proto === "https";
  try {
    return new URL(req.url).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * This dashboard's own origin as the browser sees it: Host (or X-Forwarded-Host) and
 * X-Forwarded-Proto, which a TLS-terminating proxy must pass. Not the request's URL: Next.js
 * builds that from the address it listens on (http://0.0.0.0:3000 in a container).
 */
export function publicOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || url.host;
  return `${isHttps(req) ? "https" : "http"}://${host}`;
}

export function setCookie(name: string, value: string, opts: { secure: boolean; maxAge: number; path?: string }): string {
  return [`${name}=${value}`, `Path=${opts.path ?? "/"}`, "HttpOnly", "SameSite=Lax", `Max-Age=${opts.maxAge}`, ...(opts.secure ? ["Secure"] : [])].join("; ");
}

export function clearCookie(name: string, opts: { secure: boolean; path?: string }): string {
  return setCookie(name, "", { ...opts, maxAge: 0 });
}
