// rolecall check: POST /api/check from the terminal — may this principal do this action on this resource?

import { multiKeyValues, parseCommandArgs, required } from "../cli/args";
import type { Command } from "../cli/command";
import { rethrowForCli } from "../cli/errors";
import { checkVerdict, renderCheck } from "../cli/render-check";
import { warnSourceProblems } from "../cli/source";
import { style } from "../cli/style";
import { exitFor, expectOption } from "../cli/verdict";

const OPTIONS = {
  principal: { type: "string" },
  action: { type: "string" },
  resource: { type: "string" },
  context: { type: "string", multiple: true },
  json: { type: "boolean" },
  expect: { type: "string" },
} as const;

export const CHECK_FLAGS = { principal: "--principal", action: "--action", resource: "--resource", context: "--context" };

export function checkBody(argv: string[]): { body: { principal: string; action: string; resource: string; context?: Record<string, string | string[]> }; json: boolean; expect?: ReturnType<typeof expectOption> } {
  const { values: v } = parseCommandArgs("check", argv, OPTIONS);
  const context = multiKeyValues("check", "--context", v.context);
  return {
    body: {
      principal: required("check", v.principal, "--principal (the caller's ARN)"),
      action: required("check", v.action, "--action (e.g. s3:GetObject)"),
      resource: required("check", v.resource, '--resource (an ARN, or "*")'),
      ...(context ? { context } : {}),
    },
    json: !!v.json,
    expect: expectOption("check", v.expect),
  };
}

export const check: Command = {
  name: "check",
  summary: "may this principal do this action on this resource? (POST /api/check)",
  help: `rolecall check --principal ARN --action A --resource R [OPTIONS]

Evaluates one request against every policy the account model has for it (POST /api/check): the
caller's identity policies (with its groups), its permissions boundary, the SCPs and RCPs, and the
resource's policy where the model has it (a role's trust policy for sts:AssumeRole).

  --principal ARN    the caller
  --action A         the action, e.g. s3:GetObject (no wildcards)
  --resource R       the resource's ARN, or "*"
  --context K=V      a condition key's value (repeat; a repeated key is a list)
  --json             print POST /api/check's JSON
  --expect allowed|denied|unknown
                     exit 0 exactly when the verdict is this one, else 1 (for CI)
  --snapshot DIR | --demo    the data source (default: as the server, from ROLECALL_SOURCE)

The verdict is denied for either kind of deny (explicit, or nothing allows it), and unknown when
condition keys that were not given could change the decision (give them with --context).

exit status: 0 allowed, 1 denied, 3 unknown, 2 bad usage (with --expect: 0 as expected, else 1)

examples:
  rolecall check --demo --principal arn:aws:iam::111111111111:user/bob --action s3:GetObject --resource 'arn:aws:s3:::orders-artifacts/report.csv'
  rolecall check --principal arn:aws:iam::111111111111:role/ci --action iam:CreateAccessKey --resource '*' --expect denied`,
  async run(ctx, argv) {
    const { body, json, expect } = checkBody(argv);
    const { CheckRequest, checkOnSource } = await import("@/lib/api/diagnose");
    let result;
    try {
      result = await checkOnSource(CheckRequest.parse(body));
    } catch (e) {
      rethrowForCli("check", e, CHECK_FLAGS);
    }
    await warnSourceProblems(ctx, "check");
    ctx.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : renderCheck(result, body, style(ctx.color)));
    return exitFor(checkVerdict(result), expect);
  },
};
