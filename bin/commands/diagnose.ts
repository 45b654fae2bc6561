// rolecall diagnose: POST /api/diagnose from the terminal — why can't this caller assume this role?

import { integer, keyValues, multiKeyValues, oneOf, parseCommandArgs, required } from "../cli/args";
import { UsageError, type Command } from "../cli/command";
import { rethrowForCli } from "../cli/errors";
import { FIX_FORMATS, renderDiagnosis } from "../cli/render-diagnosis";
import { warnSourceProblems } from "../cli/source";
import { style } from "../cli/style";
import { exitFor, expectOption } from "../cli/verdict";

const OPTIONS = {
  principal: { type: "string" },
  role: { type: "string" },
  "duration-seconds": { type: "string" },
  "role-session-name": { type: "string" },
  "external-id": { type: "string" },
  "source-identity": { type: "string" },
  tag: { type: "string", multiple: true },
  "transitive-tag-key": { type: "string", multiple: true },
  mfa: { type: "boolean" },
  "no-mfa": { type: "boolean" },
  "source-ip": { type: "string" },
  "source-vpce": { type: "string" },
  context: { type: "string", multiple: true },
  json: { type: "boolean" },
  expect: { type: "string" },
  fix: { type: "string" },
} as const;

/** POST /api/diagnose's fields → the flags that set them, for error messages. */
export const DIAGNOSE_FLAGS = {
  principal: "--principal",
  role: "--role",
  durationSeconds: "--duration-seconds",
  roleSessionName: "--role-session-name",
  externalId: "--external-id",
  sourceIdentity: "--source-identity",
  tags: "--tag",
  transitiveTagKeys: "--transitive-tag-key",
  mfa: "--mfa",
  sourceIp: "--source-ip",
  sourceVpce: "--source-vpce",
  context: "--context",
};

/** The POST /api/diagnose body these arguments stand for (fields left out when not given). */
export function diagnoseBody(argv: string[]): { body: Record<string, unknown>; json: boolean; expect?: ReturnType<typeof expectOption>; fix?: (typeof FIX_FORMATS)[number] } {
  const { values: v } = parseCommandArgs("diagnose", argv, OPTIONS);
  if (v.mfa && v["no-mfa"]) throw new UsageError("rolecall diagnose: give --mfa or --no-mfa, not both");
  const body: Record<string, unknown> = {
    principal: v.principal,
    role: required("diagnose", v.role, "--role (the role's ARN or name)"),
    durationSeconds: integer("diagnose", "--duration-seconds", v["duration-seconds"]),
    roleSessionName: v["role-session-name"],
    externalId: v["external-id"],
    sourceIdentity: v["source-identity"],
    tags: keyValues("diagnose", "--tag", v.tag),
    transitiveTagKeys: v["transitive-tag-key"]?.length ? v["transitive-tag-key"] : undefined,
    mfa: v.mfa ? true : v["no-mfa"] ? false : undefined,
    sourceIp: v["source-ip"],
    sourceVpce: v["source-vpce"],
    context: multiKeyValues("diagnose", "--context", v.context),
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return { body, json: !!v.json, expect: expectOption("diagnose", v.expect), fix: oneOf("diagnose", "--fix", v.fix, FIX_FORMATS) };
}

export const diagnose: Command = {
  name: "diagnose",
  summary: "why can't this caller assume this role? (POST /api/diagnose)",
  help: `rolecall diagnose --principal ARN --role ROLE [OPTIONS]

Runs every check STS makes for sts:AssumeRole (POST /api/diagnose): the verdict, each failing check
with the statement that decides it, the error STS would return, and the fixes. A check that cannot
be decided says which flag settles it.

  --principal ARN            the caller: a user, role, assumed-role session, root or service
                             principal (optional with the aws source: your own identity)
  --role ROLE                the role's ARN, or its name in the caller's account
  --duration-seconds N       DurationSeconds (default 3600)
  --role-session-name S      RoleSessionName
  --external-id X            ExternalId
  --source-identity S        SourceIdentity
  --tag K=V                  a session tag (repeat for more)
  --transitive-tag-key K     a transitive session tag key (repeat for more)
  --mfa | --no-mfa           the caller signs in with MFA, or without (neither: not known)
  --source-ip IP             aws:SourceIp of the call
  --source-vpce ID           the VPC endpoint the call goes through to STS
  --context K=V              any other condition key (repeat; a repeated key is a list)
  --fix terraform|cloudformation
                             show fixes as Terraform or CloudFormation (default: the aws command)
  --json                     print POST /api/diagnose's JSON
  --expect allowed|denied|unknown
                             exit 0 exactly when the verdict is this one, else 1 (for CI)
  --snapshot DIR | --demo    the data source (default: as the server, from ROLECALL_SOURCE)

exit status: 0 allowed, 1 denied, 3 unknown, 2 bad usage (with --expect: 0 as expected, else 1)

examples:
  rolecall diagnose --demo --principal arn:aws:iam::111111111111:user/bob --role orders-api-task
  rolecall diagnose --principal arn:aws:iam::111111111111:user/alice --role power-user --mfa --duration-seconds 14400
  rolecall diagnose --principal "$CI_ROLE_ARN" --role arn:aws:iam::333333333333:role/prod-deploy --expect allowed`,
  async run(ctx, argv) {
    const { body, json, expect, fix } = diagnoseBody(argv);
    const { DiagnoseRequest, diagnoseOnSource } = await import("@/lib/api/diagnose");
    let result;
    try {
      result = await diagnoseOnSource(DiagnoseRequest.parse(body));
    } catch (e) {
      rethrowForCli("diagnose", e, DIAGNOSE_FLAGS);
    }
    await warnSourceProblems(ctx, "diagnose");
    ctx.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : renderDiagnosis(result, { style: style(ctx.color), fix }));
    return exitFor(result.verdict, expect);
  },
};
