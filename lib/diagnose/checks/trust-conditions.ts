// A trust-policy condition on a request parameter (sts:ExternalId, sts:RoleSessionName,
// sts:SourceIdentity, the session tags) fails that parameter's own check as well as the trust
// policy: a missing or wrong external ID fails external-id and trust-policy (../shared/API.md).

import { statusOf, tracesOf, type RoleSetup } from "../setup";
import type { CheckOutcome } from "./types";

/**
 * When the trust policy does not admit the caller because a condition on one of these keys fails
 * (or cannot be decided), the parameter check's outcome; undefined when no such condition is in
 * the way. Only Allow statements that name the caller count: a condition elsewhere is not theirs.
 */
export function trustConditionOn(s: RoleSetup, concerns: (lowerKey: string) => boolean): CheckOutcome | undefined {
  const st = statusOf(s.assume, "resource");
  if (st === "pass") return undefined;
  for (const t of tracesOf(s.assume, "resource")) {
    if (t.failed !== "condition" || t.stmt.statement.effect !== "Allow") continue;
    const failures = (t.conditionFailures ?? []).filter((f) => concerns(f.key.toLowerCase()));
    if (failures.length === 0) continue;
    return {
      status: st === "fail" && failures.some((f) => f.reason !== "unknown") ? "fail" : "unknown",
      detail: `The trust policy requires ${failures.map((f) => `${f.key}: ${f.message}`).join("; ")}`,
      traces: [t],
      ...(failures.some((f) => f.reason === "unknown") ? { unknownKeys: [...new Set(failures.filter((f) => f.reason === "unknown").map((f) => f.key))] } : {}),
    };
  }
  return undefined;
}

/** The condition keys a parameter's check owns. */
export const OWNED_KEYS = {
  "external-id": (k: string) => k === "sts:externalid",
  "session-name": (k: string) => k === "sts:rolesessionname",
  "source-identity": (k: string) => k === "sts:sourceidentity",
  "session-tags": (k: string) => k === "aws:tagkeys" || k === "sts:transitivetagkeys" || k.startsWith("aws:requesttag/"),
} as const;

/** A key whose trust condition a parameter check (and its fix) owns. */
export function ownedByParameter(lowerKey: string): boolean {
  return Object.values(OWNED_KEYS).some((f) => f(lowerKey));
}
