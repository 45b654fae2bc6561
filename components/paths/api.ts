"use client";
// The access-path calls: GET /api/roles/{role}/reachers and /api/principals/{arn}/reachable.

import { useQuery } from "@tanstack/react-query";
import type { Reacher, ReachableRole } from "@/lib/paths/types";
import { getJson } from "@/components/ui/http";

export function useReachers(role: string) {
  return useQuery({
    queryKey: ["reachers", role],
    queryFn: ({ signal }) => getJson<{ role: string; reachers: Reacher[] }>(`/api/roles/${encodeURIComponent(role)}/reachers`, signal),
  });
}

export function useReachable(principal: string) {
  return useQuery({
    queryKey: ["reachable", principal],
    queryFn: ({ signal }) => getJson<{ principal: string; reachable: ReachableRole[] }>(`/api/principals/${encodeURIComponent(principal)}/reachable`, signal),
  });
}
