import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { ReachQuery, reachers } from "@/lib/api/paths";
import { findRoleParam } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(ReachQuery, async (q, params: { id: string }) => {
  const m = await model();
  return reachers(m, findRoleParam(m, params.id), q);
}, { expensive: true });
