// Verdicts and exit statuses (API.md, "Command line"): 0 allowed, 1 denied, 3 unknown; with
// --expect, 0 exactly when the verdict is the expected one and 1 otherwise (for CI checks).

import { oneOf } from "./args";
import { EXIT } from "./command";

export const VERDICTS = ["allowed", "denied", "unknown"] as const;
export type Verdict = (typeof VERDICTS)[number];

export function expectOption(command: string, value: string | undefined): Verdict | undefined {
  return oneOf(command, "--expect", value, VERDICTS);
}

export function exitFor(verdict: Verdict, expected?: Verdict): number {
  if (expected) return verdict === expected ? EXIT.ok : EXIT.failure;
  return verdict === "allowed" ? EXIT.ok : verdict === "denied" ? EXIT.denied : EXIT.unknown;
}
