// The browser side of RoleCall's JSON API: a typed error with the server's message and issues
// (never a stack trace), for GET and POST.

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: ApiIssue[] = [],
    /** the rest of the error body, e.g. the `caveats` of a 422 policy_too_large */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
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

async function call<T>(url: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal, cache: "no-store" });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiRequestError("Could not reach the RoleCall server. Check that it is still running, then try again.", 0, "network");
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page, say): reported below by status
  }
  if (!res.ok) {
    const obj = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    const err = obj.error as { code?: unknown; message?: unknown; issues?: unknown } | undefined;
    if (err && typeof err.message === "string") {
      throw new ApiRequestError(err.message, res.status, typeof err.code === "string" ? err.code : "error", issuesOf(err.issues), obj);
    }
    throw new ApiRequestError(`The server answered HTTP ${res.status} without an explanation.`, res.status, "http");
  }
  if (body === null || typeof body !== "object") throw new ApiRequestError("The server's answer was not JSON.", res.status, "bad_response");
  return body as T;
}

export function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return call<T>(url, { method: "GET" }, signal);
}

export function postJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return call<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, signal);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
