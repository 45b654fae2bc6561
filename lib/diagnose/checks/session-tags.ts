// Session tags: at most 50, keys 1–128 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@], values up to 256
// (R4.9); transitive tag keys must be among the tags passed; and sts:TagSession must be allowed
// (R3.T) — as must whatever a trust condition requires of aws:RequestTag/aws:TagKeys.

import { constraintViolation } from "../errors";
import type { AssumeRoleCheck } from "./types";
import { extraActionFixes, extraActionOutcome } from "./extra-action";
import { OWNED_KEYS } from "./trust-conditions";

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

export const sessionTags: AssumeRoleCheck = {
  id: "session-tags",
  title: "Session tags (sts:TagSession)",
  validate(input) {
    if (!input.tags && !input.transitiveTagKeys) return undefined;
    const bad = Object.entries(input.tags ?? {}).find(([k, v]) => !TAG_KEY.test(k) || v.length > 256);
    const tooMany = Object.keys(input.tags ?? {}).length > 50 || (input.transitiveTagKeys?.length ?? 0) > 50;
    if (bad || tooMany) {
      return {
        detail: bad ? `Session tag "${bad[0]}" is not valid: keys are 1–128 letters, digits, spaces and _.:/=+-@; values up to 256 characters.` : "At most 50 session tags.",
        violations: [bad ? constraintViolation(bad[0], "tags", "satisfy the tag key pattern and value length (key 1–128 characters, value up to 256)") : "at most 50 session tags and 50 transitive tag keys"],
      };
    }
    const orphan = input.transitiveTagKeys?.find((k) => !(input.tags && k in input.tags));
    // not a format error: STS refuses it, but RoleCall has no exact message for it
    return orphan ? { detail: `Transitive tag key "${orphan}" is not one of the session tags passed.`, violations: [] } : undefined;
  },
  evaluate: (s) => extraActionOutcome(s, "sts:TagSession", !!(s.input.tags || s.input.transitiveTagKeys), "session tags", OWNED_KEYS["session-tags"]),
  fixes: (s, check, result) => extraActionFixes(s, check, result.checks.find((c) => c.id === "trust-policy"), "session-tags", "sts:TagSession", "session tags"),
};
