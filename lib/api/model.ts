import "server-only";
// The account model behind the API, plus the aws source's extras: the dashboard's own identity
// as the default principal, and lazy reads of principals and roles the model does not hold yet.

import { getModel, type AccountModel } from "@/lib/account";
import { sourceConfig } from "@/lib/config";
import { ApiError } from "./http";

/**
 * The model with every account of ROLECALL_ACCOUNTS read, for questions about all of them ("who
 * can assume", lists). With the aws source this waits for the background load of the other
 * accounts; an unreachable account is in it as unknowns.
 */
export async function model(): Promise<AccountModel> {
  const m = await getModel();
  const cfg = await sourceConfig();
  if (cfg.source === "aws") {
    const { awsOrganization } = await import("@/lib/account/aws-org");
    await awsOrganization().loadAllInBackground(m);
  }
  return m;
}

/** The model as loaded so far, for one diagnosis: the accounts it touches are read lazily (ensureLoaded). */
export async function lazyModel(): Promise<AccountModel> {
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
  const { awsOrganization } = await import("@/lib/account/aws-org");
  const src = awsOrganization();
  await Promise.all([
    principal && principal.startsWith("arn:") ? src.loadPrincipal(m, principal).catch(() => undefined) : undefined,
    role && !m.findRole(role) ? src.loadRole(m, role).catch(() => undefined) : undefined,
  ]);
}
