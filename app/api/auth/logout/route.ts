import { checkOrigin, errorResponse } from "@/lib/api/http";
import { authConfig } from "@/lib/auth/config";
import { revoke } from "@/lib/auth/revocation";
import { SESSION_COOKIE, clearCookie, isHttps, readCookie, verifySession } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * POST /api/auth/logout — end the browser session (a form's POST, so another site cannot sign
 * people out with a link or an image). The session's ID goes on the deny list (lib/auth/revocation.ts)
 * until it would have expired: a copy of the cookie stops working too.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    checkOrigin(req);
    const cfg = authConfig();
    if (cfg.mode === "oidc" || cfg.mode === "token") {
      const s = await verifySession(readCookie(req, SESSION_COOKIE), cfg.sessionSecret);
      if (s) {
        try {
          revoke(s.jti, s.exp);
        } catch (e) {
          // revoked in this process all the same; the guard checked at start that the file was writable
          console.error(`rolecall: could not record a sign-out in the revoked-sessions file (${(e as NodeJS.ErrnoException).code ?? "error"}): the session is refused by this process only`);
        }
      }
    }
    const to = cfg.mode === "oidc" || cfg.mode === "token" ? "/signin?signedOut=1" : "/";
    return new Response(null, { status: 303, headers: { Location: to, "Set-Cookie": clearCookie(SESSION_COOKIE, { secure: isHttps(req) }), "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
