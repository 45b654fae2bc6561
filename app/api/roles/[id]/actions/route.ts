import { ApiError, getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { findRoleParam } from "@/lib/api/roles";
import { RoleActionsQuery, roleActionsOn } from "@/lib/api/simulate";

export const dynamic = "force-dynamic";

/** GET /api/roles/{id}/actions?resource=ARN — what may this role do on this resource. */
export const GET = getRoute(RoleActionsQuery, async (q, params: { id: string }) => {
  const m = await model();
  let context: Record<string, string> | undefined;
  if (q.context) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(q.context);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) {
      throw new ApiError(400, "invalid_request", 'context: a JSON object of string values, e.g. {"aws:RequestedRegion":"us-east-1"}', [{ path: ["context"], message: "invalid" }]);
    }
    context = parsed as Record<string, string>;
  }
  return roleActionsOn(m, findRoleParam(m, params.id), q.resource, context);
}, { expensive: true });
