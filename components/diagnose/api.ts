"use client";
// The diagnose page's calls: POST /api/diagnose, POST /api/explain-error, and the lists behind
// the principal and role suggestions.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDebounced } from "@/components/ui/useDebounced";
import type { DiagnoseRequest, ExplainErrorResponse } from "@/lib/api/diagnose";
import type { PrincipalsResponse } from "@/lib/api/principals";
import type { RoleSummary } from "@/lib/api/roles";
import type { VpcEndpointsResponse } from "@/lib/api/vpc-endpoints";
import type { AssumeVerdict } from "@/lib/diagnose/assumers";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { getJson, postJson } from "@/components/ui/http";

export type { DiagnoseResult, ExplainErrorResponse };

export const postDiagnose = (request: DiagnoseRequest) => postJson<DiagnoseResult>("/api/diagnose", request);
export const postExplain = (body: { message: string; role?: string; sourceVpce?: string }) => postJson<ExplainErrorResponse>("/api/explain-error", body);

const SUGGESTIONS = 20;

export function usePrincipalSuggestions(text: string) {
  const q = useDebounced(text.trim());
  return useQuery({
    queryKey: ["principals", q],
    queryFn: ({ signal }) => getJson<PrincipalsResponse>(`/api/principals?${new URLSearchParams({ q, limit: String(SUGGESTIONS) })}`, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export function useRoleSuggestions(text: string) {
  const q = useDebounced(text.trim());
  return useQuery({
    queryKey: ["roles", "suggest", q],
    queryFn: ({ signal }) => getJson<{ roles: RoleSummary[]; total: number }>(`/api/roles?${new URLSearchParams({ q, limit: String(SUGGESTIONS) })}`, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** The STS VPC endpoints the model knows, for the "source VPC endpoint" field. */
export function useVpcEndpoints(text: string) {
  const q = useDebounced(text.trim());
  return useQuery({
    queryKey: ["vpc-endpoints", q],
    queryFn: ({ signal }) => getJson<VpcEndpointsResponse>(`/api/vpc-endpoints?${new URLSearchParams({ q, service: "sts", limit: String(SUGGESTIONS) })}`, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export interface Identity {
  source: "demo" | "aws" | "snapshot";
  arn: string | null;
  account: string | null;
}

export function useIdentity() {
  return useQuery({ queryKey: ["identity"], queryFn: ({ signal }) => getJson<Identity>("/api/identity", signal), staleTime: Infinity, retry: 0 });
}

export function useAssumable(principal: string | null) {
  return useQuery({
    queryKey: ["assumable", principal],
    queryFn: ({ signal }) => getJson<{ principal: string; roles: AssumeVerdict[] }>(`/api/principals/${encodeURIComponent(principal!)}/assumable`, signal),
    enabled: !!principal,
  });
}

/** Something the assumable endpoint accepts: an IAM/STS ARN or a service principal. */
export function isPrincipalArn(s: string): boolean {
  return /^arn:[^:]+:(iam|sts)::\d{12}:.+/.test(s) || /^[a-z0-9.-]+\.amazonaws\.com$/.test(s);
}
