// A role as a person reads it: each trust principal resolved to a name and marked, and the
// warnings worth raising.

import { compilePolicyInput } from "@/lib/policy/compile";
import type { Finding } from "@/lib/policy/findings";
import { PolicyParseError, type PolicyKind } from "@/lib/policy/parse";
import { parseArn, splitIamResource } from "@/lib/policy/arn";
import { UNIQUE_ID } from "@/lib/policy/principal";
import type { AccountModel, IamRole } from "./model";

export type TrustPrincipalKind = "service" | "account" | "user" | "role" | "session" | "deleted" | "wildcard" | "federated" | "canonical" | "invalid";

export interface TrustPrincipal {
  statement: number;
  effect: "Allow" | "Deny";
  /** as written in the policy */
  value: string;
  kind: TrustPrincipalKind;
  /** what it resolves to, for a person: "user alice (111111111111, dev)", "account 222222222222" */
  label: string;
  /** the principal is in the loaded data */
  known: boolean;
  /** the account is another than the role's */
  crossAccount: boolean;
  /** the statement has conditions */
  conditional: boolean;
  actions: string[];
}

export interface RoleWarning {
  code: "ec2-without-instance-profile" | "deleted-principal" | "public-trust" | "unsatisfiable-trust" | "unknown-max-session";
  message: string;
}

/** Who a trust policy admits, for filtering: service, own account, other account, federated, anyone. */
export type Admits = "service" | "own-account" | "other-account" | "federated" | "anyone";

type Stmt = Record<string, unknown>;

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

function statements(role: IamRole): Stmt[] {
  const s = role.trustPolicy.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Stmt[];
}

export function trustPrincipals(model: AccountModel, role: IamRole): TrustPrincipal[] {
  const out: TrustPrincipal[] = [];
  statements(role).forEach((st, i) => {
    const effect = st.Effect === "Deny" ? "Deny" : "Allow";
    const conditional = !!st.Condition && Object.keys(st.Condition as object).length > 0;
    const actions = list(st.Action);
    const push = (value: string, kind: TrustPrincipalKind, label: string, known: boolean, account?: string) =>
      out.push({ statement: i, effect, value, kind, label, known, crossAccount: !!account && account !== role.account, conditional, actions });
    const p = st.Principal;
    if (p === "*") return push("*", "wildcard", "everyone (any AWS principal)", true);
    if (!p || typeof p !== "object") return;
    const block = p as Record<string, unknown>;
    for (const v of list(block.AWS)) {
      if (v === "*") push(v, "wildcard", "everyone (any AWS principal)", true);
      else if (/^\d{12}$/.test(v)) push(v, "account", `account ${v}${model.accounts.get(v)?.loaded ? "" : " (not loaded)"}`, !!model.accounts.get(v)?.loaded, v);
      else if (UNIQUE_ID.test(v)) push(v, "deleted", `a deleted ${v.startsWith("AROA") ? "role" : v.startsWith("AIDA") ? "user" : "principal"} (unique ID ${v})`, false);
      else {
        const arn = parseArn(v);
        if (!arn) {
          push(v, "invalid", `not a valid principal: ${v}`, false);
          continue;
        }
        const loaded = !!model.accounts.get(arn.account)?.loaded;
        if (arn.service === "iam" && arn.resource === "root") push(v, "account", `account ${arn.account}${loaded ? "" : " (not loaded)"}`, loaded, arn.account);
        else if (arn.service === "iam") {
          const r = splitIamResource(arn.resource);
          if (r.type === "user") {
            const known = model.users.has(v);
            push(v, "user", `user ${r.name} (${arn.account})${known ? "" : loaded ? " — not found in the account" : " (not loaded)"}`, known, arn.account);
          } else if (r.type === "role") {
            const known = !!model.findRole(v);
            push(v, "role", `role ${r.name} and its sessions (${arn.account})${known ? "" : loaded ? " — not found in the account" : " (not loaded)"}`, known, arn.account);
          } else push(v, "invalid", `not a principal: ${v}`, false, arn.account);
        } else if (arn.service === "sts") push(v, "session", `the session ${arn.resource.split("/").slice(1).join("/")} (${arn.account})`, loaded, arn.account);
        else push(v, "invalid", `not a principal: ${v}`, false);
      }
    }
    for (const v of list(block.Service)) push(v, "service", `the AWS service ${v}`, true);
    for (const v of list(block.Federated)) push(v, "federated", v.includes("oidc-provider/") ? `OIDC provider ${v.split("oidc-provider/")[1]}` : v.includes("saml-provider/") ? `SAML provider ${v.split("saml-provider/")[1]}` : `identity provider ${v}`, true);
    for (const v of list(block.CanonicalUser)) push(v, "canonical", `canonical user ${v.slice(0, 12)}…`, false);
  });
  return out;
}

export function admitsOf(role: IamRole, principals: TrustPrincipal[]): Admits[] {
  const out = new Set<Admits>();
  for (const p of principals) {
    if (p.effect !== "Allow") continue;
    if (p.kind === "service") out.add("service");
    else if (p.kind === "wildcard") out.add("anyone");
    else if (p.kind === "federated") out.add("federated");
    else if (p.kind === "deleted" || p.kind === "invalid" || p.kind === "canonical") continue;
    else out.add(p.crossAccount ? "other-account" : "own-account");
  }
  return [...out];
}

const ASSUME = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|\*)$|^\*$/i;

export function roleWarnings(model: AccountModel, role: IamRole, principals: TrustPrincipal[]): RoleWarning[] {
  const w: RoleWarning[] = [];
  if (principals.some((p) => p.kind === "service" && p.value === "ec2.amazonaws.com" && p.effect === "Allow") && role.instanceProfiles.length === 0) {
    w.push({ code: "ec2-without-instance-profile", message: "EC2 may assume this role, but no instance profile contains it, so no instance can use it. Create one: aws iam create-instance-profile --instance-profile-name NAME && aws iam add-role-to-instance-profile --instance-profile-name NAME --role-name " + role.name });
  }
  for (const p of principals.filter((x) => x.kind === "deleted")) {
    w.push({ code: "deleted-principal", message: `The trust policy names ${p.value}, the unique ID left by a deleted principal. It matches nobody — not even a new principal of the same name. Replace it with the principal's ARN or remove it.` });
  }
  if (principals.some((p) => p.kind === "wildcard" && p.effect === "Allow" && !p.conditional)) {
    w.push({ code: "public-trust", message: 'The trust policy admits everyone ("*") without conditions: any AWS principal whose own account allows it can assume this role. Name the principals, or add conditions such as aws:PrincipalOrgID.' });
  }
  const admitting = principals.filter((p) => p.effect === "Allow" && p.kind !== "deleted" && p.kind !== "invalid" && p.kind !== "canonical" && p.actions.some((a) => ASSUME.test(a)));
  if (admitting.length === 0) {
    w.push({ code: "unsatisfiable-trust", message: "No statement of the trust policy can admit anyone: every Allow names only deleted or invalid principals, or no assume-role action. Nobody can assume this role." });
  }
  if (role.maxSessionDuration === null) {
    const why = model.unknownsFor(role.arn).find((u) => u.fact === "MaxSessionDuration")?.reason;
    w.push({ code: "unknown-max-session", message: `MaxSessionDuration unknown: ${why ?? "not loaded"}.` });
  }
  return w;
}

/** A validation finding of one of a role's loaded policies (R12.8), for the role page. */
export interface RolePolicyFinding {
  /** "Trust policy", an inline policy's name, or a managed policy's ARN */
  policy: string;
  kind: "trust" | "inline" | "managed" | "permissionBoundary";
  statement: number | null;
  severity: Finding["severity"];
  code: string;
  message: string;
}

/** What IAM's policy validation would report for the role's trust, inline, managed and boundary policies. */
export function rolePolicyFindings(model: AccountModel, role: IamRole): RolePolicyFinding[] {
  const out: RolePolicyFinding[] = [];
  const add = (doc: unknown, kind: RolePolicyFinding["kind"], name: string, as: PolicyKind) => {
    if (doc === undefined || doc === null) return;
    let findings: Finding[];
    try {
      findings = compilePolicyInput(doc, as, name).findings;
    } catch (e) {
      if (!(e instanceof PolicyParseError)) throw e;
      findings = [{ severity: "error", code: "not-a-policy", message: `not a policy document: ${e.message}` }];
    }
    for (const f of findings) out.push({ policy: name, kind, statement: f.statement ?? null, severity: f.severity, code: f.code, message: f.message });
  };
  add(role.trustPolicy, "trust", "Trust policy", "trust");
  for (const p of role.inlinePolicies) add(p.document, "inline", p.name, "identity");
  for (const p of role.attachedPolicies) add(model.managedDocument(p.arn), "managed", p.arn, "identity");
  if (role.permissionsBoundary) add(model.managedDocument(role.permissionsBoundary), "permissionBoundary", role.permissionsBoundary, "permissionBoundary");
  return out;
}
