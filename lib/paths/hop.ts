// One hop of an access path: a full AssumeRole diagnosis of a caller and a role (trust and
// identity sides, boundaries, SCPs and RCPs, conditions), and what it means for the session.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import type { DiagnoseInput } from "@/lib/diagnose/types";
import type { HopVerdict } from "./types";

/** The role-chaining cap: a session of a role that assumes a role gets at most one hour (rules reference R4.4). */
export const CHAINED_MAX_SECONDS = 3600;

/** The session name RoleCall diagnoses a chained caller with, when no path start gives one. */
export const DEFAULT_SESSION = "SESSION";

export type CallerKind = "user" | "session" | "service";

export interface HopOutcome {
  verdict: HopVerdict;
  requires: string[];
  missing: string[];
}

const NONE: string[] = [];

/** A valid role session name (2–64 of [\w+=,.@-], R4.1) made from a principal's name. */
export function sessionNameFor(name: string): string {
  const s = name.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
  return s.length >= 2 ? s : DEFAULT_SESSION;
}

/** `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`: how the next hop's caller appears (session ARNs carry no path). */
export function sessionArn(role: IamRole, session: string): string {
  let prefix = sessionPrefixes.get(role);
  if (prefix === undefined) {
    const partition = role.arn.split(":")[1] ?? "aws";
    sessionPrefixes.set(role, (prefix = `arn:${partition}:sts::${role.account}:assumed-role/${role.name}/`));
  }
  return prefix + session;
}

/** `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/` per role: paths build thousands of session ARNs per answer. */
const sessionPrefixes = new WeakMap<IamRole, string>();

/**
 * The longest session a hop gives. From long-term credentials: the role's MaxSessionDuration
 * (null while unknown). From a role session: role chaining, at most 3600 s whatever the role
 * allows (R4.4; a session of an EC2/Lambda/ECS role counts too, §10-Q5). AWS services' own
 * sessions are not limited by MaxSessionDuration (R4.5): null.
 */
export function maxSessionOf(caller: CallerKind, role: IamRole): number | null {
  if (caller === "service") return null;
  if (caller === "session") return Math.min(CHAINED_MAX_SECONDS, role.maxSessionDuration ?? CHAINED_MAX_SECONDS);
  return role.maxSessionDuration;
}

/** The diagnosis of one hop; null when denied (a denied hop is no edge of any path). */
export function diagnoseHop(model: AccountModel, principal: string, role: IamRole, request: Omit<DiagnoseInput, "principal" | "role"> = {}): HopOutcome | null {
  const r = diagnoseAssumeRole(model, { ...request, principal, role: role.arn }, { lean: true });
  if (r.verdict === "denied") return null;
  if (r.verdict === "allowed") return { verdict: "allowed", requires: NONE, missing: NONE };
  const requires = new Set<string>();
  const missing: string[] = [];
  for (const c of r.checks) {
    if (c.status !== "unknown") continue;
    if (c.unknownKeys?.length) for (const k of c.unknownKeys) requires.add(k);
    else missing.push(`${c.title}: ${c.detail}`);
  }
  return { verdict: "unknown", requires: requires.size ? [...requires] : NONE, missing: missing.length ? missing : NONE };
}
