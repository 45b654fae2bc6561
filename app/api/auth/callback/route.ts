import { ApiError, errorResponse } from "@/lib/api/http";
import { authConfig } from "@/lib/auth/config";
import { finishLogin } from "@/lib/auth/oidc";

export const dynamic = "force-dynamic";

/** GET /api/auth/callback — where the OpenID Connect provider sends the browser back. */
export async function GET(req: Request): Promise<Response> {
  try {
    const cfg = authConfig();
    if (cfg.mode !== "oidc") throw new ApiError(404, "not_found", `There is no sign-in callback: this server uses ROLECALL_AUTH=${cfg.mode}, not oidc.`);
    const { next, cookies } = await finishLogin(req, cfg);
    const headers = new Headers({ Location: next, "Cache-Control": "no-store" });
    for (const c of cookies) headers.append("Set-Cookie", c);
    // 303 to a clean URL: the code and state leave the address bar (and any later Referer).
    return new Response(null, { status: 303, headers });
  } catch (e) {
    return errorResponse(e);
  }
}
