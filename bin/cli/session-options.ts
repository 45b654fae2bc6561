// The AssumeRole parameters that exec, env, credential-process and simulate -- COMMAND take, checked
// against STS's own rules before any call (rules reference §4), so that a typo is one line of bad
// usage instead of a ValidationError from STS.

import { integer } from "./args";
import { UsageError } from "./command";

export const SESSION_OPTIONS = {
  "duration-seconds": { type: "string" },
  "role-session-name": { type: "string" },
  "external-id": { type: "string" },
  "serial-number": { type: "string" },
  "token-code": { type: "string" },
  "source-identity": { type: "string" },
  profile: { type: "string" },
} as const;

export const SESSION_HELP = `  --duration-seconds N     DurationSeconds: 900 to 43200, at most the role's MaxSessionDuration,
                           at most 3600 when your credentials are themselves a role session (default 3600)
  --role-session-name S    RoleSessionName (default: your own name from sts:GetCallerIdentity,
                           so that CloudTrail ties the session to you)
  --external-id X          ExternalId, when the role's trust policy asks for one
  --serial-number MFA_ARN  your MFA device, when the trust policy asks for MFA
  --token-code CODE        the 6-digit code (asked for on the terminal when left out)
  --source-identity S      SourceIdentity, kept by every session chained from this one
  --profile NAME           the AWS config profile whose credentials call AssumeRole (as AWS_PROFILE;
                           default: the SDK's default credential chain)`;

export interface SessionRequest {
  durationSeconds?: number;
  roleSessionName?: string;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  sourceIdentity?: string;
  profile?: string;
}

type Values = { [K in keyof typeof SESSION_OPTIONS]?: string };

// R4.1, R4.2, R4.10, R4.11 (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html)
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;

export function sessionRequest(command: string, v: Values): SessionRequest {
  const bad = (flag: string, what: string, value: string) => new UsageError(`rolecall ${command}: ${flag} must be ${what}, got "${value.slice(0, 80)}"`);
  const durationSeconds = integer(command, "--duration-seconds", v["duration-seconds"]);
  if (durationSeconds !== undefined && (durationSeconds < 900 || durationSeconds > 43200)) throw bad("--duration-seconds", "between 900 and 43200 (STS's range)", String(durationSeconds));
  const name = v["role-session-name"];
  if (name !== undefined && !SESSION_NAME.test(name)) throw bad("--role-session-name", "2 to 64 letters, digits or _+=,.@-", name);
  const externalId = v["external-id"];
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) throw bad("--external-id", "2 to 1224 letters, digits or _+=,.@:/-", externalId);
  const serial = v["serial-number"];
  if (serial !== undefined && !SERIAL_NUMBER.test(serial)) throw bad("--serial-number", "an MFA device ARN (arn:aws:iam::ACCOUNT:mfa/NAME) or a hardware serial", serial);
  const code = v["token-code"];
  if (code !== undefined && !TOKEN_CODE.test(code)) throw new UsageError(`rolecall ${command}: --token-code must be the 6 digits your MFA device shows`);
  if (code !== undefined && serial === undefined) throw new UsageError(`rolecall ${command}: --token-code needs --serial-number (your MFA device's ARN)`);
  const sourceIdentity = v["source-identity"];
  if (sourceIdentity !== undefined && !SESSION_NAME.test(sourceIdentity)) throw bad("--source-identity", "2 to 64 letters, digits or _+=,.@-", sourceIdentity);
  const profile = v.profile;
  if (profile !== undefined && !/^[\w.@+-]{1,128}$/.test(profile)) throw bad("--profile", "an AWS config profile name", profile);
  return { durationSeconds, roleSessionName: name, externalId, serialNumber: serial, tokenCode: code, sourceIdentity, profile };
}

/**
 * The role session name for a caller: its own name (a user's name, a session's name), cleaned to
 * STS's pattern, so that CloudTrail's AssumeRole event and the session's ARN name the person.
 */
export function sessionNameFor(callerArn: string): string {
  const resource = callerArn.split(":").slice(5).join(":");
  const last = resource.slice(resource.lastIndexOf("/") + 1) || resource;
  const name = (resource === "root" ? "root" : last)
    .replace(/[^\w+=,.@-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return name.length >= 2 ? name : `rolecall-${name || "session"}`.slice(0, 64);
}
