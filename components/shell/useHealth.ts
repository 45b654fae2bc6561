"use client";

import { useQuery } from "@tanstack/react-query";

/** The part of GET /api/health the shell shows. */
export interface Health {
  ok: boolean;
  source: "demo" | "aws" | "snapshot";
  accounts: string[];
  problems: { file: string; message: string }[];
  /** aws source: every account of ROLECALL_ACCOUNTS and whether RoleCall can read it */
  accountStatus?: AccountState[];
}

export interface AccountState {
  account: string;
  state: "loaded" | "loading" | "unreachable";
  reason: string | null;
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
    ...(Array.isArray(body.accountStatus) ? { accountStatus: body.accountStatus } : {}),
  };
}

export function useHealth() {
  // While accounts are still being read, ask again every 2 s so the header follows their states.
  return useQuery({ queryKey: ["health"], queryFn: fetchHealth, refetchInterval: (q) => (q.state.data?.accountStatus?.some((a) => a.state === "loading") ? 2000 : false) });
}
