import { z } from "zod";
import { ApiError, checkOrigin, errorResponse, jsonResponse, parseQuery, readJson } from "@/lib/api/http";
import { authConfig } from "@/lib/auth/config";
import { beginLogin, safeNext } from "@/lib/auth/oidc";
import { SESSION_COOKIE, SESSION_SECONDS, isHttps, setCookie, signSession } from "@/lib/auth/session";
import { fingerprint, matchToken, readTokens } from "@/lib/auth/tokens";
import { peerOf } from "@/lib/auth/identify";
import { signinBlocked, signinFailed } from "@/lib/api/rate-limit";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

const LoginQuery = z.strictObject({ next: z.string().max(4096).optional() });

/** GET /api/auth/login?next=/path — start signing in (oidc: at the provider; token: the /signin page). */
export async function GET(req: Request): Promise<Response> {
  try {
    const cfg = authConfig();
    const next = safeNext(parseQuery(LoginQuery, req).next);
    if (cfg.mode === "oidc") {
      const { location, cookie } = await beginLogin(req, cfg, next);
      return new Response(null, { status: 303, headers: { Location: location, "Set-Cookie": cookie, ...noStore } });
    }
    const to = cfg.mode === "token" ? `/signin?next=${encodeURIComponent(next)}` : next;
    return new Response(null, { status: 303, headers: { Location: to, ...noStore } });
  } catch (e) {
    return errorResponse(e);
  }
}

const TokenSignIn = z.strictObject({ token: z.string().trim().min(1, "token: paste your RoleCall token").max(512, "token: at most 512 characters") });

/** POST /api/auth/login {"token": "..."} — token mode: exchange a token for a browser session. */
export async function POST(req: Request): Promise<Response> {
  try {
    checkOrigin(req);
    const cfg = authConfig();
    if (cfg.mode !== "token") throw new ApiError(404, "not_found", `Signing in with a token is only for ROLECALL_AUTH=token (this server uses ${cfg.mode}).`);
    const { token } = TokenSignIn.parse(await readJson(req));
    const blocked = signinBlocked(peerOf(req));
    if (blocked) throw new ApiError(429, "rate_limited", blocked.message, [], {}, { "Retry-After": String(blocked.retryAfterSeconds) });
    let entry;
    try {
      entry = matchToken(token, readTokens(cfg.tokensFile));
    } catch {
      throw new ApiError(503, "unavailable", "Sign-in is unavailable: the server cannot read its ROLECALL_TOKENS file.");
    }
    if (!entry) {
      signinFailed(peerOf(req));
      throw new ApiError(401, "unauthenticated", "That token is not valid: it is unknown or has been revoked.");
    }
    const session = await signSession({ user: entry.name, tfp: fingerprint(entry.hash) }, cfg.sessionSecret);
    return jsonResponse({ user: entry.name }, { headers: { "Set-Cookie": setCookie(SESSION_COOKIE, session, { secure: isHttps(req), maxAge: SESSION_SECONDS }) } });
  } catch (e) {
    return errorResponse(e);
  }
}
