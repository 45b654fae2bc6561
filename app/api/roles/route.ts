import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { RolesQuery, listRoles } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(RolesQuery, async (q) => listRoles(await model(), q));
