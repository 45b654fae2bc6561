// The pieces every check's fixes are made of: a policy document with a statement added or a Deny
// narrowed, rendered as a statement, `aws` commands, Terraform and CloudFormation, and as a patch
// that code (the tests) can apply to the model.

import type { IamRole } from "@/lib/account/model";
import { principalArnKey } from "@/lib/policy/request";
import type { Caller } from "./caller";
import { compactJson, shellQuote, terraformPolicyDocument, tfName, toYaml } from "./render";
import type { Check, CheckId, Fix } from "./types";

export type Doc = Record<string, unknown>;
export type Stmt = Record<string, unknown>;

export function statementsOf(doc: Doc): Stmt[] {
  const s = doc.Statement;
  return Array.isArray(s) ? (s as Stmt[]) : s ? [s as Stmt] : [];
}

export function withStatements(doc: Doc, statements: Stmt[]): Doc {
  return { Version: (doc.Version as string) ?? "2012-10-17", ...(doc.Id ? { Id: doc.Id } : {}), Statement: statements };
}

export function sidFor(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 100);
}

export function cfnId(name: string): string {
  const id = name
    .replace(/[^A-Za-z0-9]/g, " ")
    .split(" ")
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  return /^[A-Za-z]/.test(id) ? id : `R${id}`;
}

/** The ARN a policy names this caller by: a session is named by its role (aws:PrincipalArn). */
export function callerPrincipalArn(caller: Caller): string | undefined {
  const p = caller.principal;
  if (!("account" in p)) return undefined;
  return p.type === "assumed-role" && caller.role ? caller.role.arn : principalArnKey(p);
}

/** The principal to name in a trust policy for this caller (a session is named by its role). */
export function trustPrincipal(caller: Caller): Stmt | undefined {
  const p = caller.principal;
  switch (p.type) {
    case "user":
      return { AWS: caller.user?.arn ?? p.arn };
    case "role":
    case "assumed-role":
      return { AWS: caller.role?.arn ?? principalArnKey(p)! };
    case "service":
      return { Service: p.service };
    default:
      return undefined;
  }
}

/** Narrow a Deny so it no longer matches this caller on this role. */
export function narrowDeny(st: Stmt, roleArn: string, principalArn: string | undefined, byPrincipal: boolean): Stmt {
  const copy: Stmt = { ...st };
  if (!byPrincipal && (st.Resource === "*" || (Array.isArray(st.Resource) && st.Resource.includes("*")))) {
    delete copy.Resource;
    copy.NotResource = [roleArn];
    return copy;
  }
  const cond = { ...((st.Condition as Doc) ?? {}) };
  if (principalArn) cond.ArnNotEquals = { ...((cond.ArnNotEquals as Doc) ?? {}), "aws:PrincipalArn": principalArn };
  copy.Condition = cond;
  return copy;
}

export interface DecisiveStatement {
  label: string;
  name: string;
  document: Doc;
  index: number;
}

export function decisiveStatements(check: Check | undefined): DecisiveStatement[] {
  return (check?.policies ?? []).flatMap((p) => p.decisive.map((index) => ({ label: p.label, name: p.name, document: p.document as Doc, index })));
}

export function decisiveDenies(check: Check | undefined): DecisiveStatement[] {
  return decisiveStatements(check).filter((d) => statementsOf(d.document)[d.index]?.Effect === "Deny");
}

/** A new trust policy for the role, in the four forms. */
export function trustFix(role: IamRole, newDoc: Doc, title: string, explanation: string, statement: Stmt, target: CheckId, covers?: CheckId[]): Fix {
  const tf = tfName(role.name);
  return {
    target,
    ...(covers?.length ? { covers } : {}),
    title,
    explanation,
    statement,
    cli: `aws iam update-assume-role-policy --role-name ${role.name} --policy-document ${shellQuote(compactJson(newDoc))}`,
    terraform: `${terraformPolicyDocument(`${role.name}_trust`, newDoc)}\n\nresource "aws_iam_role" "${tf}" {\n  name               = "${role.name}"\n  path               = "${role.path}"\n  assume_role_policy = data.aws_iam_policy_document.${tfName(`${role.name}_trust`)}.json\n  # … keep the role's other arguments as they are\n}`,
    cloudformation: `${cfnId(role.name)}:\n  Type: AWS::IAM::Role\n  Properties:\n    RoleName: ${role.name}\n    Path: ${role.path}\n    AssumeRolePolicyDocument:\n${toYaml(newDoc, 6)}`,
    patches: [{ kind: "trust-policy", roleArn: role.arn, document: newDoc }],
  };
}

/** A new inline policy document for a user, role or group, in the four forms. */
export function inlinePolicyFix(
  entity: "user" | "role" | "group",
  name: string,
  policyName: string,
  doc: Doc,
  fields: { target: CheckId; title: string; explanation: string; statement: Stmt; principalArn?: string },
): Fix {
  return {
    target: fields.target,
    title: fields.title,
    explanation: fields.explanation,
    statement: fields.statement,
    cli: `aws iam put-${entity}-policy --${entity}-name ${name} --policy-name ${policyName} --policy-document ${shellQuote(compactJson(doc))}`,
    terraform: `${terraformPolicyDocument(`${policyName}_doc`, doc)}\n\nresource "aws_iam_${entity}_policy" "${tfName(policyName)}" {\n  name   = "${policyName}"\n  ${entity}   = "${name}"\n  policy = data.aws_iam_policy_document.${tfName(`${policyName}_doc`)}.json\n}`,
    cloudformation: `${cfnId(policyName)}:\n  Type: AWS::IAM::Policy\n  Properties:\n    PolicyName: ${policyName}\n    ${entity === "user" ? "Users" : entity === "role" ? "Roles" : "Groups"}:\n      - ${name}\n    PolicyDocument:\n${toYaml(doc, 6)}`,
    ...(entity !== "group" && fields.principalArn ? { patches: [{ kind: "inline-policy" as const, principalArn: fields.principalArn, entity, name, policyName, document: doc }] } : {}),
  };
}

/** A new default version of a customer managed policy, in the four forms. */
export function managedPolicyFix(policyArn: string, newDoc: Doc, target: CheckId, title: string, explanation: string, statement: Stmt): Fix {
  const name = policyArn.split("/").pop()!;
  return {
    target,
    title,
    explanation,
    statement,
    cli: `aws iam create-policy-version --policy-arn ${policyArn} --set-as-default --policy-document ${shellQuote(compactJson(newDoc))}\n# a policy keeps at most 5 versions: delete an old one first if needed (aws iam delete-policy-version)`,
    terraform: `${terraformPolicyDocument(`${name}_doc`, newDoc)}\n\nresource "aws_iam_policy" "${tfName(name)}" {\n  name   = "${name}"\n  policy = data.aws_iam_policy_document.${tfName(`${name}_doc`)}.json\n}`,
    cloudformation: `${cfnId(name)}:\n  Type: AWS::IAM::ManagedPolicy\n  Properties:\n    ManagedPolicyName: ${name}\n    PolicyDocument:\n${toYaml(newDoc, 6)}`,
    patches: [{ kind: "managed-policy", policyArn, document: newDoc }],
  };
}

/** Narrow the decisive Deny of an identity-side check (an inline or a managed policy). */
export function narrowIdentityDeny(d: DecisiveStatement, caller: Caller, role: IamRole, target: CheckId, what: string): Fix {
  const narrowed = narrowDeny(statementsOf(d.document)[d.index]!, role.arn, callerPrincipalArn(caller), false);
  const newDoc = withStatements(
    d.document,
    statementsOf(d.document).map((s, i) => (i === d.index ? narrowed : s)),
  );
  const inline = /^inline policy (\S+) of (user|role|group) (\S+)$/.exec(d.name);
  const explanation = `This Deny matches ${what} on ${role.arn}. If the deny is deliberate (offboarding, a guard rail), leave it: the caller should not assume the role. Otherwise narrow it so it no longer covers this role.`;
  if (inline) {
    const [, policyName, entity, name] = inline as unknown as [string, string, "user" | "role" | "group", string];
    return inlinePolicyFix(entity, name, policyName, newDoc, { target, title: `Narrow the Deny in ${d.name}`, explanation, statement: narrowed, principalArn: `arn:aws:iam::${caller.account}:${entity}/${name}` });
  }
  return managedPolicyFix(d.name, newDoc, target, `Narrow the Deny in ${d.name}`, explanation, narrowed);
}
