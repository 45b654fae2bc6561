// The role's trust policy must allow the caller — always, whatever else allows (R1.5); a Deny in
// it denies (R1.1). Its fixes: narrow the Deny, meet the condition (MFA, a principal tag), name the
// caller, or — for a role only a service may assume — trust the account, or simulate the role.

import type { StatementTrace } from "@/lib/policy/evaluate";
import { roleWarnings, trustPrincipals } from "@/lib/account/role-view";
import { assumableBy } from "../assumers";
import { decisiveDenies, narrowDeny, sidFor, statementsOf, trustFix, trustPrincipal, withStatements, callerPrincipalArn, type Stmt } from "../fix-kit";
import { tfName } from "../render";
import { grantText, statusOf, tracesOf, unknownKeysOf, whyUnknown, identityMustAllow, type RoleSetup } from "../setup";
import type { Check, CheckId, DiagnoseResult, Fix } from "../types";
import { ownedByParameter } from "./trust-conditions";
import type { AssumeRoleCheck } from "./types";

export const trustPolicy: AssumeRoleCheck = {
  id: "trust-policy",
  title: "The role's trust policy allows the caller",
  evaluate(s) {
    if (s.roleProfile.trustError) return { status: "unknown", detail: `The trust policy cannot be read: ${s.roleProfile.trustError}` };
    const e = s.assume;
    const st = statusOf(e, "resource");
    const traces = st === "fail" || !s.lean ? tracesOf(e, "resource") : [];
    const keys = st === "pass" ? [] : unknownKeysOf(e, "resource");
    const detail =
      st === "pass"
        ? `The trust policy ${grantText(e.opt.resourceGrant)}.`
        : st === "unknown"
          ? `The trust policy allows the caller only under conditions that are not known: ${whyUnknown(s, keys)}.`
          : e.opt.explicitDenyBy.includes("resource")
            ? "A Deny statement in the trust policy matches this caller."
            : failureText(traces, s.principal.type);
    return { status: st, detail, ...(s.lean ? {} : { traces }), ...(keys.length ? { unknownKeys: keys } : {}) };
  },
  fixes(s, check, result) {
    if (s.principal.type === "root") return [];
    const role = s.role;
    const trust = role.trustPolicy;
    const denies = decisiveDenies(check);
    if (denies.length) {
      const sts = statementsOf(trust).map((st, i) => (denies.some((d) => d.index === i) ? narrowDeny(st, role.arn, callerPrincipalArn(s.caller), true) : st));
      const changed = sts.filter((_, i) => denies.some((d) => d.index === i));
      return [trustFix(role, withStatements(trust, sts), "Narrow the Deny in the trust policy", `The Deny statement matches ${s.caller.errorArn}. Narrowed with an ArnNotEquals on aws:PrincipalArn it keeps denying everyone else.`, changed[0]!, "trust-policy")];
    }
    if (check.statements.some((x) => x.failed === "condition" && x.effect === "Allow")) return conditionFixes(s, check);
    const services = onlyServices(trust);
    if (services && "account" in s.principal) return serviceRoleFixes(s, services, result);
    const principal = trustPrincipal(s.caller);
    if (!principal) return [];
    const who = String(Object.values(principal)[0]);
    const st: Stmt = { Sid: sidFor("Allow", who.split(/[/:]/).pop() ?? "Caller"), Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" };
    // Naming the caller itself grants without an identity policy in the same account (§1C).
    const covers: CheckId[] = !s.crossAccount && failing(result, "identity-policy") && !identityMustAllow(s, s.principal.type === "user" ? "user" : "role") ? ["identity-policy"] : [];
    return [
      trustFix(
        role,
        withStatements(trust, [...statementsOf(trust), st]),
        `Trust ${who} in ${role.name}'s trust policy`,
        `Add a statement that names ${who}.${s.crossAccount ? ` The caller is in another account (${s.caller.account}), so its own identity policy must also allow sts:AssumeRole on ${role.arn}.` : s.principal.type === "user" ? " Naming the user itself (not the account) grants without an identity policy in the same account." : ""}`,
        st,
        "trust-policy",
        covers,
      ),
    ];
  },
};

function failing(result: DiagnoseResult, id: CheckId): boolean {
  return result.checks.some((c) => c.id === id && c.status === "fail");
}

function failureText(traces: StatementTrace[], callerType: string): string {
  const named = traces.filter((t) => t.failed === "condition");
  if (named.length) return `A trust statement names the caller, but its conditions are not met: ${named.flatMap((t) => t.conditionFailures ?? []).map((f) => f.message).join("; ")}.`;
  const services = traces.every((t) => t.failed === "action" || (t.stmt.statement.principal?.Service && !t.stmt.statement.principal.AWS));
  if (services && traces.some((t) => t.stmt.statement.principal?.Service)) {
    return `Only an AWS service may assume this role: the trust policy names ${[...new Set(traces.flatMap((t) => t.stmt.statement.principal?.Service ?? []))].join(", ")} and no IAM principal.`;
  }
  const deleted = traces.flatMap((t) => t.stmt.principal?.notes ?? []).find((n) => n.includes("deleted"));
  if (deleted) return `No trust statement names the caller. Note: ${deleted}.`;
  return `No statement of the trust policy names this ${callerType === "assumed-role" || callerType === "role" ? "role session, its role" : "caller"} or its account with sts:AssumeRole.`;
}

function onlyServices(trust: Record<string, unknown>): string[] | null {
  const services: string[] = [];
  for (const st of statementsOf(trust).filter((x) => x.Effect === "Allow")) {
    const p = st.Principal as Record<string, unknown> | string | undefined;
    if (!p || typeof p === "string" || p.AWS || p.Federated) return null;
    const sv = p.Service;
    services.push(...(Array.isArray(sv) ? (sv as string[]) : sv ? [sv as string] : []));
  }
  return services.length ? services : null;
}

/** A role only AWS services may assume: trust the account (the official way), or simulate it. */
function serviceRoleFixes(s: RoleSetup, services: string[], result: DiagnoseResult): Fix[] {
  const role = s.role;
  const acct = role.account;
  const st: Stmt = { Sid: "AllowAccountPrincipals", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: "sts:AssumeRole" };
  const fixes: Fix[] = [
    trustFix(
      role,
      withStatements(role.trustPolicy, [...statementsOf(role.trustPolicy), st]),
      "The official way: let the account's principals assume it too",
      `Only ${services.join(", ")} may assume this role. Add a statement that also trusts account ${acct}; that delegates to identity policies, so developers additionally need sts:AssumeRole on it — for example on every role tagged env=dev: {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::${acct}:role/*","Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}}. Keep it to development roles.`,
      st,
      "trust-policy",
    ),
  ];
  const sim = simulateFix(s, result);
  if (sim) fixes.push(sim);
  return fixes;
}

/**
 * "Simulate the role without changing it" (iam-sudo): keeps the caller, and lists the base roles
 * the caller may assume. Not offered when there is none — e.g. when the caller's permissions
 * boundary allows no sts:AssumeRole at all.
 */
function simulateFix(s: RoleSetup, result: DiagnoseResult): Fix | undefined {
  const caller = result.principal;
  const q = (base?: string) => `/simulate?${new URLSearchParams({ role: s.role.arn, ...(base ? { base } : {}), caller })}`;
  // a base role is one the caller may assume (or may, given a fact not known), that people assume:
  // not one only services may, nor one the role page warns admits everyone ("*")
  const candidates = assumableBy(s.model, caller).filter((v) => {
    if (v.role === s.role.arn || (v.verdict !== "allowed" && v.verdict !== "unknown")) return false;
    const r = s.model.roles.get(v.role);
    if (!r) return false;
    const principals = trustPrincipals(s.model, r);
    return !onlyServices(r.trustPolicy) && !roleWarnings(s.model, r, principals).some((w) => w.code === "public-trust");
  });
  if (candidates.length === 0) return undefined;
  const baseRoles = candidates
    .sort((a, b) => (a.verdict === b.verdict ? a.role.localeCompare(b.role) : a.verdict === "allowed" ? -1 : 1))
    .slice(0, 10)
    .map((v) => ({ arn: v.role, name: v.role.split("/").pop()!, verdict: v.verdict as "allowed" | "unknown", link: q(v.role) }));
  return {
    target: "trust-policy",
    title: "Or simulate the role without changing it",
    explanation: `RoleCall can rebuild ${s.role.name}'s permissions as a session policy on a broader base role you may assume, so your code runs with (almost exactly) the task role's permissions. The simulate page lists what differs. Base roles ${caller.split("/").pop()} may assume: ${baseRoles.map((b) => `${b.name}${b.verdict === "unknown" ? " (depends on a fact not known)" : ""}`).join(", ")}.`,
    link: q(),
    baseRoles,
  };
}

/** Fixes for a trust statement that names the caller but whose conditions are not met. */
function conditionFixes(s: RoleSetup, check: Check): Fix[] {
  const role = s.role;
  const fixes: Fix[] = [];
  const failed = check.statements.filter((x) => x.failed === "condition" && x.effect === "Allow");
  const failures = failed.flatMap((x) => x.reason.split("; "));
  const keys = new Set(failed.flatMap((x) => x.missingKeys ?? []).map((k) => k.toLowerCase()));
  const text = failures.join(" ").toLowerCase();
  const session = s.input.roleSessionName ?? "my-session";
  if (keys.has("aws:multifactorauthpresent") || text.includes("aws:multifactorauthpresent")) {
    const mfaArn = s.caller.user ? `arn:aws:iam::${s.caller.user.account}:mfa/${s.caller.user.name}` : "MFA_DEVICE_ARN";
    fixes.push({
      target: "trust-policy",
      title: "Sign in with MFA",
      explanation: "The trust policy requires aws:MultiFactorAuthPresent. With long-term keys, pass your MFA device and a current code on AssumeRole (CLI profiles: mfa_serial).",
      cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${session} --serial-number ${mfaArn} --token-code 123456`,
      patches: [{ kind: "request", change: { mfa: true } }],
    });
  }
  const tagKey = [...text.matchAll(/aws:principaltag\/([^\s)"]+)/g)].map((m) => m[1]!)[0];
  const entity = s.caller.user ?? s.caller.role;
  if (tagKey && entity) {
    const cond = statementsOf(role.trustPolicy).flatMap((st) => Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>));
    const wanted = cond.flatMap(([op, kv]) => (/^StringEquals/.test(op) ? Object.entries(kv) : [])).find(([k]) => k.toLowerCase() === `aws:principaltag/${tagKey}`);
    const value = wanted ? (Array.isArray(wanted[1]) ? String(wanted[1][0]) : String(wanted[1])) : undefined;
    const realKey = wanted ? wanted[0].split("/")[1]! : tagKey;
    if (value !== undefined) {
      const kind = s.caller.user ? "user" : "role";
      fixes.push({
        target: "trust-policy",
        title: `Tag ${entity.name} with ${realKey}=${value} — only if they belong there`,
        explanation: `The trust policy admits principals tagged ${realKey}=${value}. Tagging ${entity.name} admits them, and gives them whatever else that tag grants; if they should not have it, this denial is correct.`,
        cli: `aws iam tag-${kind} --${kind}-name ${entity.name} --tags Key=${realKey},Value=${value}`,
        terraform: `# on the aws_iam_${kind} "${tfName(entity.name)}" resource:\ntags = {\n  ${JSON.stringify(realKey)} = ${JSON.stringify(value)}\n}`,
        cloudformation: `# on the AWS::IAM::${kind === "user" ? "User" : "Role"} ${entity.name}:\nTags:\n  - Key: ${realKey}\n    Value: ${value}`,
        patches: [{ kind: "tag-principal", principalArn: entity.arn, entity: kind, name: entity.name, key: realKey, value }],
      });
    }
  }
  // A condition on a request parameter (external ID, session name, tags, source identity) has
  // its fix on that parameter's check; only the other conditions need one here.
  const conditionKeys = tracesOf(s.assume, "resource")
    .filter((t) => t.failed === "condition" && t.stmt.statement.effect === "Allow")
    .flatMap((t) => (t.conditionFailures ?? []).map((f) => f.key));
  const ownedElsewhere = conditionKeys.length > 0 && conditionKeys.every((k) => ownedByParameter(k.toLowerCase()));
  if (fixes.length === 0 && !ownedElsewhere) {
    fixes.push({
      target: "trust-policy",
      title: "Meet the trust policy's condition",
      explanation: `A trust statement names the caller but its conditions are not met: ${failures.join("; ")}. Either send the request so that it meets them, or change the condition if it is wrong.`,
    });
  }
  return fixes;
}
