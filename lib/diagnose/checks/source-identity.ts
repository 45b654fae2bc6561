// SourceIdentity: 2–64 characters of [\w+=,.@-], not starting with "aws:" (R4.11); and
// sts:SetSourceIdentity must be allowed (R3.S).

import { constraintViolation } from "../errors";
import type { AssumeRoleCheck } from "./types";
import { extraActionFixes, extraActionOutcome } from "./extra-action";
import { OWNED_KEYS } from "./trust-conditions";

const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

export const sourceIdentity: AssumeRoleCheck = {
  id: "source-identity",
  title: "Source identity (sts:SetSourceIdentity)",
  validate(input) {
    const si = input.sourceIdentity;
    if (si === undefined || (SOURCE_IDENTITY.test(si) && !si.toLowerCase().startsWith("aws:"))) return undefined;
    return {
      detail: `"${si}" is not a valid source identity: 2 to 64 characters of letters, digits and _+=,.@-, not starting with "aws:".`,
      violations: [constraintViolation(si, "sourceIdentity", "satisfy regular expression pattern: [\\w+=,.@-]*")],
    };
  },
  evaluate: (s) => extraActionOutcome(s, "sts:SetSourceIdentity", s.input.sourceIdentity !== undefined, "source identity", OWNED_KEYS["source-identity"]),
  fixes: (s, check, result) => extraActionFixes(s, check, result.checks.find((c) => c.id === "trust-policy"), "source-identity", "sts:SetSourceIdentity", "a source identity"),
};
