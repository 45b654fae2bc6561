// The client side of the routes the simulate page calls: typed errors that keep the server's
// message, issues and extra fields (a 422's caveats), never a stack trace; and the queries
// RoleCapabilities and the simulate form share.

import { useQuery } from "@tanstack/react-query";
import type { CheckRequest } from "@/lib/api/diagnose";
import type { PrincipalsResponse } from "@/lib/api/principals";
import type { RoleDetail, RoleSummary } from "@/lib/api/roles";
import type { RoleActionsResponse, SimulateRequest, SimulateResponse } from "@/lib/api/simulate";
import type { CheckResult } from "@/lib/diagnose/check";
import { ApiRequestError, getJson, postJson } from "@/components/ui/http";

export { ApiRequestError as ApiCallError } from "@/components/ui/http";

const call = <T>(url: string, _init: undefined, signal?: AbortSignal) => getJson<T>(url, signal);
const post = postJson;

/** 4xx answers are the same the next time: do not retry them. */
export const retryTransient = (count: number, err: Error) => count < 1 && !(err instanceof ApiRequestError && err.status >= 400 && err.status < 500);

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
