import { ExplainErrorRequest, explainError } from "@/lib/api/diagnose";
import { postRoute } from "@/lib/api/http";
import { lazyModel } from "@/lib/api/model";

export const POST = postRoute(ExplainErrorRequest, async (input) => explainError(await lazyModel(), input.message, input.role, { sourceVpce: input.sourceVpce }));
