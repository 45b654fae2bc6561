// The client side of POST /api/evaluate: a typed error with the server's message and issues,
// and never a stack trace.

import type { EvaluateRequest, EvaluateResponse } from "@/lib/api/evaluate";
import { ApiRequestError, postJson } from "@/components/ui/http";

export { ApiRequestError as EvaluateError } from "@/components/ui/http";

export async function postEvaluate(request: EvaluateRequest): Promise<EvaluateResponse> {
  const body = await postJson<EvaluateResponse>("/api/evaluate", request);
  if (!("decision" in body) || !("explain" in body)) throw new ApiRequestError("The server's answer was not an evaluation result.", 200, "bad_response");
  return body;
}

const LABEL_PREFIX = /^(?:identity\[\d+\]|(?:scps|rcps)\[\d+\]\[\d+\]|resource|permissionBoundary|session|principal)(?: \([^)]*\))?: /;

/** A message shown next to its input: the input already says which policy it is. */
export function localMessage(message: string): string {
  return message.replace(LABEL_PREFIX, "");
}
