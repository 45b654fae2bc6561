// The caller's identity policies (its own, its groups'; a session's role's) must allow
// sts:AssumeRole on the role wherever the identity side must allow: always across accounts
// (R1.12), and in the same account unless the trust policy names the caller by its own ARN
// (R1.6–R1.9, §1C). Judged on its own, also when the trust policy already fails, so that a
// diagnosis names every blocker at once. A Deny in them denies (R1.1).

import { principalLabel } from "@/lib/policy/principal";
import { decisiveDenies, inlinePolicyFix, narrowIdentityDeny, sidFor, type Stmt } from "../fix-kit";
import { applies, grantText, identityMustAllow, shownTraces, trustGrant, unknownKeysOf, whyUnknown, type RoleSetup } from "../setup";
import type { Fix } from "../types";
import type { AssumeRoleCheck, CheckOutcome } from "./types";

export const identityPolicy: AssumeRoleCheck = {
  id: "identity-policy",
  title: "The caller's identity policies allow sts:AssumeRole",
  evaluate(s) {
    const p = s.principal;
    if (s.isService) return { status: "not-applicable", detail: `${principalLabel(p)} is an AWS service: only the trust policy (and RCPs) decide.` };
    if (p.type === "root") return { status: "fail", detail: "The caller is the account's root user: root credentials can never call AssumeRole. Use an IAM user or role." };
    return identityOutcome(s, "sts:AssumeRole");
  },
  fixes(s, check) {
    if (s.principal.type === "root") return [];
    const deny = decisiveDenies(check)[0];
    if (deny) return [narrowIdentityDeny(deny, s.caller, s.role, "identity-policy", "sts:AssumeRole")];
    const f = identityAllowFix(s, s.input.tags || s.input.transitiveTagKeys ? ["sts:AssumeRole", "sts:TagSession"] : ["sts:AssumeRole"]);
    return f ? [f] : [];
  },
};

/** Whether the identity side allows `action` on the role, where it must (shared with session-tags and source-identity). */
export function identityOutcome(s: RoleSetup, action: string): CheckOutcome {
  const e = action === "sts:AssumeRole" ? s.assume : s.evaluate(action);
  const traces = shownTraces(s, e, "identity");
  const missing = s.profile.identityMissing;
  const on = `${action} on ${s.role.arn}`;
  if (e.opt.explicitDenyBy.includes("identity")) return { status: "fail", detail: `A Deny in the caller's identity policies matches ${on}.`, traces };
  const allowsOpt = applies(e.opt, "identity", "Allow");
  const allowsPess = applies(e.pess, "identity", "Allow");
  const denyUndecided = e.pess.explicitDenyBy.includes("identity");
  // a policy that is not known may hold a Deny: only an explicit Deny already seen is certain
  if (missing.length) {
    return {
      status: "unknown",
      detail: allowsOpt ? `The caller's policies are not fully known: ${missing.join("; ")}.` : `No loaded identity policy allows ${on}, but not all of them are known: ${missing.join("; ")}.`,
      traces,
    };
  }
  if (denyUndecided) {
    const keys = unknownKeysOf(e, "identity");
    return { status: "unknown", detail: `A Deny in the caller's identity policies may match ${on}, depending on: ${whyUnknown(s, keys)}.`, traces, ...(keys.length ? { unknownKeys: keys } : {}) };
  }
  if (allowsOpt && allowsPess) return { status: "pass", detail: `An identity policy allows ${on}.`, traces };
  // the trust grant of sts:AssumeRole decides for the extra actions too, once the trust lists them
  const grant = trustGrant(e) ?? trustGrant(s.assume);
  const needed = identityMustAllow(s, grant);
  if (!needed) {
    return {
      status: "not-applicable",
      detail: `Not needed: the trust policy ${grantText(grant)}, which grants without an identity policy in the same account.${allowsOpt ? "" : ` (No identity policy allows ${on}.)`}`,
      traces,
    };
  }
  if (allowsOpt) {
    const keys = unknownKeysOf(e, "identity");
    return { status: "unknown", detail: `Whether an identity policy allows it depends on: ${whyUnknown(s, keys)}.`, traces, ...(keys.length ? { unknownKeys: keys } : {}) };
  }
  const why = s.crossAccount
    ? " (a cross-account role needs this on the caller's side as well as the trust policy)"
    : grant === "account"
      ? " (the trust policy names the account, which delegates the decision to the caller's identity policies)"
      : grant === "role"
        ? " (a role assuming itself needs it as well as the trust policy, R1.15)"
        : ` (the trust policy does not name the caller itself: trusting the account would still need this Allow; naming ${principalLabel(s.principal)} in the trust policy would not)`;
  return { status: "fail", detail: `No identity policy of ${principalLabel(s.principal)} allows ${on}${why}.`, traces };
}

/** A new inline policy on the caller that allows `actions` on the role. */
export function identityAllowFix(s: RoleSetup, actions: string[]): Fix | undefined {
  const entity = s.caller.user ?? s.caller.role;
  if (!entity) return undefined;
  const kind = s.caller.user ? "user" : "role";
  const extra = actions[0] === "sts:AssumeRole" ? "assume" : actions[0]!.split(":")[1]!.toLowerCase();
  const policyName = `${extra}-${s.role.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`.slice(0, 128);
  const statement: Stmt = {
    Sid: sidFor(actions[0] === "sts:AssumeRole" ? "AllowAssume" : `Allow${actions[0]!.split(":")[1]}`, s.role.name),
    Effect: "Allow",
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: s.role.arn,
  };
  const doc = { Version: "2012-10-17", Statement: [statement] };
  return inlinePolicyFix(kind, entity.name, policyName, doc, {
    target: "identity-policy",
    title: `Allow ${entity.name} to call ${actions[0]} on ${s.role.name}`,
    explanation: `Add this statement to an identity policy of the ${kind} ${entity.name} (here as a new inline policy).${s.crossAccount ? " Cross-account, both sides must allow: this is the caller's side." : " The trust policy names the account (or not the caller itself), which only delegates: the caller's identity policy must allow too."}`,
    statement,
    principalArn: entity.arn,
  });
}
