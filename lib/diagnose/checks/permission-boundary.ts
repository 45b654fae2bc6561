// The caller's permissions boundary caps what its identity policies grant: it must allow
// sts:AssumeRole wherever the identity side must, and when the trust policy names the caller's
// role; not for a grant to the user itself (S1/S11; disputed by S13, §10-Q2), to a session or to
// "*" (R1.10, §1D). A Deny in it denies.

import { principalLabel } from "@/lib/policy/principal";
import { decisiveDenies, managedPolicyFix, narrowIdentityDeny, sidFor, statementsOf, withStatements, type Stmt } from "../fix-kit";
import { applies, boundaryLimits, grantText, shownTraces, trustGrant, unknownKeysOf, whyUnknown, type RoleSetup } from "../setup";
import type { AssumeRoleCheck, CheckOutcome } from "./types";

export const permissionBoundary: AssumeRoleCheck = {
  id: "permission-boundary",
  title: "The caller's permissions boundary",
  evaluate(s) {
    const p = s.principal;
    const entity = s.caller.user ?? s.caller.role;
    if (s.isService || p.type === "root") return { status: "not-applicable", detail: p.type === "root" ? "The root user has no permissions boundary." : "AWS services have no permissions boundary." };
    if (s.profile.boundaryMissing) return { status: "unknown", detail: `${s.profile.boundaryMissing}.` };
    if (!entity) return { status: "unknown", detail: `The caller is not loaded (${s.caller.unknownReason ?? "unknown"}), so its boundary is not known.` };
    if (!s.policies.permissionBoundary) return { status: "not-applicable", detail: `${principalLabel(p)} has no permissions boundary.` };
    return boundaryOutcome(s, "sts:AssumeRole");
  },
  fixes(s, check) {
    const entity = s.caller.user ?? s.caller.role;
    const arn = entity?.permissionsBoundary;
    if (!entity || !arn) return [];
    const deny = decisiveDenies(check)[0];
    if (deny) return [narrowIdentityDeny(deny, s.caller, s.role, "permission-boundary", "sts:AssumeRole")];
    const doc = s.model.managedDocument(arn);
    if (!doc) return [];
    const st: Stmt = { Sid: sidFor("AllowAssume", s.role.name), Effect: "Allow", Action: "sts:AssumeRole", Resource: s.role.arn };
    return [
      managedPolicyFix(
        arn,
        withStatements(doc, [...statementsOf(doc), st]),
        "permission-boundary",
        `Let the permissions boundary allow sts:AssumeRole on ${s.role.name}`,
        `${entity.name}'s boundary ${arn} caps every permission; it must allow sts:AssumeRole too. Changing a boundary changes it for everyone who has it: if that is too broad, give ${entity.name} a boundary of their own.`,
        st,
      ),
    ];
  },
};

/** Whether the boundary allows `action`, where it limits (shared with session-tags and source-identity). */
export function boundaryOutcome(s: RoleSetup, action: string): CheckOutcome {
  const e = action === "sts:AssumeRole" ? s.assume : s.evaluate(action);
  const traces = shownTraces(s, e, "permissionBoundary");
  const keys = () => unknownKeysOf(e, "permissionBoundary");
  const boundary = s.policies.permissionBoundary!;
  const name = boundary.name ?? "the permissions boundary";
  if (e.opt.explicitDenyBy.includes("permissionBoundary")) return { status: "fail", detail: `A Deny in the permissions boundary ${name} matches ${action}.`, traces };
  if (e.pess.explicitDenyBy.includes("permissionBoundary")) return { status: "unknown", detail: `A Deny in the permissions boundary may match, depending on: ${whyUnknown(s, keys())}.`, traces, unknownKeys: keys() };
  const grant = trustGrant(e) ?? trustGrant(s.assume);
  if (!boundaryLimits(s, grant)) return { status: "pass", detail: `Not limited: the trust policy ${grantText(grant)}, and a boundary does not limit a grant to the caller itself.`, traces };
  if (!applies(e.opt, "permissionBoundary", "Allow")) {
    return { status: "fail", detail: `The permissions boundary ${name} does not allow ${action} on ${s.role.arn}; a boundary caps what identity policies grant.`, traces };
  }
  if (!applies(e.pess, "permissionBoundary", "Allow")) return { status: "unknown", detail: `Depends on what is not known: ${whyUnknown(s, keys())}.`, traces, unknownKeys: keys() };
  return { status: "pass", detail: `The permissions boundary allows ${action}.`, traces };
}
