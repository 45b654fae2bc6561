import "server-only";
// POST /api/simulate-role and "what may this role do on this resource".

import { z } from "zod";
import type { AccountModel, IamRole } from "@/lib/account/model";
import { checkAccess } from "@/lib/diagnose/check";
import { planSimulation, type SimulatePlan } from "@/lib/simulate/simulate";
import { AuditUnavailable, audit, mintConfig, mintCredentials, openAudit, roleAllowed, type MintedCredentials } from "@/lib/simulate/mint";
import { mayMint, simulateUsers } from "@/lib/auth/config";
import { expandActionPattern, serviceActions } from "./action-catalog";
import { ApiError } from "./http";
import { Principal, Resource } from "./evaluate";
import { findRoleParam } from "./roles";
import { lazyModel } from "./model";
import { sourceConfig } from "@/lib/config";

export const SimulateRequest = z.strictObject({
  role: z.string().trim().min(1, "the role to simulate: its ARN or name").max(2048),
  baseRole: z.string().trim().min(1).max(2048).optional(),
  mint: z.boolean().optional(),
  /** who will assume the base role (for the caveats); defaults to the dashboard's identity with the aws source */
  caller: Principal.optional(),
  /** the CLI profile whose credentials call AssumeRole in the commands (default "default") */
  sourceProfile: z.string().regex(/^[\w.@-]{1,64}$/, "a profile name: letters, digits and _.@-").optional(),
});
export type SimulateRequest = z.infer<typeof SimulateRequest>;

export interface SimulateResponse extends SimulatePlan {
  /** only with mint: true and minting configured; shown once, never stored */
  credentials?: MintedCredentials;
  minting: { enabled: boolean; reason: string | null };
}

function statements(doc: Record<string, unknown>): Record<string, unknown>[] {
  const s = doc.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Record<string, unknown>[];
}

async function expander(model: AccountModel, role: IamRole): Promise<(p: string) => string[]> {
  const docs = [...role.inlinePolicies.map((p) => p.document), ...role.attachedPolicies.flatMap((p) => (model.managedDocument(p.arn) ? [model.managedDocument(p.arn)!] : []))];
  const patterns = new Set<string>();
  for (const d of docs) for (const st of statements(d)) for (const a of [st.Action].flat()) if (typeof a === "string" && /[*?]/.test(a) && a !== "*") patterns.add(a);
  const expanded = new Map<string, string[]>();
  await Promise.all([...patterns].map(async (p) => expanded.set(p, await expandActionPattern(p, 60))));
  return (p) => expanded.get(p) ?? [p];
}

export async function simulateRole(model: AccountModel, input: SimulateRequest & { portalUser?: string | null; defaultCaller?: string }): Promise<SimulateResponse> {
  const role = findRoleParam(model, encodeURIComponent(input.role));
  const cfg = mintConfig();
  const baseArg = input.baseRole ?? ("baseRole" in cfg ? cfg.baseRole : undefined);
  if (!baseArg) throw new ApiError(400, "invalid_request", "baseRole: required (no ROLECALL_SIMULATE_BASE_ROLE is configured): the ARN or name of a broader role you may assume", [{ path: ["baseRole"], message: "required" }]);
  const base = findRoleParam(model, encodeURIComponent(baseArg));
  const plan = planSimulation(model, role, base, {
    caller: input.caller ?? input.defaultCaller,
    portalUser: input.portalUser ?? undefined,
    sourceProfile: input.sourceProfile,
    expandActions: await expander(model, role),
  });
  const user = input.portalUser ?? null;
  const userMayMint = mayMint(user, simulateUsers());
  const notListed = user
    ? `You (${user}) may not mint credentials: ROLECALL_SIMULATE_USERS does not list you. Ask whoever runs RoleCall to add you; the commands above still work with your own credentials.`
    : 'Minting without sign-in (ROLECALL_AUTH=none) needs ROLECALL_SIMULATE_USERS to contain "local" or "*".';
  const minting = "off" in cfg ? { enabled: false, reason: cfg.off } : userMayMint ? { enabled: true, reason: null } : { enabled: false, reason: notListed };
  if (plan.overflow) {
    const parts = plan.overflow.parts.map((p) => `${p.name}${p.chars ? ` (${p.chars} characters)` : ""}`).join("; ");
    throw new ApiError(
      422,
      "policy_too_large",
      `${role.name}'s policies do not fit in a session policy: ${plan.overflow.chars} of ${plan.overflow.limit} characters (${parts}). Simulate with fewer policies (e.g. make the largest inline policy a customer managed policy in ${base.account}, which can then be passed by ARN), or ask for permission to assume the role itself.`,
      [],
      { caveats: plan.caveats },
    );
  }
  if (!input.mint) return { ...plan, minting };

  // --- minting ---
  if ("off" in cfg) throw new ApiError(403, "minting_disabled", cfg.off);
  if (!userMayMint) {
    await audit(cfg.auditLog, { time: new Date().toISOString(), event: "mint-refused", user, role: role.arn, baseRole: base.arn, roleSessionName: plan.roleSessionName, reason: "user not in ROLECALL_SIMULATE_USERS" });
    throw new ApiError(403, "forbidden", notListed);
  }
  if (base.arn !== cfg.baseRole) {
    await audit(cfg.auditLog, { time: new Date().toISOString(), event: "mint-refused", user, role: role.arn, baseRole: base.arn, roleSessionName: plan.roleSessionName, reason: "not the configured base role" });
    throw new ApiError(403, "forbidden", `Credentials are minted only on the configured base role ${cfg.baseRole}, not ${base.arn}.`);
  }
  if (!roleAllowed(cfg, role.name, role.path)) {
    await audit(cfg.auditLog, { time: new Date().toISOString(), event: "mint-refused", user, role: role.arn, baseRole: base.arn, roleSessionName: plan.roleSessionName, reason: "role not allow-listed" });
    throw new ApiError(403, "forbidden", `${role.name} is not in ROLECALL_SIMULATE_ALLOW (${cfg.allow.join(", ")}): the commands above still work with your own credentials.`);
  }
  const { awsSource } = await import("@/lib/account/aws");
  let log;
  try {
    log = await openAudit(cfg.auditLog);
  } catch (e) {
    if (e instanceof AuditUnavailable) throw new ApiError(503, "audit_unavailable", e.message);
    throw e;
  }
  try {
    let credentials: MintedCredentials;
    try {
      credentials = await mintCredentials(awsSource().sts, { baseRole: base.arn, roleSessionName: plan.roleSessionName, sessionPolicy: plan.sessionPolicy, policyArns: plan.policyArns });
    } catch (e) {
      const msg = e instanceof Error ? e.message : "AssumeRole failed";
      await audit(cfg.auditLog, { time: new Date().toISOString(), event: "mint-refused", user, role: role.arn, baseRole: base.arn, roleSessionName: plan.roleSessionName, reason: `AssumeRole failed: ${msg}` });
      throw new ApiError(502, "assume_role_failed", `AssumeRole on ${base.arn} failed: ${msg}`);
    }
    const entry = {
      time: new Date().toISOString(),
      event: "mint" as const,
      user,
      role: role.arn,
      baseRole: base.arn,
      roleSessionName: plan.roleSessionName,
      policyArns: plan.policyArns,
      sessionPolicyChars: plan.sessionPolicyChars,
      accessKeyId: credentials.AccessKeyId,
      expiration: credentials.Expiration,
    };
    try {
      // recorded before the credentials leave the server
      await log.write(entry);
    } catch (e) {
      // `entry` holds the access key ID (what CloudTrail shows), never the secret key or the session token
      console.error(`rolecall: ROLECALL_AUDIT_LOG (${cfg.auditLog}) could not be written (${(e as NodeJS.ErrnoException).code ?? "error"}) after AssumeRole; the session was not handed out. The audit line: ${JSON.stringify(entry)}`);
      throw new ApiError(503, "audit_unavailable", `The mint could not be recorded in ROLECALL_AUDIT_LOG, so the credentials were withheld (the session ${credentials.AccessKeyId} expires by itself at ${credentials.Expiration}).`);
    }
    return { ...plan, minting, credentials };
  } finally {
    await log.close().catch(() => undefined);
  }
}

/**
 * POST /api/simulate-role on the configured source (the route and the rolecall command both call
 * it): with the aws source the caller defaults to the credentials' own identity.
 */
export async function simulateRoleOnSource(input: SimulateRequest, portalUser: string | null): Promise<SimulateResponse> {
  const m = await lazyModel();
  const cfg = await sourceConfig();
  let defaultCaller: string | undefined;
  if (cfg.source === "aws") {
    const { awsSource } = await import("@/lib/account/aws");
    defaultCaller = (await awsSource().identity().catch(() => undefined))?.arn;
  }
  return simulateRole(m, { ...input, defaultCaller, portalUser });
}

export const RoleActionsQuery = z.strictObject({ resource: Resource, context: z.string().max(4096).optional() });

export interface RoleActionsResponse {
  role: string;
  resource: string;
  service: string;
  allowed: { action: string; dependsOn: string[] }[];
  /** how many actions of the service were evaluated */
  evaluated: number;
}

/** Every action of the resource's service that the role may perform on it. */
export async function roleActionsOn(model: AccountModel, role: IamRole, resource: string, context?: Record<string, string>): Promise<RoleActionsResponse> {
  const service = resource === "*" ? "" : (resource.split(":")[2] ?? "");
  if (!service) throw new ApiError(400, "invalid_request", "resource: give an ARN (its service decides which actions are tried)");
  const actions = await serviceActions(service);
  const allowed: RoleActionsResponse["allowed"] = [];
  for (const action of actions) {
    const r = checkAccess(model, { principal: role.arn, action, resource, context });
    if (r.decision === "allowed" || r.dependsOn.length) allowed.push({ action, dependsOn: r.dependsOn });
  }
  return { role: role.arn, resource, service, allowed, evaluated: actions.length };
}
