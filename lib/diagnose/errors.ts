// The messages STS returns (rules reference §5), and a parser for the ones people paste.

import type { PolicyType } from "@/lib/policy/evaluate";

/** "…with an explicit deny in <phrase>" (R5.4–R5.10; sic "sessions policy", R5.9). */
export const EXPLICIT_PHRASE: Record<PolicyType, string> = {
  resource: "the role trust policy",
  identity: "an identity-based policy",
  permissionBoundary: "a permissions boundary",
  scp: "a service control policy",
  rcp: "a resource control policy",
  session: "a sessions policy",
  endpoint: "a VPC endpoint policy",
};

/** "…because no <phrase> allows the <action> action". */
export const IMPLICIT_PHRASE: Record<PolicyType, string> = {
  resource: "role trust policy",
  identity: "identity-based policy",
  permissionBoundary: "permissions boundary",
  scp: "service control policy",
  rcp: "resource control policy",
  session: "session policy",
  endpoint: "VPC endpoint policy",
};

/** The order STS reports in: one policy type is named even when several deny (S9). */
export const REPORT_ORDER: PolicyType[] = ["rcp", "scp", "endpoint", "resource", "identity", "permissionBoundary", "session"];

/**
 * `User: CALLER is not authorized to perform: ACTION on resource: ROLE`, and with the policy type
 * when STS names one: `… because no <type> allows the ACTION action` / `… with an explicit deny in
 * <type>`. One form for every policy type: sts:AssumeRole acts on the role, and S9 gives the
 * format "User user is not authorized to perform action on resource because context"; the
 * trust-policy examples there leave the resource out, which R5.3 marks as uncertain (a pasted
 * message is parsed in both forms). Without `kind`, the plain form STS answers across accounts
 * and for a role that does not exist (R5.1, R5.2, §10-Q8).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
export function accessDenied(callerArn: string, action: string, roleArn: string, kind?: { type: PolicyType; explicit: boolean }): string {
  const plain = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`;
  if (!kind) return plain;
  return kind.explicit ? `${plain} with an explicit deny in ${EXPLICIT_PHRASE[kind.type]}` : `${plain} because no ${IMPLICIT_PHRASE[kind.type]} allows the ${action} action`;
}

export const ROOT_CANNOT_ASSUME = "Roles may not be assumed by root accounts.";
export const EXCEEDS_MAX_SESSION = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
export const EXCEEDS_CHAINING = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";

/** `N validation error(s) detected: a; b` (R5.22–R5.24). */
export function validationErrors(parts: string[]): string {
  return `${parts.length} validation error${parts.length === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}

export function constraintViolation(value: string, field: string, constraint: string): string {
  return `Value '${value}' at '${field}' failed to satisfy constraint: Member must ${constraint}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing what people paste.

export type ErrorKind =
  | "access-denied"
  /** "Access Denied" and nothing else (S3's classic answer): no caller, no policy type */
  | "access-denied-plain"
  | "root"
  | "max-session-duration"
  | "role-chaining"
  | "validation"
  | "mfa"
  | "expired-token"
  | "invalid-token"
  | "signature"
  | "region-disabled"
  | "packed-policy"
  | "malformed-policy"
  | "web-identity"
  | "unrecognised";

export interface ParsedError {
  kind: ErrorKind;
  code?: string;
  /** the API operation the SDK/CLI wrapper names ("when calling the GetObject operation") */
  operation?: string;
  principal?: string;
  action?: string;
  resource?: string;
  /** the policy type the message names, and whether it says "explicit deny" */
  policyType?: PolicyType;
  explicit?: boolean;
  /** "… in a VPC endpoint policy transitively through a service control policy": the request went through an endpoint */
  throughVpcEndpoint?: boolean;
  /** the policy ARN suffix of the newer messages (R5.11) */
  policyArn?: string;
  /** the message carried an "Encoded authorization failure message" (EC2 and others) */
  encoded?: boolean;
  /** validation errors: the field and value */
  field?: string;
  value?: string;
  /** what could not be parsed, said plainly */
  unparsed?: string;
}

const PHRASE_TO_TYPE: [RegExp, PolicyType][] = [
  [/VPC endpoint polic/i, "endpoint"],
  [/role trust policy/i, "resource"],
  [/identity-based polic/i, "identity"],
  [/permissions boundar/i, "permissionBoundary"],
  [/service control polic/i, "scp"],
  [/resource control polic/i, "rcp"],
  [/sessions? polic/i, "session"],
  [/resource-based polic/i, "resource"],
];

function typeOf(phrase: string): PolicyType | undefined {
  return PHRASE_TO_TYPE.find(([re]) => re.test(phrase))?.[1];
}

// R5 suggested parser, extended with the trailing policy ARN and a final period; the resource may
// be quoted (S3's messages quote it).
const DENIED =
  /User: (\S+) is not authorized to perform: (\S+?)(?: on resource: "?(\S+?)"?)?(?: (?:because no (.+?) allows the (\S+?) action|with an explicit deny in (?:a |an |the )?(.+?)))?(?:: (arn:\S+?))?\.?$/;

/** Strip the SDK/CLI wrapper: "An error occurred (Code) when calling the X operation: msg". */
function unwrap(text: string): { code?: string; operation?: string; message: string } {
  const t = text.trim().replace(/\s+/g, " ");
  const m = /An error occurred \(([A-Za-z.]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)$/.exec(t);
  if (m) return { code: m[1], operation: m[2], message: m[3]! };
  const c = /^([A-Za-z]+(?:Exception|Error|Denied|Token|Match)?): (.*)$/.exec(t);
  if (c && /^(AccessDenied|UnauthorizedOperation|ValidationError|ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch|RegionDisabledException|PackedPolicyTooLarge|MalformedPolicyDocument)/.test(c[1]!)) {
    return { code: c[1], message: c[2]! };
  }
  return { message: t };
}

export function parseStsError(text: string): ParsedError {
  const unwrapped = unwrap(text);
  const { code, operation } = unwrapped;
  // EC2 and a few others append an encoded copy of the whole decision
  const encodedAt = unwrapped.message.search(/\.?\s*Encoded authorization failure message:/i);
  const message = encodedAt >= 0 ? unwrapped.message.slice(0, encodedAt) : unwrapped.message;
  const encoded = encodedAt >= 0 ? { encoded: true } : {};
  const op = operation ? { operation } : {};
  const denied = DENIED.exec(message);
  if (denied) {
    const [, principal, action, resource, implicitPhrase, , explicitPhrase, policyArn] = denied;
    const phrase = implicitPhrase ?? explicitPhrase;
    // "… in a VPC endpoint policy transitively through a service control policy": the SCP denies (S9)
    const through = phrase ? /^(.*?) transitively through (?:a |an |the )?(.+)$/.exec(phrase) : null;
    const policyType = phrase ? typeOf(through ? through[2]! : phrase) : undefined;
    return {
      kind: "access-denied",
      code: code ?? "AccessDenied",
      ...op,
      principal,
      action,
      resource,
      policyType,
      explicit: phrase ? explicitPhrase !== undefined : undefined,
      ...(through && typeOf(through[1]!) === "endpoint" ? { throughVpcEndpoint: true } : {}),
      policyArn,
      ...encoded,
      unparsed: phrase && !policyType ? `the policy type "${phrase}" is not one STS names` : undefined,
    };
  }
  if (/^Access Denied\.?$/i.test(message.trim()) || (code === "AccessDenied" && !/User:/.test(message) && /access denied/i.test(message))) {
    return { kind: "access-denied-plain", code: code ?? "AccessDenied", ...op, ...encoded };
  }
  if (/Roles may not be assumed by root accounts/i.test(message)) return { kind: "root", code: code ?? "AccessDenied" };
  if (/exceeds the MaxSessionDuration/i.test(message)) return { kind: "max-session-duration", code: code ?? "ValidationError" };
  if (/1 hour session limit for roles assumed by role chaining/i.test(message)) return { kind: "role-chaining", code: code ?? "ValidationError" };
  const v = /Value '(.*?)' at '(\w+)' failed to satisfy constraint/.exec(message);
  if (v || /validation errors? detected/i.test(message)) return { kind: "validation", code: code ?? "ValidationError", value: v?.[1], field: v?.[2] };
  if (/MultiFactorAuthentication failed/i.test(message)) return { kind: "mfa", code };
  if (/security token included in the request is expired/i.test(message)) return { kind: "expired-token", code: code ?? "ExpiredToken" };
  if (/security token included in the request is invalid/i.test(message)) return { kind: "invalid-token", code: code ?? "InvalidClientTokenId" };
  if (/signature we calculated does not match/i.test(message)) return { kind: "signature", code: code ?? "SignatureDoesNotMatch" };
  if (/STS is not activated in this region/i.test(message)) return { kind: "region-disabled", code: code ?? "RegionDisabledException" };
  if (/Packed policy consumes/i.test(message)) return { kind: "packed-policy", code: code ?? "PackedPolicyTooLarge" };
  if (code === "MalformedPolicyDocument" || /Invalid principal in policy|Has prohibited field|invalid Json/i.test(message)) return { kind: "malformed-policy", code: code ?? "MalformedPolicyDocument" };
  const w = /Not authorized to perform sts:AssumeRoleWithWebIdentity/i.test(message);
  if (w) return { kind: "web-identity", code: code ?? "AccessDenied", action: "sts:AssumeRoleWithWebIdentity" };
  return { kind: "unrecognised", code, ...op, unparsed: "this text does not match any STS error RoleCall knows (paste the whole line, starting at \"User:\" or \"An error occurred\")" };
}
