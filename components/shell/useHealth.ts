"use client";

import { useQuery } from "@tanstack/react-query";

/** The part of GET /api/health the shell shows. */
export interface Health {
  ok: boolean;
  source: "demo" | "aws" | "snapshot";
  accounts: string[];
  problems: { file: string; message: string }[];
}

async function fetchHealth(): Promise<Health> {
  const res = await fetch("/api/health", { cache: "no-store" });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status
    }
    throw new Error(message);
  }
  const body = (await res.json()) as Partial<Health>;
  return {
    ok: body.ok === true,
    source: body.source ?? "demo",
    accounts: Array.isArray(body.accounts) ? body.accounts : [],
    problems: Array.isArray(body.problems) ? body.problems : [],
  };
}

export function useHealth() {
  return useQuery({ queryKey: ["health"], queryFn: fetchHealth });
}
