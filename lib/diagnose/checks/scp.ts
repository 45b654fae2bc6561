// Service control policies of the caller's account: every level from the root to the account
// must allow, and a Deny at any level denies (R1.3). Not for AWS services, nor the management
// account, nor service-linked roles.

import { compactJson, shellQuote, tfName, toYaml } from "../render";
import { callerPrincipalArn, decisiveDenies, narrowDeny, statementsOf, withStatements, type Stmt } from "../fix-kit";
import { shownTraces, statusOf, unknownKeysOf, whyUnknown, type RoleSetup } from "../setup";
import type { Check, Fix } from "../types";
import type { AssumeRoleCheck } from "./types";

export const scp: AssumeRoleCheck = {
  id: "scp",
  title: "Service control policies (caller's account)",
  evaluate(s) {
    if (s.isService) return { status: "not-applicable", detail: "SCPs limit principals of member accounts, not AWS services." };
    const acct = s.caller.account;
    if (s.profile.scpState === "unknown") {
      return { status: "unknown", detail: `The SCPs of account ${acct} are not known: ${s.model.unknownsFor(`account ${acct}`).map((u) => u.reason).join("; ") || "the account is not loaded"}.` };
    }
    if (s.profile.scpState === "not-governed") return { status: "not-applicable", detail: `Account ${acct} is not governed by SCPs.` };
    return orgOutcome(s, "scp", `Every SCP level of account ${acct} allows sts:AssumeRole.`, (explicit) =>
      explicit ? `An SCP on the path of account ${acct} denies sts:AssumeRole.` : `A level of account ${acct}'s organization path has no SCP that allows sts:AssumeRole (every level must allow).`,
    );
  },
  fixes: (s, check) => orgFixes(s, check, "scp"),
};

export function orgOutcome(s: RoleSetup, type: "scp" | "rcp", pass: string, fail: (explicit: boolean) => string) {
  const e = s.assume;
  const st = statusOf(e, type);
  const keys = st === "pass" ? [] : unknownKeysOf(e, type);
  const detail = st === "pass" ? pass : st === "unknown" ? `Depends on what is not known: ${whyUnknown(s, keys)}.` : fail(e.opt.explicitDenyBy.includes(type));
  return { status: st, detail, traces: shownTraces(s, e, type), ...(keys.length ? { unknownKeys: keys } : {}) };
}

/** Narrow the Deny in an SCP or RCP (changed in the management account), or add the missing SCP Allow. */
export function orgFixes(s: RoleSetup, check: Check, id: "scp" | "rcp"): Fix[] {
  const acct = id === "scp" ? s.caller.account! : s.role.account;
  const filter = id === "scp" ? "SERVICE_CONTROL_POLICY" : "RESOURCE_CONTROL_POLICY";
  const d = decisiveDenies(check)[0];
  if (d) {
    const narrowed = narrowDeny(statementsOf(d.document)[d.index]!, s.role.arn, callerPrincipalArn(s.caller), true);
    const newDoc = withStatements(
      d.document,
      statementsOf(d.document).map((x, i) => (i === d.index ? narrowed : x)),
    );
    const m = /^(scps|rcps)\[(\d+)\]\[(\d+)\]$/.exec(d.label);
    return [
      {
        target: id,
        title: `Narrow the Deny in the ${id === "scp" ? "service" : "resource"} control policy`,
        explanation: `${d.name} denies sts:AssumeRole here. Organization policies are changed in the management account; find the policy ID with the first command. If the guard rail is deliberate, assume the role from a principal it exempts instead.`,
        statement: narrowed,
        cli: `aws organizations list-policies-for-target --target-id ${acct} --filter ${filter}\naws organizations update-policy --policy-id POLICY_ID --content ${shellQuote(compactJson(newDoc))}`,
        terraform: `resource "aws_organizations_policy" "${tfName(`${id}_${acct}`)}" {\n  name    = "…keep the name…"\n  type    = "${filter}"\n  content = ${JSON.stringify(compactJson(newDoc)).replace(/\$\{/g, "$$${")}\n}`,
        cloudformation: `${id === "scp" ? "Scp" : "Rcp"}:\n  Type: AWS::Organizations::Policy\n  Properties:\n    Type: ${filter}\n    Content:\n${toYaml(newDoc, 6)}`,
        ...(m ? { patches: [{ kind: "org-policy" as const, type: m[1] as "scps" | "rcps", account: acct, level: Number(m[2]), index: Number(m[3]), document: newDoc }] } : {}),
      },
    ];
  }
  if (id !== "scp") return [];
  const st: Stmt = { Sid: "AllowAssumeRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };
  return [
    {
      target: id,
      title: "Allow sts:AssumeRole at every level of the organization path",
      explanation: `SCPs need an Allow at every level from the root to account ${acct}; one level has none for sts:AssumeRole (FullAWSAccess was probably replaced by an allow-list). Add this statement to an SCP attached at that level.`,
      statement: st,
      cli: `aws organizations list-parents --child-id ${acct}\naws organizations list-policies-for-target --target-id PARENT_ID --filter SERVICE_CONTROL_POLICY\naws organizations update-policy --policy-id POLICY_ID --content '…the policy, with the statement added…'`,
    },
  ];
}
