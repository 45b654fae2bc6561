import { errorResponse, jsonResponse, requireUser } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export interface MeResponse {
  /** the signed-in user; null without sign-in (ROLECALL_AUTH=none) */
  user: string | null;
  mode: "none" | "proxy" | "oidc" | "token";
  /** whether RoleCall itself can end the session (oidc, token); a proxy's session is the proxy's */
  canSignOut: boolean;
}

/** GET /api/auth/me — who am I to RoleCall. */
export async function GET(req: Request): Promise<Response> {
  try {
    const caller = await requireUser(req);
    const body: MeResponse = { user: caller.user, mode: caller.mode, canSignOut: caller.mode === "oidc" || caller.mode === "token" };
    return jsonResponse(body);
  } catch (e) {
    return errorResponse(e);
  }
}
