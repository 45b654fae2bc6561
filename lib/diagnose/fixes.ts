// The smallest change that makes each failing check pass, on the side where it belongs, as a
// statement, `aws` commands, Terraform and CloudFormation — and as a patch code can apply.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { principalArnKey } from "@/lib/policy/request";
import type { Caller } from "./caller";
import { compactJson, shellQuote, terraformPolicyDocument, tfName, toYaml } from "./render";
import type { Check, DiagnoseInput, DiagnoseResult, Fix } from "./types";

type Doc = Record<string, unknown>;
type Stmt = Record<string, unknown>;

function statementsOf(doc: Doc): Stmt[] {
  const s = doc.Statement;
  return Array.isArray(s) ? (s as Stmt[]) : s ? [s as Stmt] : [];
}

function withStatements(doc: Doc, statements: Stmt[]): Doc {
  return { Version: (doc.Version as string) ?? "2012-10-17", ...(doc.Id ? { Id: doc.Id } : {}), Statement: statements };
}

function sidFor(prefix: string, name: string): string {
  return `${prefix}${name.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 100);
}

/** The principal to name in a trust policy for this caller (a session is named by its role). */
function trustPrincipal(caller: Caller): Stmt | undefined {
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

function trustFix(role: IamRole, newDoc: Doc, title: string, explanation: string, statement: Stmt, target: Fix["target"]): Fix {
  const tf = tfName(role.name);
  return {
    target,
    title,
    explanation,
    statement,
    cli: `aws iam update-assume-role-policy --role-name ${role.name} --policy-document ${shellQuote(compactJson(newDoc))}`,
    terraform: `${terraformPolicyDocument(`${role.name}_trust`, newDoc)}\n\nresource "aws_iam_role" "${tf}" {\n  name               = "${role.name}"\n  path               = "${role.path}"\n  assume_role_policy = data.aws_iam_policy_document.${tfName(`${role.name}_trust`)}.json\n  # … keep the role's other arguments as they are\n}`,
    cloudformation: `${cfnId(role.name)}:\n  Type: AWS::IAM::Role\n  Properties:\n    RoleName: ${role.name}\n    Path: ${role.path}\n    AssumeRolePolicyDocument:\n${toYaml(newDoc, 6)}`,
    patches: [{ kind: "trust-policy", roleArn: role.arn, document: newDoc }],
  };
}

function cfnId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9]/g, " ").split(" ").filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z]/.test(id) ? id : `R${id}`;
}

/** Narrow a Deny so it no longer matches this caller on this role. */
function narrowDeny(st: Stmt, roleArn: string, principalArn: string | undefined, trust: boolean): Stmt {
  const copy: Stmt = { ...st };
  if (!trust && (st.Resource === "*" || (Array.isArray(st.Resource) && st.Resource.includes("*")))) {
    delete copy.Resource;
    copy.NotResource = [roleArn];
    return copy;
  }
  const cond = { ...((st.Condition as Doc) ?? {}) };
  if (principalArn) cond.ArnNotEquals = { ...((cond.ArnNotEquals as Doc) ?? {}), "aws:PrincipalArn": principalArn };
  copy.Condition = cond;
  return copy;
}

function decisiveStatements(check: Check | undefined): { label: string; name: string; document: Doc; index: number }[] {
  return (check?.policies ?? []).flatMap((p) => p.decisive.map((index) => ({ label: p.label, name: p.name, document: p.document as Doc, index })));
}

function identityFix(caller: Caller, role: IamRole, input: DiagnoseInput, actions?: string[]): Fix | undefined {
  const entity = caller.user ?? caller.role;
  if (!entity) return undefined;
  const kind = caller.user ? "user" : "role";
  const extra = actions ? actions[0]!.split(":")[1]!.toLowerCase() : "assume";
  const policyName = `${extra}-${role.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`.slice(0, 128);
  const action = actions ?? (input.tags || input.transitiveTagKeys ? ["sts:AssumeRole", "sts:TagSession"] : "sts:AssumeRole");
  const statement: Stmt = { Sid: sidFor(actions ? `Allow${actions[0]!.split(":")[1]}` : "AllowAssume", role.name), Effect: "Allow", Action: action, Resource: role.arn };
  const doc = { Version: "2012-10-17", Statement: [statement] };
  const tfDoc = tfName(`${policyName}_doc`);
  return {
    target: "identity-policy",
    title: `Allow ${entity.name} to call sts:AssumeRole on ${role.name}`,
    explanation: `Add this statement to an identity policy of the ${kind} ${entity.name} (here as a new inline policy).${caller.account !== role.account ? " Cross-account, both sides must allow: this is the caller's side." : " The trust policy names the account, which only delegates: the caller's identity policy must allow too."}`,
    statement,
    cli: `aws iam put-${kind}-policy --${kind}-name ${entity.name} --policy-name ${policyName} --policy-document ${shellQuote(compactJson(doc))}`,
    terraform: `${terraformPolicyDocument(`${policyName}_doc`, doc)}\n\nresource "aws_iam_${kind}_policy" "${tfName(policyName)}" {\n  name   = "${policyName}"\n  ${kind}   = "${entity.name}"\n  policy = data.aws_iam_policy_document.${tfDoc}.json\n}`,
    cloudformation: `${cfnId(policyName)}:\n  Type: AWS::IAM::Policy\n  Properties:\n    PolicyName: ${policyName}\n    ${kind === "user" ? "Users" : "Roles"}:\n      - ${entity.name}\n    PolicyDocument:\n${toYaml(doc, 6)}`,
    patches: [{ kind: "inline-policy", principalArn: entity.arn, entity: kind, name: entity.name, policyName, document: doc }],
  };
}

function managedPolicyFix(policyArn: string, newDoc: Doc, target: Fix["target"], title: string, explanation: string, statement: Stmt): Fix {
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

function onlyServices(trust: Doc): string[] | null {
  const sts = statementsOf(trust).filter((s) => s.Effect === "Allow");
  const services: string[] = [];
  for (const s of sts) {
    const p = s.Principal as Doc | string | undefined;
    if (!p || typeof p === "string" || p.AWS || p.Federated) return null;
    const sv = p.Service;
    services.push(...(Array.isArray(sv) ? (sv as string[]) : sv ? [sv as string] : []));
  }
  return services.length ? services : null;
}

export function proposeFixes(model: AccountModel, input: DiagnoseInput, caller: Caller, role: IamRole, result: DiagnoseResult): Fix[] {
  const fixes: Fix[] = [];
  const check = (id: string) => result.checks.find((c) => c.id === id);
  const failing = (id: string) => check(id)?.status === "fail";
  const p = caller.principal;
  const principalArn = "account" in p ? (p.type === "assumed-role" && caller.role ? caller.role.arn : principalArnKey(p)) : undefined;
  const trust = role.trustPolicy;

  // --- trust policy ---
  if (failing("trust-policy") && p.type !== "root") {
    const denies = decisiveStatements(check("trust-policy")).filter((d) => statementsOf(d.document)[d.index]?.Effect === "Deny");
    const conditionFailure = check("trust-policy")!.statements.some((s) => s.failed === "condition" && s.effect === "Allow");
    if (denies.length) {
      const sts = statementsOf(trust).map((s, i) => (denies.some((d) => d.index === i) ? narrowDeny(s, role.arn, principalArn, true) : s));
      const changed = sts.filter((_, i) => denies.some((d) => d.index === i));
      fixes.push(trustFix(role, withStatements(trust, sts), "Narrow the Deny in the trust policy", `The Deny statement matches ${caller.errorArn}. Narrowed with an ArnNotEquals on aws:PrincipalArn it keeps denying everyone else.`, changed[0]!, "trust-policy"));
    } else if (conditionFailure) {
      fixes.push(...conditionFixes(caller, role, input, check("trust-policy")!));
    } else {
      const services = onlyServices(trust);
      const acct = role.account;
      if (services && "account" in p) {
        const st: Stmt = { Sid: "AllowAccountPrincipals", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: "sts:AssumeRole" };
        const fix = trustFix(
          role,
          withStatements(trust, [...statementsOf(trust), st]),
          "The official way: let the account's principals assume it too",
          `Only ${services.join(", ")} may assume this role. Add a statement that also trusts account ${acct}; that delegates to identity policies, so developers additionally need sts:AssumeRole on it — for example on every role tagged env=dev: {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::${acct}:role/*","Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}}. Keep it to development roles.`,
          st,
          "trust-policy",
        );
        fixes.push(fix);
        fixes.push({
          target: "trust-policy",
          title: "Or simulate the role without changing it",
          explanation: `RoleCall can rebuild ${role.name}'s permissions as a session policy on a broader base role you may assume, so your code runs with (almost exactly) the task role's permissions. The simulate page lists what differs.`,
          link: `/simulate?role=${encodeURIComponent(role.arn)}`,
        });
      } else {
        const principal = trustPrincipal(caller);
        if (principal) {
          const st: Stmt = { Sid: sidFor("Allow", String(Object.values(principal)[0]).split(/[/:]/).pop() ?? "Caller"), Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" };
          const who = String(Object.values(principal)[0]);
          fixes.push(
            trustFix(
              role,
              withStatements(trust, [...statementsOf(trust), st]),
              `Trust ${who} in ${role.name}'s trust policy`,
              `Add a statement that names ${who}.${caller.account && caller.account !== role.account ? ` The caller is in another account (${caller.account}), so its own identity policy must also allow sts:AssumeRole on ${role.arn}.` : p.type === "user" ? " Naming the user itself (not the account) grants without an identity policy in the same account." : ""}`,
              st,
              "trust-policy",
            ),
          );
        }
      }
    }
  }

  // --- request parameters a trust condition requires ---
  for (const id of ["external-id", "session-name"] as const) {
    if (!failing(id)) continue;
    const c = check(id)!;
    if (id === "external-id") {
      const expected = requiredLiteral(trust, "sts:ExternalId");
      const valid = input.externalId === undefined || /^[\w+=,.@:/-]{2,1224}$/.test(input.externalId);
      fixes.push({
        target: id,
        title: expected ? "Pass the external ID the trust policy expects" : "Pass a valid external ID",
        explanation: valid
          ? `${c.detail} The role's owner gives you the external ID; pass it with --external-id (CLI profiles: external_id).`
          : "External IDs are 2 to 1224 characters of letters, digits and _+=,.@:/-.",
        cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${input.roleSessionName ?? "my-session"} --external-id ${shellQuote(expected ?? "EXTERNAL_ID")}`,
        covers: ["trust-policy"],
        ...(expected ? { patches: [{ kind: "request" as const, change: { externalId: expected } }] } : {}),
      });
    } else {
      const name = (input.roleSessionName ?? "session").replace(/[^\w+=,.@-]/g, "-").slice(0, 64).padEnd(2, "-");
      fixes.push({
        target: id,
        title: "Use a valid role session name",
        explanation: `${c.detail} Session names are 2 to 64 characters of letters, digits and _+=,.@-.`,
        cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${name}`,
        covers: ["trust-policy"],
        patches: [{ kind: "request", change: { roleSessionName: name } }],
      });
    }
  }

  // --- identity ---
  if (failing("identity-policy") && p.type !== "root") {
    const denies = decisiveStatements(check("identity-policy")).filter((d) => statementsOf(d.document)[d.index]?.Effect === "Deny");
    if (denies.length) {
      const d = denies[0]!;
      const narrowed = narrowDeny(statementsOf(d.document)[d.index]!, role.arn, principalArn, false);
      const newDoc = withStatements(d.document, statementsOf(d.document).map((s, i) => (i === d.index ? narrowed : s)));
      const inline = /^inline policy (\S+) of (user|role|group) (\S+)$/.exec(d.name);
      if (inline) {
        const [, policyName, entity, name] = inline as unknown as [string, string, "user" | "role" | "group", string];
        fixes.push({
          target: "identity-policy",
          title: `Narrow the Deny in ${d.name}`,
          explanation: `This Deny matches sts:AssumeRole on ${role.arn}. If the deny is deliberate (offboarding, a guard rail), leave it: the caller should not assume the role. Otherwise narrow it so it no longer covers this role.`,
          statement: narrowed,
          cli: `aws iam put-${entity}-policy --${entity}-name ${name} --policy-name ${policyName} --policy-document ${shellQuote(compactJson(newDoc))}`,
          terraform: `${terraformPolicyDocument(`${policyName}_doc`, newDoc)}\n\nresource "aws_iam_${entity}_policy" "${tfName(policyName)}" {\n  name   = "${policyName}"\n  ${entity}   = "${name}"\n  policy = data.aws_iam_policy_document.${tfName(`${policyName}_doc`)}.json\n}`,
          cloudformation: `${cfnId(policyName)}:\n  Type: AWS::IAM::Policy\n  Properties:\n    PolicyName: ${policyName}\n    ${entity === "user" ? "Users" : entity === "role" ? "Roles" : "Groups"}:\n      - ${name}\n    PolicyDocument:\n${toYaml(newDoc, 6)}`,
          ...(entity !== "group" ? { patches: [{ kind: "inline-policy" as const, principalArn: `arn:aws:iam::${caller.account}:${entity}/${name}`, entity, name, policyName, document: newDoc }] } : {}),
        });
      } else {
        fixes.push(managedPolicyFix(d.name, newDoc, "identity-policy", `Narrow the Deny in ${d.name}`, `This Deny matches sts:AssumeRole on ${role.arn}; narrow it so it no longer covers this role (or leave it, if the deny is deliberate).`, narrowed));
      }
    } else {
      const f = identityFix(caller, role, input);
      if (f) fixes.push(f);
    }
  }

  // --- boundary ---
  const entity = caller.user ?? caller.role;
  if (failing("permission-boundary") && entity?.permissionsBoundary) {
    const arn = entity.permissionsBoundary;
    const doc = model.managedDocument(arn);
    if (doc) {
      const st: Stmt = { Sid: sidFor("AllowAssume", role.name), Effect: "Allow", Action: "sts:AssumeRole", Resource: role.arn };
      fixes.push(
        managedPolicyFix(
          arn,
          withStatements(doc, [...statementsOf(doc), st]),
          "permission-boundary",
          `Let the permissions boundary allow sts:AssumeRole on ${role.name}`,
          `${entity.name}'s boundary ${arn} caps every permission; it must allow sts:AssumeRole too. Changing a boundary changes it for everyone who has it: if that is too broad, give ${entity.name} a boundary of their own.`,
          st,
        ),
      );
    }
  }

  // --- SCP / RCP ---
  for (const id of ["scp", "rcp"] as const) {
    if (!failing(id)) continue;
    const acct = id === "scp" ? caller.account! : role.account;
    const denies = decisiveStatements(check(id)).filter((d) => statementsOf(d.document)[d.index]?.Effect === "Deny");
    const filter = id === "scp" ? "SERVICE_CONTROL_POLICY" : "RESOURCE_CONTROL_POLICY";
    const labelRe = /^(scps|rcps)\[(\d+)\]\[(\d+)\]$/;
    if (denies.length) {
      const d = denies[0]!;
      const narrowed = narrowDeny(statementsOf(d.document)[d.index]!, role.arn, principalArn, true);
      const newDoc = withStatements(d.document, statementsOf(d.document).map((s, i) => (i === d.index ? narrowed : s)));
      const m = labelRe.exec(d.label);
      fixes.push({
        target: id,
        title: `Narrow the Deny in the ${id === "scp" ? "service" : "resource"} control policy`,
        explanation: `${d.name} denies sts:AssumeRole here. Organization policies are changed in the management account; find the policy ID with the first command. If the guard rail is deliberate, assume the role from a principal it exempts instead.`,
        statement: narrowed,
        cli: `aws organizations list-policies-for-target --target-id ${acct} --filter ${filter}\naws organizations update-policy --policy-id POLICY_ID --content ${shellQuote(compactJson(newDoc))}`,
        terraform: `resource "aws_organizations_policy" "${tfName(`${id}_${acct}`)}" {\n  name    = "…keep the name…"\n  type    = "${filter}"\n  content = ${JSON.stringify(compactJson(newDoc)).replace(/\$\{/g, "$$${")}\n}`,
        cloudformation: `${id === "scp" ? "Scp" : "Rcp"}:\n  Type: AWS::Organizations::Policy\n  Properties:\n    Type: ${filter}\n    Content:\n${toYaml(newDoc, 6)}`,
        ...(m ? { patches: [{ kind: "org-policy" as const, type: m[1] as "scps" | "rcps", account: acct, level: Number(m[2]), index: Number(m[3]), document: newDoc }] } : {}),
      });
    } else if (id === "scp") {
      const st: Stmt = { Sid: "AllowAssumeRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };
      fixes.push({
        target: id,
        title: "Allow sts:AssumeRole at every level of the organization path",
        explanation: `SCPs need an Allow at every level from the root to account ${acct}; one level has none for sts:AssumeRole (FullAWSAccess was probably replaced by an allow-list). Add this statement to an SCP attached at that level.`,
        statement: st,
        cli: `aws organizations list-parents --child-id ${acct}\naws organizations list-policies-for-target --target-id PARENT_ID --filter SERVICE_CONTROL_POLICY\naws organizations update-policy --policy-id POLICY_ID --content '…the policy, with the statement added…'`,
      });
    }
  }

  // --- duration ---
  if (failing("duration") && !/validation|range/i.test(check("duration")!.detail)) {
    const chained = /role chaining/.test(check("duration")!.detail);
    if (chained) {
      fixes.push({
        target: "duration",
        title: "Ask for at most 3600 seconds — no setting lifts the role-chaining cap",
        explanation: "A session that assumes another role (role chaining) gets at most one hour, whatever the role's MaxSessionDuration. To get longer sessions, assume the role directly from long-term credentials (an IAM user's keys, or IAM Identity Center) rather than from another role's session, or refresh the credentials every hour (the SDKs' assume-role providers do this).",
        cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${input.roleSessionName ?? "my-session"} --duration-seconds 3600`,
        patches: [{ kind: "request", change: { durationSeconds: 3600 } }],
      });
    } else if (role.maxSessionDuration !== null) {
      const asked = input.durationSeconds ?? 3600;
      fixes.push({
        target: "duration",
        title: `Ask for at most ${role.maxSessionDuration} seconds`,
        explanation: `The role allows sessions up to ${role.maxSessionDuration} seconds.`,
        cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${input.roleSessionName ?? "my-session"} --duration-seconds ${role.maxSessionDuration}`,
        patches: [{ kind: "request", change: { durationSeconds: role.maxSessionDuration } }],
      });
      const want = Math.min(43200, Math.ceil(asked / 3600) * 3600);
      fixes.push({
        target: "duration",
        title: `Or raise the role's MaxSessionDuration to ${want} seconds`,
        explanation: `MaxSessionDuration may be 3600 to 43200 seconds. Longer sessions mean leaked credentials stay valid longer.`,
        cli: `aws iam update-role --role-name ${role.name} --max-session-duration ${want}`,
        terraform: `resource "aws_iam_role" "${tfName(role.name)}" {\n  name                 = "${role.name}"\n  max_session_duration = ${want}\n  # … keep the role's other arguments as they are\n}`,
        cloudformation: `${cfnId(role.name)}:\n  Type: AWS::IAM::Role\n  Properties:\n    RoleName: ${role.name}\n    MaxSessionDuration: ${want}`,
        patches: [{ kind: "max-session-duration", roleArn: role.arn, maxSessionDuration: want }],
      });
    }
  }

  // --- session tags / source identity: every side that does not allow the extra action ---
  for (const [id, action] of [
    ["session-tags", "sts:TagSession"],
    ["source-identity", "sts:SetSourceIdentity"],
  ] as const) {
    const c = check(id);
    if (!c || c.status !== "fail" || !c.failingPolicyTypes) continue;
    const what = id === "session-tags" ? "session tags" : "a source identity";
    if (c.failingPolicyTypes.includes("resource")) {
      const admitting = check("trust-policy")?.policies?.[0]?.decisive[0];
      const sts = statementsOf(trust);
      if (admitting !== undefined && sts[admitting]) {
        const st = sts[admitting]!;
        const actions = Array.isArray(st.Action) ? (st.Action as string[]) : [st.Action as string];
        const updated = { ...st, Action: [...actions, action] };
        fixes.push(trustFix(role, withStatements(trust, sts.map((x, i) => (i === admitting ? updated : x))), `Allow ${action} in the trust policy`, `Passing ${what} makes STS also authorize ${action}; the trust statement that admits the caller must list it.`, updated, id));
      }
    }
    if (c.failingPolicyTypes.includes("identity")) {
      const f = identityFix(caller, role, input, [action]);
      const trustSide = c.failingPolicyTypes.includes("resource") ? fixes.pop() : undefined;
      if (f) {
        fixes.push({
          ...f,
          target: id,
          title: trustSide ? `Allow ${action} in the trust policy and in the caller's identity policy` : `Allow ${action} on ${role.name} in the caller's identity policy`,
          explanation: `Passing ${what} makes STS also authorize ${action}${trustSide ? ": the trust statement that admits the caller must list it, and" : ";"} because the trust policy delegates to the account${caller.account !== role.account ? " (and the caller is in another account)" : ""}, the caller's identity policy must allow it too.${trustSide ? ` Trust policy: ${trustSide.cli}` : ""}`,
          patches: [...(trustSide?.patches ?? []), ...(f.patches ?? [])],
        });
      }
    }
  }
  return fixes;
}

/** Fixes for a trust statement that names the caller but whose conditions are not met. */
function conditionFixes(caller: Caller, role: IamRole, input: DiagnoseInput, trustCheck: Check): Fix[] {
  const fixes: Fix[] = [];
  const failures = trustCheck.statements.filter((s) => s.failed === "condition" && s.effect === "Allow").flatMap((s) => s.reason.split("; "));
  const keys = new Set((trustCheck.statements.flatMap((s) => s.missingKeys ?? [])).map((k) => k.toLowerCase()));
  const text = failures.join(" ").toLowerCase();
  const session = input.roleSessionName ?? "my-session";
  if (keys.has("aws:multifactorauthpresent") || text.includes("aws:multifactorauthpresent")) {
    const mfaArn = caller.user ? `arn:aws:iam::${caller.user.account}:mfa/${caller.user.name}` : "MFA_DEVICE_ARN";
    fixes.push({
      target: "trust-policy",
      title: "Sign in with MFA",
      explanation: "The trust policy requires aws:MultiFactorAuthPresent. With long-term keys, pass your MFA device and a current code on AssumeRole (CLI profiles: mfa_serial).",
      cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${session} --serial-number ${mfaArn} --token-code 123456`,
      patches: [{ kind: "request", change: { mfa: true } }],
    });
  }
  const tagKey = [...text.matchAll(/aws:principaltag\/([^\s)"]+)/g)].map((m) => m[1]!)[0];
  const entity = caller.user ?? caller.role;
  if (tagKey && entity) {
    const cond = statementsOf(role.trustPolicy).flatMap((st) => Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>));
    const wanted = cond.flatMap(([op, kv]) => (/^StringEquals/.test(op) ? Object.entries(kv) : [])).find(([k]) => k.toLowerCase() === `aws:principaltag/${tagKey}`);
    const value = wanted ? (Array.isArray(wanted[1]) ? String(wanted[1][0]) : String(wanted[1])) : undefined;
    const realKey = wanted ? wanted[0].split("/")[1]! : tagKey;
    if (value !== undefined) {
      const kind = caller.user ? "user" : "role";
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
  if (fixes.length === 0) {
    fixes.push({
      target: "trust-policy",
      title: "Meet the trust policy's condition",
      explanation: `A trust statement names the caller but its conditions are not met: ${failures.join("; ")}. Either send the request so that it meets them, or change the condition if it is wrong.`,
    });
  }
  return fixes;
}

/** The single literal a StringEquals condition requires for `key`, if there is one. */
function requiredLiteral(trust: Doc, key: string): string | undefined {
  for (const s of statementsOf(trust)) {
    const cond = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
    for (const [op, keys] of Object.entries(cond)) {
      if (!/^StringEquals(IfExists)?$/.test(op)) continue;
      for (const [k, v] of Object.entries(keys)) {
        if (k.toLowerCase() !== key.toLowerCase()) continue;
        const vals = Array.isArray(v) ? v : [v];
        if (vals.length >= 1 && typeof vals[0] === "string") return vals[0];
      }
    }
  }
  return undefined;
}
