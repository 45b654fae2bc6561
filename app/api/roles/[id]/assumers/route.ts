import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { AssumersQuery, assumers, findRoleParam } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(AssumersQuery, async (q, params: { id: string }) => {
  const m = await model();
  return assumers(m, findRoleParam(m, params.id), q);
}, { expensive: true });
