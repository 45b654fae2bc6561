// rolecall exec: awsudo that explains a refusal — assume the role, run COMMAND with the session.

import { parseCommandArgs, required } from "../cli/args";
import { UsageError, type Command } from "../cli/command";
import { assumeOrExplain } from "../cli/refusal";
import { SESSION_HELP, SESSION_OPTIONS, sessionRequest } from "../cli/session-options";

export const exec: Command = {
  name: "exec",
  summary: "assume a role and run a command with the session, like awsudo; explains a refusal",
  help: `rolecall exec ROLE [OPTIONS] -- COMMAND [ARG]...

Assumes ROLE (an ARN, or a role name in your account) with your own credentials (the AWS SDK's
default credential chain) and runs COMMAND with the session in AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION, without AWS_PROFILE.
Signals reach COMMAND, and rolecall exits with COMMAND's status.

When STS refuses, rolecall prints STS's error and then its diagnosis of you and the role from the
configured source (ROLECALL_SOURCE, --snapshot DIR, --demo) on stderr, and exits 1 without running
COMMAND.

${SESSION_HELP}

exit status: COMMAND's; 1 when STS refuses or no credentials are found; 2 bad usage

examples:
  rolecall exec arn:aws:iam::222222222222:role/deploy -- terraform plan
  rolecall exec "$(terraform output -raw deploy_role_arn)" --duration-seconds 7200 -- ./deploy.sh
  rolecall exec admin --serial-number arn:aws:iam::111111111111:mfa/alice -- aws s3 ls`,
  async run(ctx, argv) {
    const a = parseCommandArgs("exec", argv, SESSION_OPTIONS, { positionals: 1 });
    const role = required("exec", a.positionals[0], "ROLE (the role's ARN or name)");
    if (!a.rest.length) throw new UsageError("rolecall exec: give the command to run after --: rolecall exec ROLE -- COMMAND [ARG]...");
    const req = sessionRequest("exec", a.values);
    const got = await assumeOrExplain(ctx, "rolecall exec", role, req);
    if ("exit" in got) return got.exit;
    // node:child_process only when a command runs: loading it costs every other command start-up time
    const { runChild, sessionEnv } = await import("../cli/child");
    return runChild(ctx, a.rest, sessionEnv(ctx.launchEnv ?? ctx.env, got.credentials));
  },
};
