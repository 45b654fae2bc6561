// POST /api/diagnose, POST /api/check, POST /api/explain-error: schemas (shared with the client)
// and the services behind them.

import { z } from "zod";
import type { AccountModel } from "@/lib/account/model";
import { checkAccess, type CheckResult } from "@/lib/diagnose/check";
import { DiagnoseInputError, diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import { parseStsError, type ParsedError } from "@/lib/diagnose/errors";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { alternativesFor } from "@/lib/paths";
import { parseCidr } from "@/lib/policy/conditions/ip";
import { ApiError } from "./http";
import { Action, ContextSchema, Principal, Resource } from "./evaluate";

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
});

function inputError(e: unknown): never {
  if (e instanceof DiagnoseInputError) throw new ApiError(400, "invalid_request", `${e.field}: ${e.message}`, [{ path: [e.field], message: e.message }]);
  throw e;
}

export function diagnose(model: AccountModel, input: DiagnoseRequest & { principal: string }): DiagnoseResult {
  let result: DiagnoseResult;
  try {
    result = diagnoseAssumeRole(model, input);
  } catch (e) {
    inputError(e);
  }
  // Denied or unknown: the routes through other roles that the caller already has.
  return { ...result, alternatives: result.verdict === "allowed" ? [] : alternativesFor(model, input) };
}

export function check(model: AccountModel, input: CheckRequest): CheckResult {
  try {
    return checkAccess(model, input);
  } catch (e) {
    inputError(e);
  }
}

export interface ExplainErrorResponse {
  kind: ParsedError["kind"];
  code: string | null;
  principal: string | null;
  action: string | null;
  resource: string | null;
  policyType: string | null;
  explicit: boolean | null;
  policyArn: string | null;
  advice: string;
  /** what could not be parsed, if anything */
  unparsed: string | null;
  diagnosis: DiagnoseResult | null;
  /** why no diagnosis could run, when it could not */
  diagnosisError: string | null;
}

const ADVICE: Record<ParsedError["kind"], string> = {
  "access-denied": "An authorization failure: a policy did not allow the call. The diagnosis below runs every check to find which.",
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
  unrecognised: "RoleCall did not recognise this text as an STS error.",
};

export function explainError(model: AccountModel | null, message: string, role?: string): ExplainErrorResponse {
  const p = parseStsError(message);
  if (role && !p.resource) p.resource = role;
  const out: ExplainErrorResponse = {
    kind: p.kind,
    code: p.code ?? null,
    principal: p.principal ?? null,
    action: p.action ?? null,
    resource: p.resource ?? null,
    policyType: p.policyType ?? null,
    explicit: p.explicit ?? null,
    policyArn: p.policyArn ?? null,
    advice: ADVICE[p.kind],
    unparsed: p.unparsed ?? null,
    diagnosis: null,
    diagnosisError: null,
  };
  const assume = p.action && /^sts:(AssumeRole|TagSession|SetSourceIdentity)$/i.test(p.action);
  if (p.kind === "access-denied" && p.principal && p.resource && assume && model) {
    try {
      out.diagnosis = diagnoseAssumeRole(model, { principal: p.principal, role: p.resource, ...(/TagSession/i.test(p.action!) ? { tags: {} } : {}) });
    } catch (e) {
      out.diagnosisError = e instanceof Error ? e.message : "the diagnosis could not run";
    }
  } else if (p.kind === "access-denied" && !p.resource && assume) {
    out.diagnosisError = "the message does not name the role (the trust-policy form leaves out \"on resource\"): give the role as well to diagnose it";
  } else if (p.kind === "access-denied" && !assume) {
    out.diagnosisError = `the message is about ${p.action ?? "another action"}, not sts:AssumeRole: use the policy evaluator or POST /api/check for it`;
  }
  return out;
}
