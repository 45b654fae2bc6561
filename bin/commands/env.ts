// rolecall env: the session as shell variables, for eval "$(rolecall env ROLE)".

import { parseCommandArgs, required } from "../cli/args";
import { UsageError, type Command } from "../cli/command";
import { assumeOrExplain } from "../cli/refusal";
import { SESSION_HELP, SESSION_OPTIONS, sessionRequest } from "../cli/session-options";
import type { RoleCredentials } from "../cli/sts";
import { shellQuote } from "@/lib/diagnose/render";

/** `unset AWS_PROFILE` (it would win over the keys) and one shell-quoted export per variable. */
export function exportLines(c: RoleCredentials): string {
  return [
    "unset AWS_PROFILE",
    `export AWS_ACCESS_KEY_ID=${shellQuote(c.AccessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(c.SecretAccessKey)}`,
    `export AWS_SESSION_TOKEN=${shellQuote(c.SessionToken)}`,
    `export AWS_CREDENTIAL_EXPIRATION=${shellQuote(c.Expiration)}`,
  ].join("\n") + "\n";
}

export const env: Command = {
  name: "env",
  summary: "assume a role and print export lines, for eval \"$(rolecall env ROLE)\"",
  help: `rolecall env ROLE [OPTIONS]

Assumes ROLE with your own credentials and prints, for a POSIX shell, "unset AWS_PROFILE" and
export lines for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
AWS_CREDENTIAL_EXPIRATION (the credentials go to stdout only, and only on success). When STS
refuses, its error and RoleCall's diagnosis go to stderr and it exits 1.

${SESSION_HELP}

exit status: 0 printed; 1 STS refused or no credentials; 2 bad usage

examples:
  eval "$(rolecall env arn:aws:iam::222222222222:role/deploy)"
  eval "$(rolecall env deploy --duration-seconds 3600 --external-id 8f1c-example)" && aws sts get-caller-identity`,
  async run(ctx, argv) {
    const a = parseCommandArgs("env", argv, SESSION_OPTIONS, { positionals: 1 });
    const role = required("env", a.positionals[0], "ROLE (the role's ARN or name)");
    if (a.rest.length) throw new UsageError("rolecall env: takes no command; to run one with the role: rolecall exec ROLE -- COMMAND");
    const got = await assumeOrExplain(ctx, "rolecall env", role, sessionRequest("env", a.values));
    if ("exit" in got) return got.exit;
    ctx.stdout.write(exportLines(got.credentials));
    return 0;
  },
};
