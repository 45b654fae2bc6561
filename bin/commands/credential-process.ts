// rolecall credential-process: the session as an AWS config profile's credential_process output.

import { parseCommandArgs, required } from "../cli/args";
import { UsageError, type Command } from "../cli/command";
import { assumeOrExplain } from "../cli/refusal";
import { SESSION_HELP, SESSION_OPTIONS, sessionRequest } from "../cli/session-options";
import type { RoleCredentials } from "../cli/sts";

/** https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html */
export function credentialProcessJson(c: RoleCredentials): string {
  return `${JSON.stringify({ Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration })}\n`;
}

export const credentialProcess: Command = {
  name: "credential-process",
  summary: "assume a role and print credential_process JSON for an AWS config profile",
  help: `rolecall credential-process ROLE [OPTIONS]

Assumes ROLE with your own credentials and prints the JSON an AWS config profile's
credential_process gives the SDKs and the AWS CLI ({"Version": 1, "AccessKeyId", …, "Expiration"}).
When STS refuses, its error and RoleCall's diagnosis go to stderr (the SDK shows it) and it exits 1.
Name the profile holding your own credentials with --profile: a profile cannot be its own source.

${SESSION_HELP}

exit status: 0 printed; 1 STS refused or no credentials; 2 bad usage

example, in ~/.aws/config:
  [profile deploy]
  credential_process = rolecall credential-process arn:aws:iam::222222222222:role/deploy --profile work
then: aws s3 ls --profile deploy`,
  async run(ctx, argv) {
    const a = parseCommandArgs("credential-process", argv, SESSION_OPTIONS, { positionals: 1 });
    const role = required("credential-process", a.positionals[0], "ROLE (the role's ARN or name)");
    if (a.rest.length) throw new UsageError("rolecall credential-process: takes no command");
    const got = await assumeOrExplain(ctx, "rolecall credential-process", role, sessionRequest("credential-process", a.values));
    if ("exit" in got) return got.exit;
    ctx.stdout.write(credentialProcessJson(got.credentials));
    return 0;
  },
};
