// ExternalId: 2–1224 characters of [\w+=,.@:/-] (R4.2), and the value a trust condition on
// sts:ExternalId requires (R3.19). A missing or wrong one fails this check and trust-policy.

import { shellQuote } from "../render";
import { constraintViolation } from "../errors";
import { requiredValue, trustTestsKey } from "../requirements";
import type { AssumeRoleCheck } from "./types";
import { OWNED_KEYS, trustConditionOn } from "./trust-conditions";

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

export const externalId: AssumeRoleCheck = {
  id: "external-id",
  title: "External ID",
  validate(input) {
    const x = input.externalId;
    if (x === undefined || EXTERNAL_ID.test(x)) return undefined;
    const constraint = x.length < 2 || x.length > 1224 ? `have length ${x.length < 2 ? "greater than or equal to 2" : "less than or equal to 1224"}` : "satisfy regular expression pattern: [\\w+=,.@:\\/-]*";
    return { detail: `"${x}" is not a valid external ID: 2 to 1224 characters of letters, digits and _+=,.@:/-`, violations: [constraintViolation(x, "externalId", constraint)] };
  },
  evaluate(s) {
    const fromTrust = trustConditionOn(s, OWNED_KEYS["external-id"]);
    if (fromTrust) return fromTrust;
    const required = trustTestsKey(s, "sts:externalid");
    if (s.input.externalId !== undefined) return { status: "pass", detail: required ? "The external ID matches what the trust policy requires." : "The trust policy does not test sts:ExternalId; passing one is harmless." };
    return { status: "not-applicable", detail: required ? "The trust policy tests sts:ExternalId in a statement that does not concern this caller." : "The trust policy does not require an external ID." };
  },
  fixes(s, check) {
    const expected = requiredValue(s, "sts:ExternalId");
    const valid = externalId.validate!(s.input) === undefined;
    return [
      {
        target: "external-id",
        covers: valid || expected ? ["trust-policy"] : [],
        title: expected ? "Pass the external ID the trust policy expects" : "Pass a valid external ID",
        explanation: valid
          ? `${check.detail} The role's owner gives you the external ID; pass it with --external-id (CLI profiles: external_id).`
          : "External IDs are 2 to 1224 characters of letters, digits and _+=,.@:/-.",
        cli: `aws sts assume-role --role-arn ${s.role.arn} --role-session-name ${s.input.roleSessionName ?? "my-session"} --external-id ${shellQuote(expected ?? "EXTERNAL_ID")}`,
        ...(expected ? { patches: [{ kind: "request" as const, change: { externalId: expected } }] } : {}),
      },
    ];
  },
};
