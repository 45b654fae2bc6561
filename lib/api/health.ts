import "server-only";
import { getModel } from "@/lib/account";
import { sourceConfig } from "@/lib/config";

export interface HealthResponse {
  ok: true;
  source: "demo" | "aws" | "snapshot";
  accounts: string[];
  problems: { file: string; message: string }[];
}

export async function health(): Promise<HealthResponse> {
  const cfg = await sourceConfig();
  const model = await getModel();
  return { ok: true, source: cfg.source, accounts: model.loadedAccounts(), problems: model.problems };
}
