import "server-only";
import { getModel } from "@/lib/account";
import { sourceConfig } from "@/lib/config";

export interface IdentityResponse {
  source: "demo" | "aws" | "snapshot";
  arn: string | null;
  account: string | null;
  userId: string | null;
  /** the accounts whose data is loaded */
  accounts: string[];
}

export async function identity(): Promise<IdentityResponse> {
  const cfg = await sourceConfig();
  const model = await getModel();
  if (cfg.source === "aws") {
    const { awsSource } = await import("@/lib/account/aws");
    const me = await awsSource().identity();
    return { source: cfg.source, arn: me.arn, account: me.account, userId: me.userId, accounts: model.loadedAccounts() };
  }
  const accounts = model.loadedAccounts();
  return { source: cfg.source, arn: null, account: accounts.length === 1 ? accounts[0]! : null, userId: null, accounts };
}
