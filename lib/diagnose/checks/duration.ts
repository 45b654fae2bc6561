// DurationSeconds: 900–43200 (R4.3), at most the role's MaxSessionDuration (R4.5, R5.20), and at
// most 3600 when the caller is itself a role session — role chaining (R4.4, R5.21).

import { constraintViolation } from "../errors";
import { cfnId } from "../fix-kit";
import { tfName } from "../render";
import type { Fix } from "../types";
import type { AssumeRoleCheck } from "./types";

export const CHAINING_DETAIL = "role chaining";

export const duration: AssumeRoleCheck = {
  id: "duration",
  title: "Session duration",
  validate(input) {
    const d = input.durationSeconds ?? 3600;
    if (d >= 900 && d <= 43200) return undefined;
    return {
      detail: `DurationSeconds ${d} is outside the range STS accepts (900 to 43200 seconds).`,
      violations: [constraintViolation(String(d), "durationSeconds", d < 900 ? "have value greater than or equal to 900" : "have value less than or equal to 43200")],
    };
  },
  evaluate(s) {
    const asked = s.duration;
    const msd = s.role.maxSessionDuration;
    const why = s.model.unknownsFor(s.role.arn).find((u) => u.fact === "MaxSessionDuration")?.reason;
    if (s.isService) return { status: "not-applicable", detail: "MaxSessionDuration does not limit sessions that AWS services assume." };
    if (s.isSession && asked > 3600) return { status: "fail", detail: `The caller is a role session, so this is ${CHAINING_DETAIL}: STS allows at most 3600 seconds, and ${asked} was asked. No setting lifts this cap.` };
    if (msd === null && asked > 3600) return { status: "unknown", detail: `${asked} seconds needs a MaxSessionDuration of at least ${asked}, and this role's is not known: ${why ?? "not loaded"}.` };
    if (msd !== null && asked > msd) return { status: "fail", detail: `${asked} seconds is more than the role's MaxSessionDuration of ${msd} seconds.` };
    const within = s.isSession ? "the 1-hour role-chaining limit" : msd !== null ? `the role's MaxSessionDuration of ${msd} seconds` : "the 1-hour minimum of any MaxSessionDuration";
    return { status: "pass", detail: `${asked} seconds${s.input.durationSeconds === undefined ? " (the default)" : ""} is within ${within}.` };
  },
  fixes(s, check) {
    const session = s.input.roleSessionName ?? "my-session";
    if (duration.validate!(s.input)) {
      return [{ target: "duration", title: "Ask for 900 to 43200 seconds", explanation: check.detail, cli: `aws sts assume-role --role-arn ${s.role.arn} --role-session-name ${session} --duration-seconds 3600`, patches: [{ kind: "request", change: { durationSeconds: 3600 } }] }];
    }
    if (check.detail.includes(CHAINING_DETAIL)) {
      return [
        {
          target: "duration",
          title: "Ask for at most 3600 seconds — no setting lifts the role-chaining cap",
          explanation:
            "A session that assumes another role (role chaining) gets at most one hour, whatever the role's MaxSessionDuration. To get longer sessions, assume the role directly from long-term credentials (an IAM user's keys, or IAM Identity Center) rather than from another role's session, or refresh the credentials every hour (the SDKs' assume-role providers do this).",
          cli: `aws sts assume-role --role-arn ${s.role.arn} --role-session-name ${session} --duration-seconds 3600`,
          patches: [{ kind: "request", change: { durationSeconds: 3600 } }],
        },
      ];
    }
    const msd = s.role.maxSessionDuration;
    if (msd === null) return [];
    const want = Math.min(43200, Math.ceil(s.duration / 3600) * 3600);
    const role = s.role;
    const fixes: Fix[] = [
      {
        target: "duration",
        title: `Ask for at most ${msd} seconds`,
        explanation: `The role allows sessions up to ${msd} seconds.`,
        cli: `aws sts assume-role --role-arn ${role.arn} --role-session-name ${session} --duration-seconds ${msd}`,
        patches: [{ kind: "request", change: { durationSeconds: msd } }],
      },
      {
        target: "duration",
        title: `Or raise the role's MaxSessionDuration to ${want} seconds`,
        explanation: "MaxSessionDuration may be 3600 to 43200 seconds. Longer sessions mean leaked credentials stay valid longer.",
        cli: `aws iam update-role --role-name ${role.name} --max-session-duration ${want}`,
        terraform: `resource "aws_iam_role" "${tfName(role.name)}" {\n  name                 = "${role.name}"\n  max_session_duration = ${want}\n  # … keep the role's other arguments as they are\n}`,
        cloudformation: `${cfnId(role.name)}:\n  Type: AWS::IAM::Role\n  Properties:\n    RoleName: ${role.name}\n    MaxSessionDuration: ${want}`,
        patches: [{ kind: "max-session-duration", roleArn: role.arn, maxSessionDuration: want }],
      },
    ];
    return fixes;
  },
};
