// The commands to take an access path (rules reference R6.5): an AWS config profile chain —
// each role's profile names the previous one as source_profile, mfa_serial on the profile whose
// assume-role call needs MFA — and the same as `aws sts assume-role` steps. Pure: usable in the browser.

import { shortName } from "./describe";
import type { AccessPath } from "./types";

const MFA_KEYS = new Set(["aws:multifactorauthpresent", "aws:multifactorauthage"]);

function profileName(arn: string): string {
  return shortName(arn).replace(/[^\w.-]/g, "-");
}

/** Where the first call's credentials come from, when it is not a user's own profile. */
function credentialSource(from: string): string | undefined {
  if (from === "ec2.amazonaws.com") return "Ec2InstanceMetadata";
  if (from === "ecs-tasks.amazonaws.com") return "EcsContainer";
  if (!from.startsWith("arn:")) return "Environment";
  return undefined;
}

function needsMfa(p: AccessPath): boolean {
  return p.hops.some((h) => h.requires.some((k) => MFA_KEYS.has(k.toLowerCase())));
}

function mfaDevice(p: AccessPath): string | undefined {
  const from = p.hops[0]?.from ?? "";
  const m = /^arn:([^:]+):iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(from);
  return m ? `arn:${m[1]}:iam::${m[2]}:mfa/${m[3]}` : undefined;
}

export interface PathCommands {
  /** ~/.aws/config */
  profile: string;
  /** the final profile's name, for `--profile` */
  profileName: string;
  /** `aws sts assume-role` steps in a POSIX shell */
  steps: string;
}

export function pathCommands(p: AccessPath, sessionName: string): PathCommands {
  const lines: string[] = [];
  const start = p.hops[0]!.from;
  const service = !start.startsWith("arn:");
  // A service makes the first call itself: the chain starts with the role it gave the instance or task.
  const hops = service ? p.hops.slice(1) : p.hops;
  const mfa = needsMfa(p) ? mfaDevice(p) : undefined;
  let source = service ? undefined : profileName(start);
  if (!service && !start.includes(":assumed-role/") && !start.includes(":role/")) lines.push(`[profile ${source}]`, "# your own credentials for this user (access keys in ~/.aws/credentials, or SSO)", "");
  else if (!service) lines.push(`# ${start}: the profile that gives you this session's credentials is "${source}"`, "");
  hops.forEach((h, i) => {
    const name = profileName(h.role);
    lines.push(`[profile ${name}]`, `role_arn = ${h.role}`);
    if (i === 0 && service) lines.push(`credential_source = ${credentialSource(start) ?? "Environment"}`);
    else if (i === 0 && !source) lines.push("credential_source = Environment");
    else lines.push(`source_profile = ${source}`);
    // MFA is proved on the first call from the user's own credentials; chained sessions carry it.
    if (i === 0 && mfa) lines.push(`mfa_serial = ${mfa}`);
    lines.push(`role_session_name = ${sessionName}`, "");
    source = name;
  });
  const last = profileName(p.hops[p.hops.length - 1]!.role);
  lines.push(`# then: aws sts get-caller-identity --profile ${last}`);

  const steps: string[] = [];
  if (service) steps.push(`# on the ${start === "ec2.amazonaws.com" ? "EC2 instance" : start} whose role is ${shortName(p.hops[0]!.role)}: its credentials come from the ${start === "ec2.amazonaws.com" ? "instance metadata" : "service"}`);
  hops.forEach((h, i) => {
    const mfaArgs = i === 0 && mfa ? ` --serial-number ${mfa} --token-code CODE` : "";
    steps.push(
      `# ${i + 1 + (service ? 1 : 0)}. ${shortName(h.from)} → ${shortName(h.role)}`,
      `read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<EOF`,
      `$(aws sts assume-role --role-arn ${h.role} --role-session-name ${sessionName}${mfaArgs} --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)`,
      "EOF",
      "export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN",
    );
  });
  steps.push("aws sts get-caller-identity");
  return { profile: lines.join("\n"), profileName: last, steps: steps.join("\n") };
}
