import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { PathsQuery, paths } from "@/lib/api/paths";
import { findRoleParam } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(PathsQuery, async (q, params: { id: string }) => {
  const m = await model();
  return paths(m, findRoleParam(m, params.id), q);
}, { expensive: true });
