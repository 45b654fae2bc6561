import "server-only";
// The account model behind the API, plus the aws source's extras: the dashboard's own identity
// as the default principal, and lazy reads of principals and roles the model does not hold yet.

import { getModel, type AccountModel } from "@/lib/account";
import { sourceConfig } from "@/lib/config";
import { ApiError } from "./http";

export async function model(): Promise<AccountModel> {
  return getModel();
}

/** The principal to diagnose: the given one, or with the aws source the dashboard's own. */
export async function defaultPrincipal(given: string | undefined): Promise<string> {
  if (given) return given;
  const cfg = await sourceConfig();
  if (cfg.source !== "aws") {
    throw new ApiError(400, "invalid_request", "principal: required with the demo and snapshot sources (the caller's ARN, e.g. arn:aws:iam::111111111111:user/alice)", [
      { path: ["principal"], message: "required with the demo and snapshot sources" },
    ]);
  }
  const { awsSource } = await import("@/lib/account/aws");
  return (await awsSource().identity()).arn;
}

/** With the aws source, read the principal and role lazily when the model lacks them. */
export async function ensureLoaded(m: AccountModel, principal: string | undefined, role: string | undefined): Promise<void> {
  const cfg = await sourceConfig();
  if (cfg.source !== "aws") return;
  const { awsSource } = await import("@/lib/account/aws");
  const src = awsSource();
  await Promise.all([
    principal && principal.startsWith("arn:") ? src.loadPrincipal(m, principal).catch(() => undefined) : undefined,
    role && !m.findRole(role) ? src.loadRole(m, role).catch(() => undefined) : undefined,
  ]);
}
