// The request context of an AssumeRole call (rules reference §3), built from the caller and the
// request, and the condition keys whose value is NOT known. Never guess: a key that neither the
// request nor the model gives is unknown, and any check that depends on it says so.

import type { AccountModel, IamRole } from "@/lib/account/model";
import type { CompiledPolicy } from "@/lib/policy/compile";
import { RequestContext } from "@/lib/policy/context";
import { deriveContext } from "@/lib/policy/request";
import type { Caller } from "./caller";
import type { DiagnoseInput } from "./types";

export interface BuiltContext {
  context: RequestContext;
  /** lower-cased keys that policies reference and whose value is not known */
  unknownKeys: Set<string>;
  /** why each unknown key is unknown, keyed by lower-cased name */
  why: Map<string, string>;
}

/** Whether the SCP/RCP levels (and so the org ID) of an account are known. */
export function orgKnown(model: AccountModel, account: string): boolean {
  return model.accounts.get(account)?.loaded === true && model.unknownsFor(`account ${account}`).every((u) => u.fact !== "SCPs and RCPs");
}

/**
 * An account the Organization file does not list is not in that organization: its org ID is
 * absent or another organization's. When every condition on the key only compares it with the
 * known org ID (and none tests Null), both possibilities decide alike, so "absent" is exact.
 */
function outsideKnownOrg(model: AccountModel, account: string, lowerKey: string, policies: CompiledPolicy[]): boolean {
  const org = model.organizationId;
  if (!org || model.accounts.get(account)?.org) return false;
  for (const p of policies) {
    for (const s of p.statements) {
      for (const c of s.conditions) {
        if (c.lowerKey !== lowerKey) continue;
        if (c.operator.base === "Null" || c.policyValues.some((v) => v !== org)) return false;
      }
    }
  }
  return true;
}

const keysOf = new WeakMap<CompiledPolicy, [string, string][]>();

/** The condition keys a policy tests (lower-cased → as written), computed once per policy. */
function policyKeys(p: CompiledPolicy): [string, string][] {
  let k = keysOf.get(p);
  if (!k) {
    const m = new Map<string, string>();
    for (const s of p.statements) for (const c of s.conditions) m.set(c.lowerKey, c.key);
    k = [...m];
    keysOf.set(p, k);
  }
  return k;
}

function referencedKeys(policies: CompiledPolicy[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of policies) for (const [lower, key] of policyKeys(p)) out.set(lower, key);
  return out;
}

const ABSENT_UNLESS_GIVEN = new Set(["sts:externalid", "sts:sourceidentity", "sts:transitivetagkeys", "aws:tagkeys", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast"]);

export function buildContext(model: AccountModel, caller: Caller, role: IamRole | undefined, roleArn: string, input: DiagnoseInput, policies: CompiledPolicy[], now = new Date()): BuiltContext {
  const ctx = new RequestContext(input.context);
  const p = caller.principal;
  const isSession = p.type === "assumed-role" || p.type === "role";
  const isIam = "account" in p;

  if (input.roleSessionName !== undefined) ctx.setDefault("sts:RoleSessionName", input.roleSessionName);
  if (input.externalId !== undefined) ctx.setDefault("sts:ExternalId", input.externalId);
  if (input.sourceIdentity !== undefined) ctx.setDefault("sts:SourceIdentity", input.sourceIdentity);
  // Through a VPC endpoint the request carries aws:SourceVpce and aws:SourceVpc, and no
  // aws:SourceIp (it has no public address); the caller's private address is aws:VpcSourceIp. So a
  // sourceIp given with a sourceVpce is that private address (rules reference R3.12, R3.13, R12.6).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip
  const endpoint = input.sourceVpce !== undefined ? model.findVpcEndpoint(input.sourceVpce) : undefined;
  if (input.sourceVpce !== undefined) {
    ctx.setDefault("aws:SourceVpce", input.sourceVpce);
    if (endpoint?.vpcId) ctx.setDefault("aws:SourceVpc", endpoint.vpcId);
    if (input.sourceIp !== undefined) ctx.setDefault("aws:VpcSourceIp", input.sourceIp);
    // an STS interface endpoint is a Regional endpoint: the call goes to that Region's STS
    if (endpoint?.region) ctx.setDefault("aws:RequestedRegion", endpoint.region);
  } else if (input.sourceIp !== undefined) ctx.setDefault("aws:SourceIp", input.sourceIp);
  if (input.tags) {
    for (const [k, v] of Object.entries(input.tags)) ctx.setDefault(`aws:RequestTag/${k}`, v);
    ctx.setDefault("aws:TagKeys", Object.keys(input.tags));
  }
  if (input.transitiveTagKeys) ctx.setDefault("sts:TransitiveTagKeys", input.transitiveTagKeys);
  // R3.9: long-term keys carry no aws:MultiFactorAuthPresent, but passing SerialNumber and
  // TokenCode on AssumeRole makes it true; a session carries "false" when it had no MFA.
  if (input.mfa === true) ctx.setDefault("aws:MultiFactorAuthPresent", "true");
  if (input.mfa === false && isSession) ctx.setDefault("aws:MultiFactorAuthPresent", "false");
  if (isIam) {
    ctx.setDefault("aws:SecureTransport", "true");
    ctx.setDefault("aws:ViaAWSService", "false");
  }

  // Caller facts from the model.
  if (p.type === "assumed-role" && caller.role) ctx.setDefault("aws:PrincipalArn", caller.role.arn);
  if (p.type === "user" && caller.user?.userId) ctx.setDefault("aws:userid", caller.user.userId);
  if (p.type === "assumed-role" && caller.role?.roleId) ctx.setDefault("aws:userid", `${caller.role.roleId}:${p.sessionName}`);
  if (caller.tags) for (const [k, v] of Object.entries(caller.tags)) ctx.setDefault(`aws:PrincipalTag/${k}`, v);
  const callerOrg = caller.account ? model.accounts.get(caller.account)?.orgId : undefined;
  if (callerOrg) ctx.setDefault("aws:PrincipalOrgID", callerOrg);

  // Resource (role) facts.
  const roleAccount = role?.account ?? /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1];
  if (role) {
    for (const [k, v] of Object.entries(role.tags)) {
      ctx.setDefault(`aws:ResourceTag/${k}`, v);
      ctx.setDefault(`iam:ResourceTag/${k}`, v);
    }
  }
  const roleOrg = roleAccount ? model.accounts.get(roleAccount)?.orgId : undefined;
  if (roleOrg) ctx.setDefault("aws:ResourceOrgID", roleOrg);
  deriveContext(p, ctx, roleAccount, now);

  // Which referenced keys are still unknown?
  const unknownKeys = new Set<string>();
  const why = new Map<string, string>();
  const unknown = (lower: string, reason: string) => {
    unknownKeys.add(lower);
    why.set(lower, reason);
  };
  for (const [lower, key] of referencedKeys(policies)) {
    if (ctx.getLower(lower)) continue;
    if (ABSENT_UNLESS_GIVEN.has(lower) || lower.startsWith("aws:requesttag/")) continue;
    if (lower === "aws:username" || lower === "aws:principalarn" || lower === "aws:principaltype" || lower === "aws:principalaccount") continue;
    if (lower === "sts:rolesessionname") unknown(lower, "give the role session name you will use (the AWS CLI default is botocore-session-<epoch>)");
    else if (lower === "aws:multifactorauthpresent" || lower === "aws:multifactorauthage") {
      if (input.mfa === false) continue;
      unknown(lower, `this policy tests ${key}: say whether you will sign in with MFA (--serial-number and --token-code)`);
    } else if (lower.startsWith("aws:principaltag/")) {
      if (caller.tags) continue;
      unknown(lower, `the caller's tags are not known (${caller.unknownReason ?? "not loaded"})`);
    } else if (lower.startsWith("aws:resourcetag/") || lower.startsWith("iam:resourcetag/")) {
      if (role) continue;
      unknown(lower, "the role's tags are not known");
    } else if (lower === "aws:principalorgid" || lower === "aws:resourceorgid") {
      const acct = lower === "aws:principalorgid" ? caller.account : roleAccount;
      if (acct && orgKnown(model, acct)) continue;
      if (acct && outsideKnownOrg(model, acct, lower, policies)) continue;
      unknown(lower, `whether account ${acct ?? "?"} belongs to an organization is not known: add an Organization file to the snapshot or give ${key}`);
    } else if ((lower === "aws:sourcearn" || lower === "aws:sourceaccount") && isIam) continue;
    else if (lower === "aws:userid" && p.type === "root") continue;
    else if (lower === "aws:tokenissuetime" && p.type === "user") continue;
    else if (lower === "aws:sourceip") {
      if (input.sourceVpce !== undefined) continue; // absent through a VPC endpoint
      unknown(lower, `this policy tests ${key}: give the caller's public IP address (it is absent when the call goes through a VPC endpoint)`);
    } else if (lower === "aws:sourcevpce" || lower === "aws:sourcevpc" || lower === "aws:vpcsourceip") {
      // without a source VPC endpoint the call reaches STS's public endpoint: these keys are absent
      if (input.sourceVpce === undefined) continue;
      if (lower === "aws:sourcevpc") unknown(lower, `the VPC of ${input.sourceVpce} is not known: it is not in the loaded VPC endpoints (add the describe-vpc-endpoints output), or give ${key}`);
      else unknown(lower, `this policy tests ${key}: give the caller's private IP address in the VPC (sourceIp, with the VPC endpoint)`);
    }
    else unknown(lower, `this policy tests ${key}, which the request does not give: add it to the context`);
  }
  return { context: ctx, unknownKeys, why };
}
