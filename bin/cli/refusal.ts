// When STS refuses: its error as it said it, then RoleCall's diagnosis of that caller and role
// from the configured source — what awsudo, aws-vault and Granted leave the user to work out.
// All of it goes to stderr: stdout belongs to COMMAND (exec) or to the credentials (env).

import type { CliContext } from "./command";
import { CommandFailed } from "./errors";
import { renderDiagnosis } from "./render-diagnosis";
import { sessionNameFor, type SessionRequest } from "./session-options";
import { openSts, StsRefusal, type RoleCredentials, type StsSession } from "./sts";
import { style } from "./style";

export async function reportRefusal(ctx: CliContext, who: string, e: StsRefusal, sts: StsSession, roleArn: string, req: SessionRequest): Promise<void> {
  const s = style(!!ctx.stderrColor);
  ctx.stderr.write(`${who}: ${s.red("STS refused")}: ${e.line}\n`);
  let caller: string;
  try {
    caller = (await sts.caller()).arn;
  } catch {
    return;
  }
  const { explainError, diagnoseOnSource } = await import("@/lib/api/diagnose");
  const explained = explainError(null, e.message);
  if (explained.kind !== "access-denied" && explained.kind !== "unrecognised") ctx.stderr.write(`${s.dim("what it means:")} ${explained.advice}\n`);
  ctx.stderr.write(`\n${s.bold("RoleCall's diagnosis")} ${s.dim(`(${caller} → ${roleArn}, from the configured source)`)}:\n\n`);
  try {
    const result = await diagnoseOnSource({
      principal: caller,
      role: roleArn,
      ...(req.durationSeconds !== undefined ? { durationSeconds: req.durationSeconds } : {}),
      roleSessionName: req.roleSessionName ?? sessionNameFor(caller),
      ...(req.externalId !== undefined ? { externalId: req.externalId } : {}),
      ...(req.sourceIdentity !== undefined ? { sourceIdentity: req.sourceIdentity } : {}),
      // an MFA code was sent, so aws:MultiFactorAuthPresent is true; without one it is not known
      // whether the caller's own credentials are an MFA session
      ...(req.serialNumber ? { mfa: true } : {}),
    });
    ctx.stderr.write(renderDiagnosis(result, { style: s, flags: "exec" }));
    if (result.verdict === "allowed") {
      ctx.stderr.write(`\n${s.yellow("RoleCall's data allows this call, but STS refused it:")} the data may be out of date (a snapshot), or a policy RoleCall cannot see decides (a VPC endpoint policy, a resource control policy of another organization). Compare with: rolecall diagnose --principal ${caller} --role ${roleArn} --json\n`);
    }
  } catch (err) {
    ctx.stderr.write(`RoleCall could not diagnose it: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/**
 * Assume the role for a command, or report STS's refusal with the diagnosis and answer exit
 * status 1. Other failures (no credentials, STS unreachable) are thrown as one-line errors.
 */
export async function assumeOrExplain(
  ctx: CliContext,
  who: string,
  role: string,
  req: SessionRequest,
  extra?: { policy?: string | null; policyArns?: string[] },
  /** an STS session already open (its caller already known), else one is opened and closed here */
  open?: StsSession,
): Promise<{ credentials: RoleCredentials; roleArn: string } | { exit: number }> {
  const sts = open ?? (await openSts(ctx, req));
  try {
    const roleArn = await sts.roleArn(role);
    try {
      return { credentials: await sts.assumeRole(roleArn, req, extra), roleArn };
    } catch (e) {
      if (!(e instanceof StsRefusal)) throw e;
      await reportRefusal(ctx, who, e, sts, roleArn, req);
      return { exit: 1 };
    }
  } catch (e) {
    if (e instanceof StsRefusal) {
      // the caller's own credentials were refused (expired, unknown key): say what it means
      const { explainError } = await import("@/lib/api/diagnose");
      const kind = explainError(null, e.message);
      throw new CommandFailed(`${who}: ${e.line}${kind.kind === "unrecognised" ? "" : ` — ${kind.advice}`}`);
    }
    throw e;
  } finally {
    if (!open) sts.destroy();
  }
}
