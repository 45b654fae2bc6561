// RoleSessionName: 2–64 characters of [\w+=,.@-] (R4.1), and whatever a trust condition on
// sts:RoleSessionName requires (R3.20).

import { constraintViolation } from "../errors";
import { requiredValue } from "../requirements";
import type { AssumeRoleCheck } from "./types";
import { OWNED_KEYS, trustConditionOn } from "./trust-conditions";

const NAME = /^[\w+=,.@-]*$/;

export const sessionName: AssumeRoleCheck = {
  id: "session-name",
  title: "Role session name",
  validate(input) {
    const n = input.roleSessionName;
    if (n === undefined) return undefined;
    const violations: string[] = [];
    if (!NAME.test(n)) violations.push(constraintViolation(n, "roleSessionName", "satisfy regular expression pattern: [\\w+=,.@-]*"));
    if (n.length > 64) violations.push(constraintViolation(n, "roleSessionName", "have length less than or equal to 64"));
    if (n.length < 2) violations.push(constraintViolation(n, "roleSessionName", "have length greater than or equal to 2"));
    return violations.length ? { detail: `"${n}" is not a valid role session name: 2 to 64 characters of letters, digits and _+=,.@-`, violations } : undefined;
  },
  withoutRole: (s) => passOutcome(s.input.roleSessionName),
  evaluate(s) {
    return trustConditionOn(s, OWNED_KEYS["session-name"]) ?? passOutcome(s.input.roleSessionName);
  },
  fixes(s, check) {
    const invalid = sessionName.validate!(s.input) !== undefined;
    const required = invalid ? undefined : requiredValue(s, "sts:RoleSessionName");
    const name = required ?? (s.input.roleSessionName ?? "session").replace(/[^\w+=,.@-]/g, "-").slice(0, 64).padEnd(2, "-");
    if (!invalid && required === undefined) {
      return [{ target: "session-name", covers: ["trust-policy"], title: "Use a session name the trust policy accepts", explanation: `${check.detail} Pass a role session name that meets it (--role-session-name; CLI profiles: role_session_name).` }];
    }
    return [
      {
        target: "session-name",
        covers: invalid ? [] : ["trust-policy"],
        title: invalid ? "Use a valid role session name" : `Use the session name ${name}`,
        explanation: invalid ? `${check.detail} Session names are 2 to 64 characters of letters, digits and _+=,.@-.` : `${check.detail} Pass it with --role-session-name (CLI profiles: role_session_name).`,
        cli: `aws sts assume-role --role-arn ${s.role.arn} --role-session-name ${name}`,
        patches: [{ kind: "request", change: { roleSessionName: name } }],
      },
    ];
  },
};

function passOutcome(name: string | undefined) {
  return { status: "pass" as const, detail: name !== undefined ? `"${name}" is a valid session name` : "No session name given: the AWS CLI uses botocore-session-<epoch>; SDKs require one." };
}
