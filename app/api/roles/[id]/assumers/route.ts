import { z } from "zod";
import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { assumers, findRoleParam } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(z.strictObject({}), async (_q, params: { id: string }) => {
  const m = await model();
  return assumers(m, findRoleParam(m, params.id));
}, { expensive: true });
