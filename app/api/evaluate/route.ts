import { actionWarning } from "@/lib/api/action-catalog";
import { EvaluateRequest, evaluateRequest } from "@/lib/api/evaluate";
import { postRoute } from "@/lib/api/http";

export const POST = postRoute(EvaluateRequest, async (input) => {
  const warning = await actionWarning(input.action);
  return evaluateRequest(input, warning ? [warning] : []);
});
