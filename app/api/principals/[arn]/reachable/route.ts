import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { ReachQuery, reachable } from "@/lib/api/paths";
import { PrincipalParam } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(ReachQuery, async (q, params: { arn: string }) => reachable(await model(), PrincipalParam.parse(params.arn), q), { expensive: true });
