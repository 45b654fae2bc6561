import { ExplainErrorRequest, explainError } from "@/lib/api/diagnose";
import { postRoute } from "@/lib/api/http";
import { model } from "@/lib/api/model";

export const POST = postRoute(ExplainErrorRequest, async (input) => explainError(await model(), input.message, input.role, { sourceVpce: input.sourceVpce }));
