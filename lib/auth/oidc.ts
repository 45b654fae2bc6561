// Built-in sign-in with an OpenID Connect provider (ROLECALL_AUTH=oidc), through openid-client:
// authorization code flow with PKCE, state and nonce. The login's secrets (state, nonce, PKCE
// verifier) travel in a signed, HttpOnly cookie that lives ten minutes; nothing is kept on the
// server. The session that follows is lib/auth/session.ts's cookie.

import * as client from "openid-client";
import { ApiError } from "@/lib/api/http";
import type { AuthConfig } from "./config";
import { isLoopbackHost } from "./config";
import { cleanUser } from "./identify";
import { OIDC_COOKIE, SESSION_COOKIE, SESSION_SECONDS, clearCookie, isHttps, publicOrigin, readCookie, setCookie, signSession, signValue, verifyValue } from "./session";

type OidcConfig = Extract<AuthConfig, { mode: "oidc" }>;

const LOGIN_SECONDS = 600;
const AUDIENCE = "rolecall-oidc-login";

let discovered: { key: string; config: Promise<client.Configuration> } | undefined;

/** The provider's configuration, discovered once per process (and again after a failure). */
export function oidcClient(cfg: OidcConfig): Promise<client.Configuration> {
  const key = `${cfg.issuer.href}\u0000${cfg.clientId}`;
  if (discovered?.key !== key) {
    // Plain http only for a provider on this machine (development, the tests); the guard and the
    // config parse refuse it anywhere else.
    const insecure = cfg.issuer.protocol === "http:" && isLoopbackHost(cfg.issuer.hostname);
    const config = client.discovery(cfg.issuer, cfg.clientId, cfg.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    config.catch(() => {
      if (discovered?.config === config) discovered = undefined;
    });
    discovered = { key, config };
  }
  return discovered.config;
}

async function provider(cfg: OidcConfig): Promise<client.Configuration> {
  try {
    return await oidcClient(cfg);
  } catch (e) {
    throw new ApiError(502, "oidc_unavailable", `Cannot read the OpenID Connect provider's configuration at ${cfg.issuer.href}: ${e instanceof Error ? e.message : "unknown error"}. Check ROLECALL_OIDC_ISSUER and that the server can reach it.`);
  }
}

/** Only a path on this site: never an absolute or protocol-relative URL (an open redirect). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length > 2048 || /[\u0000-\u001f]/.test(next)) return "/";
  if (next.startsWith("/api/auth/")) return "/";
  return next;
}

/** A forged Host gains nothing here: the provider only redirects to callback URLs registered for the client. */
export function callbackUrl(req: Request): string {
  return `${publicOrigin(req)}/api/auth/callback`;
}

/** Start a login: the provider's authorization URL, and the cookie that remembers this login. */
export async function beginLogin(req: Request, cfg: OidcConfig, next: string): Promise<{ location: string; cookie: string }> {
  const config = await provider(cfg);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const location = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(req),
    scope: "openid email profile",
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const value = await signValue({ verifier, state, nonce, next: safeNext(next) }, cfg.sessionSecret, AUDIENCE, LOGIN_SECONDS);
  return { location: location.href, cookie: setCookie(OIDC_COOKIE, value, { secure: isHttps(req), maxAge: LOGIN_SECONDS, path: "/api/auth" }) };
}

/**
 * The user a provider's ID token names: its e-mail when the provider vouches for it
 * (`email_verified` is the boolean true: OpenID Connect Core 1.0 §5.1 says it is a boolean, and a
 * string "false" is truthy), else the subject qualified by the issuer (`https://login.example.com/#248289761001`):
 * `sub` is unique only within one issuer (§2). Never `preferred_username`, which §5.7 says a
 * relying party must not rely upon as unique and which users of many providers set themselves.
 */
export function userFromClaims(claims: Record<string, unknown>): string | null {
  if (typeof claims.email === "string" && claims.email_verified === true) return cleanUser(claims.email);
  if (typeof claims.sub !== "string" || !claims.sub || typeof claims.iss !== "string" || !claims.iss) return null;
  return cleanUser(`${claims.iss}#${claims.sub}`);
}

/** Finish a login at the callback: check state, nonce and PKCE, then open the session. */
export async function finishLogin(req: Request, cfg: OidcConfig): Promise<{ user: string; next: string; cookies: string[] }> {
  const url = new URL(req.url);
  const providerError = url.searchParams.get("error");
  if (providerError) {
    const description = url.searchParams.get("error_description")?.slice(0, 300);
    throw new ApiError(401, "oidc_error", `The identity provider refused the sign-in: ${providerError.slice(0, 100)}${description ? ` (${description})` : ""}.`);
  }
  if (!url.searchParams.get("code") || !url.searchParams.get("state")) {
    throw new ApiError(400, "invalid_request", "This is the sign-in callback: it needs the code and state the identity provider sends. Start at /api/auth/login.");
  }
  const login = await verifyValue(readCookie(req, OIDC_COOKIE), cfg.sessionSecret, AUDIENCE);
  if (!login || typeof login.verifier !== "string" || typeof login.state !== "string" || typeof login.nonce !== "string") {
    throw new ApiError(400, "invalid_request", "The sign-in took too long or was started in another browser: start again at /api/auth/login.");
  }
  const config = await provider(cfg);
  // The URL the provider redirected to, as the browser saw it: its origin and path are the redirect_uri.
  const current = new URL(callbackUrl(req));
  current.search = url.search;
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: login.verifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true });
    claims = tokens.claims();
    // A provider may keep the scope's claims for the UserInfo endpoint (OpenID Connect Core
    // §5.4): ask it, for the same subject (openid-client checks that `sub` matches).
    if (claims && typeof claims.email !== "string" && typeof claims.sub === "string" && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      claims = { ...claims, email: info.email, email_verified: info.email_verified };
    }
  } catch (e) {
    // openid-client's messages (and their causes) name the failed check (state, nonce, signature,
    // audience, the provider's error code); they carry no secret.
    const code = (e as { error?: unknown } | null)?.error;
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : typeof code === "string" ? code : "";
    const what = e instanceof Error ? e.message.replace(/\.$/, "") : "the provider's answer was not valid";
    throw new ApiError(401, "oidc_failed", `The sign-in could not be completed: ${what}${cause ? ` (${cause.replace(/\.$/, "").slice(0, 200)})` : ""}. Start again at /api/auth/login.`);
  }
  const user = claims ? userFromClaims(claims) : null;
  if (!user) throw new ApiError(401, "oidc_failed", "The identity provider's ID token names no usable user (a verified email, or iss and sub).");
  const secure = isHttps(req);
  const session = await signSession({ user }, cfg.sessionSecret);
  return {
    user,
    next: safeNext(typeof login.next === "string" ? login.next : "/"),
    cookies: [setCookie(SESSION_COOKIE, session, { secure, maxAge: SESSION_SECONDS }), clearCookie(OIDC_COOKIE, { secure, path: "/api/auth" })],
  };
}
