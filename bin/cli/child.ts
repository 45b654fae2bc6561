// Running COMMAND with a role session (exec, simulate -- COMMAND): the credentials go only into
// the child's environment; signals sent to rolecall reach the child; rolecall exits with the
// child's status (128 + the signal's number when a signal ended it, as a shell reports it).

import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { CliContext } from "./command";
import type { RoleCredentials } from "./sts";

/**
 * The environment COMMAND runs with: the session's keys, and no AWS_PROFILE — with a profile set,
 * the SDKs and the AWS CLI would use the profile instead of the keys. AWS_DEFAULT_PROFILE (the
 * AWS CLI v1's name for it) and AWS_SECURITY_TOKEN (boto2's name for the session token, which
 * would still be the caller's) go too.
 */
export function sessionEnv(env: Record<string, string | undefined>, c: RoleCredentials): NodeJS.ProcessEnv {
  const out = { ...env } as NodeJS.ProcessEnv;
  for (const k of ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"]) delete out[k];
  out.AWS_ACCESS_KEY_ID = c.AccessKeyId;
  out.AWS_SECRET_ACCESS_KEY = c.SecretAccessKey;
  out.AWS_SESSION_TOKEN = c.SessionToken;
  out.AWS_CREDENTIAL_EXPIRATION = c.Expiration;
  return out;
}

/** The signals passed on to COMMAND. SIGUSR1 is left alone: it starts Node's inspector. */
const FORWARDED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2", "SIGWINCH"];

export function runChild(ctx: CliContext, command: string[], env: NodeJS.ProcessEnv, who = "rolecall exec"): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const s of FORWARDED) process.on(s, forward);
    const done = (code: number) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code);
    };
    child.once("error", (e: NodeJS.ErrnoException) => {
      // as a shell says it: 127 not found, 126 found but not runnable
      ctx.stderr.write(`${who}: ${command[0]}: ${e.code === "ENOENT" ? "command not found" : e.message}\n`);
      done(e.code === "ENOENT" ? 127 : 126);
    });
    child.once("exit", (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}
