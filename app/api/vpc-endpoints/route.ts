import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { VpcEndpointsQuery, listVpcEndpoints } from "@/lib/api/vpc-endpoints";

export const dynamic = "force-dynamic";

export const GET = getRoute(VpcEndpointsQuery, async (q) => listVpcEndpoints(await model(), q));
