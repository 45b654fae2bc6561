import { z } from "zod";
import { getRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { PrincipalParam, assumable } from "@/lib/api/roles";

export const dynamic = "force-dynamic";

export const GET = getRoute(z.strictObject({}), async (_q, params: { arn: string }) => assumable(await model(), PrincipalParam.parse(params.arn)), { expensive: true });
