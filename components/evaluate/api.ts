// The client side of POST /api/evaluate: a typed error with the server's message and issues,
// and never a stack trace.

import type { EvaluateRequest, EvaluateResponse } from "@/lib/api/evaluate";

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export class EvaluateError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "EvaluateError";
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

function issuesOf(v: unknown): ApiIssue[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((i) => {
    if (typeof i !== "object" || i === null) return [];
    const { path, message } = i as { path?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    return [{ path: Array.isArray(path) ? path.filter((p): p is string | number => typeof p === "string" || typeof p === "number") : [], message }];
  });
}

export async function postEvaluate(request: EvaluateRequest): Promise<EvaluateResponse> {
  let res: Response;
  try {
    res = await fetch("/api/evaluate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch {
    throw new EvaluateError("Could not reach the RoleCall server. Check that it is still running, then evaluate again.", 0, "network");
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page, say): reported below by status
  }
  if (!res.ok) {
    const err = (body as ErrorBody | null)?.error;
    if (err && typeof err.message === "string") {
      throw new EvaluateError(err.message, res.status, typeof err.code === "string" ? err.code : "error", issuesOf(err.issues));
    }
    throw new EvaluateError(`The server answered HTTP ${res.status} without an explanation.`, res.status, "http");
  }
  if (typeof body !== "object" || body === null || !("decision" in body) || !("explain" in body)) {
    throw new EvaluateError("The server's answer was not an evaluation result.", res.status, "bad_response");
  }
  return body as EvaluateResponse;
}

const LABEL_PREFIX = /^(?:identity\[\d+\]|(?:scps|rcps)\[\d+\]\[\d+\]|resource|permissionBoundary|session|principal)(?: \([^)]*\))?: /;

/** A message shown next to its input: the input already says which policy it is. */
export function localMessage(message: string): string {
  return message.replace(LABEL_PREFIX, "");
}
