// POST /api/diagnose, POST /api/check, POST /api/explain-error: schemas (shared with the client)
// and the services behind them.

import { z } from "zod";
import type { AccountModel } from "@/lib/account/model";
import { checkAccess, type CheckResult } from "@/lib/diagnose/check";
import { DiagnoseInputError, diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import { parseStsError, type ParsedError } from "@/lib/diagnose/errors";
import { resolvePrincipalInput } from "@/lib/diagnose/resolve";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { parseArn } from "@/lib/policy/arn";
import { alternativesFor } from "@/lib/paths";
import { parseCidr } from "@/lib/policy/conditions/ip";
import { ApiError } from "./http";
import { Action, ContextSchema, Principal, Resource } from "./evaluate";
import { evaluatorLink } from "./evaluator-link";

/** A VPC endpoint ID as EC2 prints it. */
export const VpcEndpointId = z.string().trim().regex(/^vpce-[0-9a-f]{8,17}$/, "expected a VPC endpoint ID such as vpce-0a1b2c3d4e5f67890");
import { defaultPrincipal, ensureLoaded, lazyModel } from "./model";

export const DiagnoseRequest = z.strictObject({
  principal: Principal.optional(),
  role: z.string().trim().min(1, "the role is required: its ARN or its name").max(2048),
  durationSeconds: z.number().int("durationSeconds: a whole number of seconds").min(0).max(1_000_000).optional(),
  roleSessionName: z.string().max(256).optional(),
  externalId: z.string().max(2048).optional(),
  sourceIdentity: z.string().max(256).optional(),
  tags: z.record(z.string().max(256), z.string().max(512)).refine((t) => Object.keys(t).length <= 100, "at most 100 tags").optional(),
  transitiveTagKeys: z.array(z.string().max(256)).max(100).optional(),
  mfa: z.boolean().optional(),
  sourceIp: z
    .string()
    .max(64)
    .refine((ip) => !ip.includes("/") && parseCidr(ip) !== null, "expected an IPv4 or IPv6 address")
    .optional(),
  sourceVpce: VpcEndpointId.optional(),
  context: ContextSchema.optional(),
});
export type DiagnoseRequest = z.infer<typeof DiagnoseRequest>;

export const CheckRequest = z.strictObject({
  principal: Principal,
  action: Action,
  resource: Resource,
  context: ContextSchema.optional(),
});
export type CheckRequest = z.infer<typeof CheckRequest>;

export const ExplainErrorRequest = z.strictObject({
  message: z.string().trim().min(1, "paste the error message").max(20_000),
  /** the role, for messages that do not name it (the trust-policy form has no "on resource") */
  role: z.string().trim().min(1).max(2048).optional(),
  /** the VPC endpoint the call went through, for messages that name a VPC endpoint policy */
  sourceVpce: VpcEndpointId.optional(),
});

function inputError(e: unknown): never {
  if (e instanceof DiagnoseInputError) {
    throw new ApiError(400, "invalid_request", `${e.field}: ${e.message}`, [{ path: [e.field], message: e.message }], e.suggestions.length ? { suggestions: e.suggestions } : {});
  }
  throw e;
}

/**
 * The caller as typed is resolved first, strictly: a bare name becomes the one user or role of
 * that name, and a name or ARN that matches nothing known is a 400 with "did you mean …?" — not a
 * diagnosis of a caller that does not exist.
 */
export function diagnose(model: AccountModel, input: DiagnoseRequest & { principal: string }): DiagnoseResult {
  let result: DiagnoseResult;
  let resolved = input;
  try {
    const { principal } = resolvePrincipalInput(model, input.principal, true);
    resolved = principal === input.principal ? input : { ...input, principal };
    result = diagnoseAssumeRole(model, resolved);
    if (principal !== input.principal) result.notes.unshift(`"${input.principal}" is ${principal}.`);
  } catch (e) {
    inputError(e);
  }
  // Denied or unknown: the routes through other roles that the caller already has.
  return { ...result, alternatives: result.verdict === "allowed" ? [] : alternativesFor(model, resolved) };
}

export function check(model: AccountModel, input: CheckRequest): CheckResult {
  try {
    return checkAccess(model, input);
  } catch (e) {
    inputError(e);
  }
}

/** POST /api/diagnose on the configured source (the route and the rolecall command both call it). */
export async function diagnoseOnSource(input: DiagnoseRequest): Promise<DiagnoseResult> {
  const m = await lazyModel();
  const principal = await defaultPrincipal(input.principal);
  await ensureLoaded(m, principal, input.role);
  return diagnose(m, { ...input, principal });
}

/** POST /api/check on the configured source (the route and the rolecall command both call it). */
export async function checkOnSource(input: CheckRequest): Promise<CheckResult> {
  const m = await lazyModel();
  await ensureLoaded(m, input.principal, input.resource.includes(":role/") ? input.resource : undefined);
  return check(m, input);
}

export interface ExplainErrorResponse {
  kind: ParsedError["kind"];
  code: string | null;
  /** the API operation the CLI/SDK wrapper named, e.g. GetObject */
  operation: string | null;
  principal: string | null;
  action: string | null;
  resource: string | null;
  policyType: string | null;
  explicit: boolean | null;
  policyArn: string | null;
  /** the message says the request went through a VPC endpoint (… transitively through …) */
  throughVpcEndpoint: boolean;
  advice: string;
  /** what could not be parsed, if anything */
  unparsed: string | null;
  diagnosis: DiagnoseResult | null;
  /** why no diagnosis could run, when it could not */
  diagnosisError: string | null;
  /** the message names a VPC endpoint policy and no endpoint was given: the diagnosis leaves it out */
  needsEndpoint: boolean;
  /** for an action other than sts:AssumeRole: the same question asked of the loaded policies (POST /api/check) */
  check: CheckResult | null;
  /** the policy evaluator, prefilled with what the message names (and the policies the check used) */
  evaluateLink: string | null;
}

const ADVICE: Record<ParsedError["kind"], string> = {
  "access-denied": "An authorization failure: a policy did not allow the call. The diagnosis below runs every check to find which.",
  "access-denied-plain":
    "A plain \u201cAccess Denied\u201d names no caller, no policy and no resource: S3 answers this way for requests from outside the bucket owner's account or organization (within them it says which policy type denied). Paste instead the CloudTrail event of the call (its errorMessage and userIdentity name the caller), or find the caller with aws sts get-caller-identity and check it in the policy evaluator, prefilled below. For S3, look at the bucket policy, S3 Block Public Access, the object's owner and ACL, and the KMS key policy of an encrypted object as well.",
  root: "The call was made with the account's root user credentials, which can never assume a role. Use an IAM user, IAM Identity Center, or a role.",
  "max-session-duration": "DurationSeconds is above the role's MaxSessionDuration. Ask for less (--duration-seconds, duration_seconds in a CLI profile), or raise it: aws iam update-role --role-name ROLE --max-session-duration SECONDS.",
  "role-chaining": "The caller is itself a role session (role chaining), which caps sessions at 3600 seconds; no setting lifts that. Ask for 3600 or less, or assume the role from long-term credentials.",
  validation: "A parameter breaks STS's format rules: session names are 2–64 characters of letters, digits and _+=,.@-; external IDs 2–1224 of those plus :/; DurationSeconds 900–43200.",
  mfa: "The MFA code or device was rejected: check the device ARN (mfa_serial) belongs to the calling user, and use a fresh code (a code cannot be reused).",
  "expired-token": "The caller's own temporary credentials have expired: refresh them (aws sso login, re-run the command that produced them).",
  "invalid-token": "The access key is unknown, deactivated, or a global-endpoint token used in an opt-in Region: check which credentials are in use (aws sts get-caller-identity) and that the Region is enabled.",
  signature: "The request signature is wrong: usually a wrong secret key, or a clock that is off by more than 5 minutes.",
  "region-disabled": "STS is not active in that Region for the account: use a Regional endpoint of an enabled Region, or activate it in IAM → Account settings (an opt-in Region must be enabled in both accounts).",
  "packed-policy": "The session policy, policy ARNs and session tags together are too large once packed: shorten the session policy (RoleCall's simulate page minimises it) or pass fewer tags.",
  "malformed-policy": "A policy document is malformed: in a trust policy every principal must exist when it is saved, and trust statements may not have Resource.",
  "web-identity": "AssumeRoleWithWebIdentity was refused: the trust policy must name the OIDC provider as Federated with sts:AssumeRoleWithWebIdentity, and its aud/sub conditions must match the token's claims.",
  unrecognised:
    "RoleCall did not recognise this text as an AWS error. Paste the whole message as the CLI or SDK printed it (from \u201cAn error occurred\u201d or \u201cUser:\u201d), or the CloudTrail event's errorMessage; for an error about another action than sts:AssumeRole, the policy evaluator answers the same question with your policies.",
};

/** S3 operations whose IAM action has another name (Actions, resources, and condition keys for Amazon S3). */
const S3_ACTION: Record<string, string> = { ListObjects: "s3:ListBucket", ListObjectsV2: "s3:ListBucket", HeadObject: "s3:GetObject", HeadBucket: "s3:ListBucket", ListObjectVersions: "s3:ListBucketVersions" };

/** aws:RequestedRegion from a regional resource ARN: the endpoint the call must have gone to. */
function regionContext(resource: string | undefined): Record<string, string> {
  const region = resource ? parseArn(resource)?.region : undefined;
  return region ? { "aws:RequestedRegion": region } : {};
}

export function explainError(model: AccountModel | null, message: string, role?: string, opts: { sourceVpce?: string } = {}): ExplainErrorResponse {
  const p = parseStsError(message);
  if (role && !p.resource) p.resource = role;
  const out: ExplainErrorResponse = {
    kind: p.kind,
    code: p.code ?? null,
    operation: p.operation ?? null,
    principal: p.principal ?? null,
    action: p.action ?? null,
    resource: p.resource ?? null,
    policyType: p.policyType ?? null,
    explicit: p.explicit ?? null,
    policyArn: p.policyArn ?? null,
    throughVpcEndpoint: p.throughVpcEndpoint === true,
    advice: ADVICE[p.kind],
    unparsed: p.unparsed ?? null,
    diagnosis: null,
    diagnosisError: null,
    needsEndpoint: false,
    check: null,
    evaluateLink: null,
  };
  if (p.encoded) out.advice += " The message also carried an encoded copy of the decision: aws sts decode-authorization-message --encoded-message '…' shows it (the caller needs sts:DecodeAuthorizationMessage).";
  const assume = !!p.action && /^sts:(AssumeRole|TagSession|SetSourceIdentity)$/i.test(p.action);
  if (p.kind === "access-denied" && assume) {
    const viaEndpoint = p.policyType === "endpoint" || p.throughVpcEndpoint === true;
    if (viaEndpoint && !opts.sourceVpce) {
      out.needsEndpoint = true;
      const sts = model ? [...model.vpcEndpoints.values()].filter((e) => /\.sts$/.test(e.serviceName)).map((e) => e.id) : [];
      out.advice += ` The message names a VPC endpoint policy: give the endpoint the call went through (CloudTrail's vpcEndpointId) to include its policy${sts.length ? ` — the loaded STS endpoints are ${sts.join(", ")}` : ""}; without it the diagnosis leaves the endpoint out.`;
    }
    if (p.principal && p.resource && model) {
      try {
        const { principal } = resolvePrincipalInput(model, p.principal, true);
        out.diagnosis = diagnoseAssumeRole(model, { principal, role: p.resource, ...(/TagSession/i.test(p.action!) ? { tags: {} } : {}), ...(opts.sourceVpce ? { sourceVpce: opts.sourceVpce } : {}) });
      } catch (e) {
        out.diagnosisError = e instanceof Error ? e.message : "the diagnosis could not run";
      }
    } else if (!p.resource) {
      out.diagnosisError = "the message does not name the role (the trust-policy form leaves out \"on resource\"): give the role as well to diagnose it";
    }
    return out;
  }
  if (p.kind === "access-denied") {
    // Not AssumeRole: ask the same question of the loaded policies, and open the evaluator on it.
    const context = regionContext(p.resource);
    const request = { principal: p.principal, action: p.action, resource: p.resource ?? "*", context };
    out.advice = `An authorization failure of ${p.action ?? "another action"}, not of sts:AssumeRole: ${model ? "below, the same request checked against the loaded policies (the ones it names decide it). Open it in the policy evaluator to change them and try again." : "open it in the policy evaluator, prefilled, and add the policies that apply."}${p.encoded ? " The message also carried an encoded copy of the decision: aws sts decode-authorization-message --encoded-message '…' shows it (the caller needs sts:DecodeAuthorizationMessage)." : ""}`;
    out.diagnosisError = `the message is about ${p.action ?? "another action"}, not sts:AssumeRole`;
    if (model && p.principal && p.action && /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/.test(p.action)) {
      try {
        out.check = checkAccess(model, { principal: p.principal, action: p.action, resource: p.resource ?? "*", context });
      } catch {
        /* a principal the model cannot read: the evaluator link still works */
      }
    }
    out.evaluateLink = evaluatorLink(request, out.check?.policies ?? []);
    return out;
  }
  if (p.kind === "access-denied-plain" || p.kind === "unrecognised") {
    const action = p.operation ? (S3_ACTION[p.operation] ?? (p.kind === "access-denied-plain" ? `s3:${p.operation}` : undefined)) : undefined;
    out.action = action ?? null;
    out.evaluateLink = evaluatorLink({ action });
  }
  return out;
}
