// Simulate a role on a base role: the session policies, what differs from the real role
// (caveats, checked with the engine), and commands that work as they are.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { RequestContext } from "@/lib/policy/context";
import { evaluate } from "@/lib/policy/evaluate";
import { checkAccess } from "@/lib/diagnose/check";
import { diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import { callerProfile } from "@/lib/diagnose/profile";
import { compileDoc } from "@/lib/diagnose/policies";
import { planSessionPolicy, type SessionPolicyPlan } from "./session-policy";

type Json = Record<string, unknown>;

export interface SimulateOptions {
  /** the principal who will assume the base role (the dashboard's identity, or given) */
  caller?: string;
  /** the portal user, carried in the role session name */
  portalUser?: string;
  /** the CLI profile whose credentials call AssumeRole in the generated commands */
  sourceProfile?: string;
  /** expand an action pattern (`s3:Get*`) to concrete actions; defaults to the literal pattern */
  expandActions?: (pattern: string) => string[];
}

export interface SimulatePlan extends SessionPolicyPlan {
  role: string;
  baseRole: string;
  roleSessionName: string;
  caveats: string[];
  commands: {
    /** one command; with `mfa`, it carries --serial-number and --token-code */
    assumeRole: string;
    /** the AWS config profile alone (what to paste into ~/.aws/config) */
    profile: string;
    /** what to run, in order, before the profile works (save its session policy; with MFA, an MFA session) */
    profileSetup: { title: string; command: string }[];
    exports: string;
    /** the caller may assume the base role only with MFA: the device, and the profile that holds an MFA session */
    mfa?: { serialNumber: string; sessionProfile: string };
    direct?: { profile: string; exports: string };
  };
  /** longest session the base role gives this caller, in seconds */
  maxDurationSeconds: number | null;
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

function statementsOf(doc: Json): Json[] {
  const s = doc.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Json[];
}

/** A concrete resource that a pattern matches, to ask the engine about it. */
export function sampleResource(pattern: string): string {
  return pattern === "*" ? "*" : pattern.replace(/\*/g, "rolecall-sample").replace(/\?/g, "x");
}

const MFA_KEYS = /^aws:MultiFactorAuth(Present|Age)$/i;
const IAM_USER = /^arn:aws[\w-]*:iam::\d{12}:user\//;

/** An unknown AssumeRole verdict that MFA alone decides: it needs only MFA keys, and is allowed with MFA. */
function needsOnlyMfa(model: AccountModel, caller: string, role: string, roleSessionName: string | undefined, needs: string[]): boolean {
  if (!needs.length || !needs.every((k) => MFA_KEYS.test(k))) return false;
  return diagnoseAssumeRole(model, { principal: caller, role, roleSessionName, mfa: true }, { lean: true }).verdict === "allowed";
}

/** The caller's MFA device ARN as IAM names a virtual device after its user; a placeholder otherwise. */
export function mfaSerial(caller: string): string {
  const m = /^arn:(aws[\w-]*):iam::(\d{12}):user\/(?:[^/]+\/)*([^/]+)$/.exec(caller);
  if (m) return `arn:${m[1]}:iam::${m[2]}:mfa/${m[3]}`;
  const acct = /:(\d{12}):/.exec(caller)?.[1] ?? "123456789012";
  return `arn:aws:iam::${acct}:mfa/YOUR-MFA-DEVICE`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Role session names: 2–64 of [\w+=,.@-]. */
export function sessionName(portalUser: string | undefined, role: string): string {
  const clean = (s: string) => s.replace(/[^\w+=,.@-]/g, "-");
  const name = portalUser ? `rc-${clean(portalUser)}-${clean(role)}` : `rolecall-${clean(role)}`;
  return name.slice(0, 64);
}

function roleDocuments(model: AccountModel, role: IamRole): { name: string; document: Json }[] {
  return [
    ...role.inlinePolicies.map((p) => ({ name: `inline policy ${p.name}`, document: p.document })),
    ...role.attachedPolicies.flatMap((p) => {
      const d = model.managedDocument(p.arn);
      return d ? [{ name: p.arn, document: d }] : [];
    }),
  ];
}

/** (action, sample resource) pairs the role's Allow statements grant, wildcards expanded. */
function grantedPairs(model: AccountModel, role: IamRole, expand: (p: string) => string[], cap = 400): { action: string; resource: string }[] {
  const out = new Map<string, { action: string; resource: string }>();
  for (const { document } of roleDocuments(model, role)) {
    for (const st of statementsOf(document)) {
      if (st.Effect !== "Allow" || st.NotAction !== undefined) continue;
      const resources = st.NotResource !== undefined ? ["*"] : list(st.Resource);
      for (const pattern of list(st.Action)) {
        for (const action of pattern.includes("*") || pattern.includes("?") ? expand(pattern) : [pattern]) {
          for (const r of resources) {
            const key = `${action.toLowerCase()} ${r}`;
            if (!out.has(key)) out.set(key, { action, resource: sampleResource(r) });
            if (out.size >= cap) return [...out.values()];
          }
        }
      }
    }
  }
  return [...out.values()];
}

const PRINCIPAL_KEYS = /^(aws:PrincipalArn|aws:PrincipalTag\/.+|aws:userid|aws:username|aws:PrincipalAccount|aws:PrincipalOrgID)$/i;

export function planSimulation(model: AccountModel, role: IamRole, base: IamRole, opts: SimulateOptions = {}): SimulatePlan {
  const expand = opts.expandActions ?? ((p: string) => [p]);
  const managed = role.attachedPolicies.map((p) => ({ arn: p.arn, document: model.managedDocument(p.arn) }));
  const plan = planSessionPolicy(
    role.inlinePolicies.map((p) => ({ name: p.name, document: p.document })),
    managed,
    base.account,
  );
  const caveats: string[] = [...plan.notes];

  // 1. What the role may do and the base role may not: the simulation denies it.
  const pairs = grantedPairs(model, role, expand);
  // A gap is certain only when the base role is denied whatever the unknown keys (region, …) are.
  const gaps: string[] = [];
  const uncertain: string[] = [];
  for (const { action, resource } of pairs) {
    const b = checkAccess(model, { principal: base.arn, action, resource });
    if (b.decision === "allowed" && !b.dependsOn.length) continue;
    // Only a difference from the real role counts: SCP conditions that bind both are no gap.
    const r = checkAccess(model, { principal: role.arn, action, resource });
    if (r.decision !== "allowed" && !r.dependsOn.length) continue;
    if (b.dependsOn.length || r.dependsOn.length) {
      if (b.dependsOn.join() !== r.dependsOn.join() || b.decision !== r.decision) uncertain.push(`${action} (depends on ${[...new Set([...b.dependsOn, ...r.dependsOn])].join(", ")})`);
    } else gaps.push(`${action}${resource === "*" ? "" : ` on ${resource}`}`);
  }
  if (gaps.length) {
    caveats.push(`The base role ${base.name} may not do ${gaps.length} thing${gaps.length === 1 ? "" : "s"} that ${role.name} may, so the simulation denies ${gaps.length === 1 ? "it" : "them"}: ${gaps.slice(0, 15).join(", ")}${gaps.length > 15 ? `, and ${gaps.length - 15} more` : ""}. Pick a broader base role, or expect AccessDenied there.`);
  }
  if (uncertain.length) {
    caveats.push(`For ${base.name}, ${uncertain.slice(0, 5).join(", ")}${uncertain.length > 5 ? ` and ${uncertain.length - 5} more` : ""} may be allowed for one role and not the other, depending on request values: check them on the simulate page.`);
  }
  const baseProfile = callerProfile(model, base.arn);
  if (typeof baseProfile !== "string") {
    for (const m of baseProfile.identityMissing) caveats.push(`The base role's own permissions are not fully known (${m}): its gaps may be incomplete.`);
  }

  // 2. The role's permissions boundary cannot be reproduced by a session policy.
  if (role.permissionsBoundary) {
    const doc = model.managedDocument(role.permissionsBoundary);
    const boundary = doc ? compileDoc(doc, "permissionBoundary", "permissionBoundary", role.permissionsBoundary) : undefined;
    if (boundary && !(boundary instanceof Error)) {
      const limited = pairs.filter(({ action, resource }) => {
        const p = { type: "role" as const, arn: role.arn, partition: "aws", account: role.account, path: role.path, name: role.name };
        const r = evaluate({ principal: p, action, resource, context: new RequestContext() }, { identity: [boundary] });
        return r.decision !== "allowed";
      });
      caveats.push(
        `${role.name} has the permissions boundary ${role.permissionsBoundary}, which a session policy cannot reproduce (session policies add up; a boundary intersects).${limited.length ? ` It would have denied ${limited.slice(0, 10).map((x) => x.action).join(", ")}${limited.length > 10 ? ` and ${limited.length - 10} more` : ""}, which the simulation allows.` : " It does not limit any action of the role's policies."}`,
      );
    } else {
      caveats.push(`${role.name} has the permissions boundary ${role.permissionsBoundary} (not loaded), which a session policy cannot reproduce: the simulation may allow more than the real role.`);
    }
  }

  // 3. Whatever names the real role behaves differently for the base role's session.
  const principalConditions = new Set<string>();
  for (const { document } of roleDocuments(model, role)) {
    for (const st of statementsOf(document)) {
      for (const keys of Object.values((st.Condition ?? {}) as Record<string, Json>)) for (const k of Object.keys(keys)) if (PRINCIPAL_KEYS.test(k)) principalConditions.add(k);
    }
    if (/\$\{aws:(PrincipalTag|userid|username|PrincipalArn)/i.test(JSON.stringify(document))) principalConditions.add("policy variables such as ${aws:PrincipalTag/…}");
  }
  if (principalConditions.size) {
    caveats.push(`${role.name}'s policies test ${[...principalConditions].join(", ")}: in the simulation these are the base role's values (${base.arn}), so those statements may behave differently.`);
  }
  const trusting = [...model.roles.values()].filter((r) => r !== role && JSON.stringify(r.trustPolicy).includes(role.arn));
  if (trusting.length) {
    caveats.push(`${trusting.map((r) => r.arn).join(", ")} trust${trusting.length === 1 ? "s" : ""} ${role.name} by ARN: the simulated session is a session of ${base.name}, so ${trusting.length === 1 ? "it" : "they"} will not admit it.`);
  }
  const tagKeys = Object.keys(role.tags);
  if (tagKeys.length) caveats.push(`Conditions on aws:PrincipalTag see ${base.name}'s tags, not ${role.name}'s (${tagKeys.join(", ")}).`);
  caveats.push(`Resource-based policies (S3 bucket, KMS key, SQS queue, …) that name ${role.arn} will not match the simulated session, which is ${base.name}'s.`);
  if (role.account !== base.account) caveats.push(`The base role is in account ${base.account}, ${role.name} in ${role.account}: the SCPs and resource ownership of ${base.account} apply in the simulation.`);

  // 4. Duration, and whether the caller may assume the base role at all. What breaks the commands
  // (the caller may not assume the base role; it may only with MFA) goes first: `blocking`.
  let maxDurationSeconds = base.maxSessionDuration;
  let direct: SimulatePlan["commands"]["direct"];
  let mfa: SimulatePlan["commands"]["mfa"];
  const blocking: string[] = [];
  const rsn = sessionName(opts.portalUser, role.name);
  const src = opts.sourceProfile ?? "default";
  if (opts.caller) {
    const chained = /:assumed-role\//.test(opts.caller);
    if (chained) {
      maxDurationSeconds = 3600;
      caveats.push("The caller is itself a role session, so the simulated session lasts at most one hour (role chaining).");
    }
    try {
      const d = diagnoseAssumeRole(model, { principal: opts.caller, role: base.arn, roleSessionName: rsn }, { lean: true });
      const needs = [...new Set(d.checks.flatMap((c) => c.unknownKeys ?? []))];
      // GetSessionToken (the MFA session a profile needs) takes an IAM user's long-term keys.
      const baseNeedsMfa = d.verdict === "unknown" && IAM_USER.test(opts.caller) && needsOnlyMfa(model, opts.caller, base.arn, rsn, needs);
      if (d.verdict === "denied") blocking.push(`${opts.caller} may not assume the base role ${base.arn} (blocked by ${d.blockedBy.join(", ")}): these commands will fail with AccessDenied. Diagnose it, or pick a base role you may assume.`);
      else if (baseNeedsMfa) {
        mfa = { serialNumber: mfaSerial(opts.caller), sessionProfile: `${src}-mfa` };
        blocking.push(
          `${opts.caller} may assume the base role ${base.name} only with MFA (its trust policy tests aws:MultiFactorAuthPresent): the assume-role command passes your MFA device (--serial-number ${mfa.serialNumber}: check it with aws iam list-mfa-devices) and the code it shows (replace 123456 in --token-code). A credential_process profile cannot prompt for a code: get an MFA session first (the profile's step 2), which lasts 12 hours.`,
        );
      } else if (d.verdict === "unknown") blocking.push(`Whether ${opts.caller} may assume the base role ${base.arn} depends on ${needs.length ? needs.join(", ") : "what is not known"}: the commands may fail with AccessDenied.`);
      const t = diagnoseAssumeRole(model, { principal: opts.caller, role: role.arn }, { lean: true });
      const tNeeds = [...new Set(t.checks.flatMap((c) => c.unknownKeys ?? []))];
      const directWithMfa = t.verdict === "unknown" && needsOnlyMfa(model, opts.caller, role.arn, undefined, tNeeds);
      if (t.verdict === "allowed" || directWithMfa) {
        // The CLI prompts for the MFA code itself when a role profile has mfa_serial.
        const profile = [
          `[profile ${role.name}]`,
          `role_arn = ${role.arn}`,
          chained ? "credential_source = Ec2InstanceMetadata   # or Environment / EcsContainer: where the caller's credentials come from" : `source_profile = ${src}`,
          ...(directWithMfa ? [`mfa_serial = ${mfaSerial(opts.caller)}`] : []),
          `role_session_name = ${rsn}`,
        ].join("\n");
        direct = { profile, exports: `eval "$(aws configure export-credentials --profile ${role.name} --format env)"` };
        blocking.unshift(
          `${opts.caller} may assume ${role.name} directly${directWithMfa ? " with MFA" : ""}: no simulation is needed — use the plain role profile${directWithMfa ? " (it has mfa_serial, so the CLI asks for your code)" : ""}.`,
        );
      }
    } catch {
      /* an unparseable caller only loses these hints */
    }
  }
  caveats.unshift(...blocking);
  if (maxDurationSeconds === null) caveats.push(`${base.name}'s MaxSessionDuration is not known: sessions of one hour always work.`);

  const arnsArg = plan.policyArns.length ? ` --policy-arns ${plan.policyArns.map((a) => `arn=${a}`).join(" ")}` : "";
  const policyArg = plan.sessionPolicy ? ` --policy ${shellQuote(plan.sessionPolicy)}` : "";
  const mfaArg = mfa ? ` --serial-number ${mfa.serialNumber} --token-code 123456` : "";
  const assumeRole = `aws sts assume-role --profile ${src} --role-arn ${base.arn} --role-session-name ${rsn}${policyArg}${arnsArg}${mfaArg} --duration-seconds 3600`;
  const policyFile = `~/.aws/rolecall/${role.name}.json`;
  const query = '"{Version:`1`,AccessKeyId:Credentials.AccessKeyId,SecretAccessKey:Credentials.SecretAccessKey,SessionToken:Credentials.SessionToken,Expiration:Credentials.Expiration}"';
  const profileName = `rolecall-${role.name}`;
  // credential_process runs without a terminal, so with MFA it calls AssumeRole with an MFA session's
  // credentials (GetSessionToken with MFA: aws:MultiFactorAuthPresent is true for them).
  const callingProfile = mfa ? mfa.sessionProfile : src;
  const profile = [
    `[profile ${profileName}]`,
    `credential_process = aws sts assume-role --profile ${callingProfile} --role-arn ${base.arn} --role-session-name ${rsn}${plan.sessionPolicy ? ` --policy file://${policyFile}` : ""}${arnsArg} --output json --query ${query}`,
  ].join("\n");
  const profileSetup: SimulatePlan["commands"]["profileSetup"] = [];
  if (plan.sessionPolicy) {
    profileSetup.push({ title: "Save the session policy", command: `mkdir -p ~/.aws/rolecall && cat > ${policyFile} <<'EOF'\n${plan.sessionPolicy}\nEOF` });
  }
  if (mfa) {
    profileSetup.push({
      title: `Get an MFA session as profile ${mfa.sessionProfile} (again when it expires, after 12 hours)`,
      command: [
        `read -r AK SK ST <<< "$(aws sts get-session-token --profile ${src} --serial-number ${mfa.serialNumber} --token-code 123456 --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)"`,
        `aws configure set aws_access_key_id "$AK" --profile ${mfa.sessionProfile}`,
        `aws configure set aws_secret_access_key "$SK" --profile ${mfa.sessionProfile}`,
        `aws configure set aws_session_token "$ST" --profile ${mfa.sessionProfile}`,
      ].join("\n"),
    });
  }
  return {
    ...plan,
    role: role.arn,
    baseRole: base.arn,
    roleSessionName: rsn,
    caveats,
    commands: { assumeRole, profile, profileSetup, exports: `eval "$(aws configure export-credentials --profile ${profileName} --format env)"`, ...(mfa ? { mfa } : {}), ...(direct ? { direct } : {}) },
    maxDurationSeconds,
  };
}
