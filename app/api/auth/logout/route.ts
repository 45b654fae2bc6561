import { checkOrigin, errorResponse } from "@/lib/api/http";
import { authConfig } from "@/lib/auth/config";
import { SESSION_COOKIE, clearCookie, isHttps } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/**
 * POST /api/auth/logout — end the browser session (a form's POST, so another site cannot sign
 * people out with a link or an image).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    checkOrigin(req);
    const mode = authConfig().mode;
    const to = mode === "oidc" || mode === "token" ? "/signin?signedOut=1" : "/";
    return new Response(null, { status: 303, headers: { Location: to, "Set-Cookie": clearCookie(SESSION_COOKIE, { secure: isHttps(req) }), "Cache-Control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
