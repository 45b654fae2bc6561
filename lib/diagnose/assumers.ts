// Who can assume a role, and what can a principal assume. Only the principals a trust policy
// could admit are diagnosed in full: trust policies are indexed by the principals and accounts
// they name, and everyone else is denied by the trust policy without evaluation.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { parseArn, splitIamResource } from "@/lib/policy/arn";
import { UNIQUE_ID } from "@/lib/policy/principal";
import { diagnoseAssumeRole } from "./diagnose";
import { roleProfile } from "./profile";
import type { CheckId, DiagnoseResult } from "./types";

export type PrincipalKind = "user" | "role" | "root" | "service";

export interface KnownPrincipal {
  arn: string;
  kind: PrincipalKind;
  name: string;
  account?: string;
}

export interface AssumeVerdict {
  principal: string;
  kind: PrincipalKind;
  name: string;
  account?: string;
  role: string;
  verdict: DiagnoseResult["verdict"];
  blockedBy: CheckId[];
  /** condition keys the answer depends on; with `verdict: "unknown"` it is allowed only with them */
  dependsOn: string[];
  /** "allowed with MFA", "allowed with the external ID", … */
  conditions: string[];
  /** the role was not evaluated in full: the trust policy does not name this principal or its account */
  screened: boolean;
}

/** What a trust policy's Allow statements for sts:AssumeRole name. */
export interface TrustIndex {
  everyone: boolean;
  accounts: Set<string>;
  users: Set<string>;
  /** "account:lower-case role name" */
  roles: Set<string>;
  services: Set<string>;
}

const cache = new WeakMap<object, TrustIndex>();

export function trustIndex(role: IamRole): TrustIndex {
  const hit = cache.get(role.trustPolicy);
  if (hit) return hit;
  const idx: TrustIndex = { everyone: false, accounts: new Set(), users: new Set(), roles: new Set(), services: new Set() };
  const statements = Array.isArray(role.trustPolicy.Statement) ? role.trustPolicy.Statement : [role.trustPolicy.Statement];
  for (const st of statements as Record<string, unknown>[]) {
    if (!st || st.Effect !== "Allow") continue;
    const p = st.Principal as Record<string, unknown> | string | undefined;
    if (p === "*") {
      idx.everyone = true;
      continue;
    }
    if (!p || typeof p !== "object") continue;
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
    for (const v of list(p.AWS)) {
      if (v === "*") idx.everyone = true;
      else if (/^\d{12}$/.test(v)) idx.accounts.add(v);
      else if (UNIQUE_ID.test(v)) continue;
      else {
        const arn = parseArn(v);
        if (!arn) continue;
        if (arn.service === "iam" && arn.resource === "root") idx.accounts.add(arn.account);
        else if (arn.service === "iam") {
          const r = splitIamResource(arn.resource);
          if (r.type === "user") idx.users.add(v);
          if (r.type === "role") idx.roles.add(`${arn.account}:${r.name.toLowerCase()}`);
        } else if (arn.service === "sts") {
          const [kind, roleName] = arn.resource.split("/");
          if (kind === "assumed-role" && roleName) idx.roles.add(`${arn.account}:${roleName.toLowerCase()}`);
        }
      }
    }
    for (const v of list(p.Service)) idx.services.add(v.toLowerCase());
  }
  cache.set(role.trustPolicy, idx);
  return idx;
}

export function admits(idx: TrustIndex, p: KnownPrincipal): boolean {
  if (p.kind === "service") return idx.services.has(p.arn.toLowerCase());
  if (idx.everyone || (p.account && idx.accounts.has(p.account))) return true;
  if (p.kind === "user") return idx.users.has(p.arn);
  if (p.kind === "role") return idx.roles.has(`${p.account}:${p.name.toLowerCase()}`);
  return false;
}

/** Every principal the model knows: users, roles, account roots; plus the given services. */
export function knownPrincipals(model: AccountModel, services: Iterable<string> = []): KnownPrincipal[] {
  const out: KnownPrincipal[] = [];
  for (const u of model.users.values()) out.push({ arn: u.arn, kind: "user", name: u.name, account: u.account });
  for (const r of model.roles.values()) {
    if (r.path.startsWith("/aws-service-role/")) continue;
    out.push({ arn: r.arn, kind: "role", name: r.name, account: r.account });
  }
  for (const a of model.loadedAccounts()) out.push({ arn: `arn:aws:iam::${a}:root`, kind: "root", name: `${a} root user`, account: a });
  for (const s of services) out.push({ arn: s, kind: "service", name: s });
  return out;
}

const CONDITION_TEXT: Record<string, string> = {
  "aws:multifactorauthpresent": "with MFA",
  "aws:multifactorauthage": "with a recent MFA sign-in",
  "sts:externalid": "with the external ID",
  "aws:sourceip": "from an allowed IP address",
  "sts:rolesessionname": "with an allowed session name",
  "aws:sourceaccount": "when acting for the right account",
  "aws:sourcearn": "when acting for the right resource",
};

function conditionsText(keys: string[]): string[] {
  return keys.map((k) => `allowed ${CONDITION_TEXT[k.toLowerCase()] ?? `if ${k} matches`}`);
}

const TRUST_ONLY: CheckId[] = ["trust-policy"];
const NOTHING: string[] = [];

function assess(model: AccountModel, role: IamRole, p: KnownPrincipal, idx: TrustIndex): AssumeVerdict {
  if (!admits(idx, p)) {
    // Most principals end here: keep them cheap (shared, never-mutated arrays).
    return { principal: p.arn, kind: p.kind, name: p.name, account: p.account, role: role.arn, verdict: "denied", blockedBy: TRUST_ONLY, dependsOn: NOTHING, conditions: NOTHING, screened: true };
  }
  const base = { principal: p.arn, kind: p.kind, name: p.name, account: p.account, role: role.arn };
  if (p.kind === "root") {
    return { ...base, verdict: "denied", blockedBy: ["identity-policy"], dependsOn: [], conditions: ["root user credentials cannot call AssumeRole"], screened: true };
  }
  const r = diagnoseAssumeRole(model, { principal: p.arn, role: role.arn }, { lean: true });
  const dependsOn = [...new Set(r.checks.flatMap((c) => (c.status === "unknown" ? (c.unknownKeys ?? []) : [])))];
  return { ...base, verdict: r.verdict, blockedBy: r.blockedBy, dependsOn, conditions: r.verdict === "unknown" ? conditionsText(dependsOn) : [], screened: false };
}

const ORDER: Record<AssumeVerdict["verdict"], number> = { allowed: 0, unknown: 1, denied: 2 };

/** ARNs are ASCII: plain code-unit order is right, and much cheaper than localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortVerdicts(a: AssumeVerdict, b: AssumeVerdict): number {
  return ORDER[a.verdict] - ORDER[b.verdict] || Number(a.screened) - Number(b.screened) || byText(a.principal, b.principal);
}

/** Every known principal with its verdict for sts:AssumeRole on the role. */
export function whoCanAssume(model: AccountModel, role: IamRole): AssumeVerdict[] {
  const idx = trustIndex(role);
  roleProfile(model, role);
  return knownPrincipals(model, idx.services)
    .map((p) => assess(model, role, p, idx))
    .sort(sortVerdicts);
}

/** Every known role with the principal's verdict. */
export function assumableBy(model: AccountModel, principalArn: string): AssumeVerdict[] {
  const arn = parseArn(principalArn);
  let p: KnownPrincipal;
  if (!arn) p = { arn: principalArn, kind: "service", name: principalArn };
  else {
    const r = splitIamResource(arn.resource);
    if (arn.service === "sts" && arn.resource.startsWith("assumed-role/")) {
      const roleName = arn.resource.split("/")[1] ?? "";
      p = { arn: principalArn, kind: "role", name: roleName, account: arn.account };
    } else {
      p = { arn: principalArn, kind: arn.resource === "root" ? "root" : r.type === "role" ? "role" : "user", name: r.name || arn.resource, account: arn.account };
    }
  }
  return [...model.roles.values()]
    .filter((r) => !r.path.startsWith("/aws-service-role/"))
    .map((role) => {
      const v = assess(model, role, p, trustIndex(role));
      return { ...v, principal: principalArn };
    })
    .sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || Number(a.screened) - Number(b.screened) || byText(a.role, b.role));
}
