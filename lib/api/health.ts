import "server-only";
import { getModel } from "@/lib/account";
import type { AccountState } from "@/lib/account/aws-org";
import { sourceConfig } from "@/lib/config";

export interface HealthResponse {
  ok: true;
  source: "demo" | "aws" | "snapshot";
  accounts: string[];
  problems: { file: string; message: string }[];
  /** aws source: every account of ROLECALL_ACCOUNTS, loaded, loading or unreachable (with what to do) */
  accountStatus?: AccountState[];
}

export async function health(): Promise<HealthResponse> {
  const cfg = await sourceConfig();
  const model = await getModel();
  if (cfg.source !== "aws") return { ok: true, source: cfg.source, accounts: model.loadedAccounts(), problems: model.problems };
  const { awsOrganization } = await import("@/lib/account/aws-org");
  const org = awsOrganization();
  return { ok: true, source: cfg.source, accounts: model.loadedAccounts(), problems: [...org.problems, ...model.problems], accountStatus: await org.accountStatus() };
}
