import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { PrincipalsQuery, listPrincipals } from "@/lib/api/principals";

export const dynamic = "force-dynamic";

export const GET = getRoute(PrincipalsQuery, async (q) => listPrincipals(await model(), q));
