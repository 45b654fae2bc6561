// The client side of the routes the simulate page calls: typed errors that keep the server's
// message, issues and extra fields (a 422's caveats), never a stack trace; and the queries
// RoleCapabilities and the simulate form share.

import { useQuery } from "@tanstack/react-query";
import type { CheckRequest } from "@/lib/api/diagnose";
import type { PrincipalsResponse } from "@/lib/api/principals";
import type { RoleDetail, RoleSummary } from "@/lib/api/roles";
import type { RoleActionsResponse, SimulateRequest, SimulateResponse } from "@/lib/api/simulate";
import type { CheckResult } from "@/lib/diagnose/check";

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: ApiIssue[] = [],
    /** the rest of the error body, e.g. `caveats` of a 422 policy_too_large */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiCallError";
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

async function call<T>(url: string, init?: RequestInit, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal, cache: "no-store" });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiCallError("Could not reach the RoleCall server. Check that it is still running, then try again.", 0, "network");
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
      throw new ApiCallError(err.message, res.status, typeof err.code === "string" ? err.code : "error", issuesOf(err.issues), obj);
    }
    throw new ApiCallError(`The server answered HTTP ${res.status} without an explanation.`, res.status, "http");
  }
  if (typeof body !== "object" || body === null) throw new ApiCallError("The server's answer was not JSON.", res.status, "bad_response");
  return body as T;
}

const post = <T>(url: string, body: unknown, signal?: AbortSignal) =>
  call<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, signal);

/** 4xx answers are the same the next time: do not retry them. */
export const retryTransient = (count: number, err: Error) => count < 1 && !(err instanceof ApiCallError && err.status >= 400 && err.status < 500);

export const rolePath = (id: string) => `/api/roles/${encodeURIComponent(id)}`;

export function listRoles(q: string, signal?: AbortSignal) {
  return call<{ roles: RoleSummary[]; total: number }>(`/api/roles?${new URLSearchParams({ q, limit: "8" })}`, undefined, signal);
}

export function listPrincipals(q: string, signal?: AbortSignal) {
  return call<PrincipalsResponse>(`/api/principals?${new URLSearchParams({ q, limit: "8" })}`, undefined, signal);
}

export function postCheck(req: CheckRequest, signal?: AbortSignal) {
  return post<CheckResult>("/api/check", req, signal);
}

export function getRoleActions(role: string, resource: string, context: Record<string, string>, signal?: AbortSignal) {
  const p = new URLSearchParams({ resource });
  if (Object.keys(context).length) p.set("context", JSON.stringify(context));
  return call<RoleActionsResponse>(`${rolePath(role)}/actions?${p}`, undefined, signal);
}

export function postSimulate(req: SimulateRequest, signal?: AbortSignal) {
  return post<SimulateResponse>("/api/simulate-role", req, signal);
}

/** GET /api/roles/{id}: shared by the page header and RoleCapabilities (one request). */
export function useRoleDetail(id: string | null) {
  return useQuery({
    queryKey: ["role-detail", id],
    queryFn: ({ signal }) => call<RoleDetail>(rolePath(id!), undefined, signal),
    enabled: !!id,
    retry: retryTransient,
  });
}
