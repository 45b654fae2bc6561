// Real STS calls for exec, env, credential-process and simulate -- COMMAND: the AWS SDK v3 with
// the default credential chain (AWS_PROFILE or --profile, env keys, SSO, instance and task roles).
// The credentials it returns go to the caller of these functions only: nothing here logs, caches
// or prints them.

import type { Readable } from "node:stream";
import type { CliContext } from "./command";
import { UsageError } from "./command";
import { CommandFailed } from "./errors";
import { sessionNameFor, type SessionRequest } from "./session-options";

export interface RoleCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO 8601 */
  Expiration: string;
}

export interface Caller {
  arn: string;
  account: string;
  partition: string;
}

/** STS answered with an error (an AccessDenied, a ValidationError, …): what it said, verbatim. */
export class StsRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly operation: string,
  ) {
    super(message);
    this.name = "StsRefusal";
  }

  /** As the AWS CLI prints it. */
  get line(): string {
    return `An error occurred (${this.code}) when calling the ${this.operation} operation: ${this.message}`;
  }
}

/**
 * Set when this process resolves credentials: a profile whose credential_process runs
 * `rolecall credential-process` again (AWS_PROFILE pointing at the profile being defined) would
 * otherwise start itself over and over.
 */
const NESTED = "ROLECALL_RESOLVING_CREDENTIALS";

async function ask(ctx: CliContext, question: string): Promise<string> {
  if (!ctx.stdinIsTTY || !ctx.stdin) throw new UsageError("rolecall: an MFA code is needed and there is no terminal to ask on: give --token-code CODE");
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: ctx.stdin as Readable, output: ctx.stderr, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/**
 * Whether the profile in use gets its credentials from `rolecall credential-process` (read from the
 * AWS config file): then the credentials rolecall needs would come from rolecall itself.
 */
async function profileRunsRolecall(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const profile = env.AWS_PROFILE;
  if (!profile) return undefined;
  const { readFile } = await import("node:fs/promises");
  const { homedir } = await import("node:os");
  const file = env.AWS_CONFIG_FILE || `${homedir()}/.aws/config`;
  const text = await readFile(file, "utf8").catch(() => "");
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header) inSection = header[1] === profile;
    else if (inSection && /^credential_process\s*=.*\brolecall\b.*\bcredential-process\b/.test(line)) return profile;
  }
  return undefined;
}

function sdkFailure(e: unknown, operation: string): Error {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  if (err?.$metadata?.httpStatusCode && err.$fault) return new StsRefusal(err.name ?? "Error", err.message ?? "", operation);
  if (err?.name === "CredentialsProviderError") {
    return new CommandFailed(`rolecall: no AWS credentials to call ${operation} with: ${err.message} (set AWS_PROFILE or give --profile NAME, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`);
  }
  return new CommandFailed(`rolecall: ${operation} failed: ${err?.message ?? String(e)}`);
}

export interface StsSession {
  caller(): Promise<Caller>;
  /** AssumeRole with these parameters (the session's own, or others: simulate names the session after the simulated role) */
  assumeRole(roleArn: string, req: SessionRequest, extra?: { policy?: string | null; policyArns?: string[] }): Promise<RoleCredentials>;
  /** the ARN of a role given by name: the configured source, else iam:GetRole, else built from the caller's account */
  roleArn(role: string): Promise<string>;
  destroy(): void;
}

/** A client for the caller's own credentials (--profile, MFA from `req`, checked before any call). */
export async function openSts(ctx: CliContext, req: SessionRequest): Promise<StsSession> {
  if (ctx.env[NESTED]) {
    throw new CommandFailed(
      "rolecall: resolving the credentials to call AssumeRole with started rolecall again: the profile in use (AWS_PROFILE) runs rolecall credential-process itself. Give the profile with your own credentials: --profile NAME",
    );
  }
  if (req.serialNumber && !req.tokenCode && !(ctx.stdinIsTTY && ctx.stdin)) {
    throw new UsageError("rolecall: --serial-number needs --token-code CODE here: there is no terminal to ask for the code on");
  }
  if (req.profile) ctx.env.AWS_PROFILE = req.profile;
  const [{ STSClient, GetCallerIdentityCommand, AssumeRoleCommand }, { fromNodeProviderChain }] = await Promise.all([import("@aws-sdk/client-sts"), import("@aws-sdk/credential-providers")]);
  const region = async () => {
    try {
      return await new STSClient({}).config.region();
    } catch {
      return "us-east-1";
    }
  };
  const credentials = fromNodeProviderChain({
    timeout: 1000,
    maxRetries: 1,
    // a profile with mfa_serial asks for its code as the AWS CLI does
    mfaCodeProvider: (serial: string) => ask(ctx, `MFA code for ${serial}: `),
  });
  const client = new STSClient({ region, credentials: async () => {
    ctx.env[NESTED] = "1";
    try {
      return await credentials();
    } finally {
      delete ctx.env[NESTED];
    }
  }, maxAttempts: 3 });

  let who: Promise<Caller> | undefined;
  const caller = () =>
    (who ??= client.send(new GetCallerIdentityCommand({})).then(
      (out) => {
        const arn = out.Arn ?? "";
        return { arn, account: out.Account ?? arn.split(":")[4] ?? "", partition: arn.split(":")[1] || "aws" };
      },
      async (e: unknown) => {
        const looping = (e as { name?: string })?.name === "CredentialsProviderError" ? await profileRunsRolecall(ctx.env) : undefined;
        if (looping) throw new CommandFailed(`rolecall: the profile ${looping} (AWS_PROFILE) gets its credentials from rolecall credential-process, so it cannot be the one rolecall calls AssumeRole with: give your own profile with --profile NAME`);
        throw sdkFailure(e, "GetCallerIdentity");
      },
    ));

  return {
    caller,
    async roleArn(role) {
      if (role.startsWith("arn:")) return role;
      const me = await caller();
      const { sourceConfig } = await import("@/lib/config");
      const cfg = await sourceConfig().catch(() => undefined);
      if (cfg && cfg.source !== "aws") {
        const { model } = await import("@/lib/api/model");
        const m = await model().catch(() => undefined);
        const found = m?.findRole(role, me.account) ?? [...(m?.roles.values() ?? [])].find((r) => r.account === me.account && `${r.path.slice(1)}${r.name}` === role);
        if (found) return found.arn;
      } else {
        const { IAMClient, GetRoleCommand } = await import("@aws-sdk/client-iam");
        const iam = new IAMClient({ region, credentials: client.config.credentials, maxAttempts: 2 });
        try {
          const out = await iam.send(new GetRoleCommand({ RoleName: role.slice(role.lastIndexOf("/") + 1) }));
          if (out.Role?.Arn) return out.Role.Arn;
        } catch {
          // not allowed to read it, or no such role: STS decides with the ARN built below
        } finally {
          iam.destroy();
        }
      }
      return `arn:${me.partition}:iam::${me.account}:role/${role}`;
    },
    async assumeRole(roleArn, req, extra = {}) {
      let tokenCode = req.tokenCode;
      if (req.serialNumber && !tokenCode) {
        tokenCode = await ask(ctx, `MFA code for ${req.serialNumber}: `);
        if (!/^\d{6}$/.test(tokenCode)) throw new UsageError("rolecall: the MFA code is the 6 digits your device shows");
      }
      const name = req.roleSessionName ?? sessionNameFor((await caller()).arn);
      let out;
      try {
        out = await client.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: name,
            ...(req.durationSeconds !== undefined ? { DurationSeconds: req.durationSeconds } : {}),
            ...(req.externalId !== undefined ? { ExternalId: req.externalId } : {}),
            ...(req.serialNumber ? { SerialNumber: req.serialNumber, TokenCode: tokenCode } : {}),
            ...(req.sourceIdentity !== undefined ? { SourceIdentity: req.sourceIdentity } : {}),
            ...(extra.policy ? { Policy: extra.policy } : {}),
            ...(extra.policyArns?.length ? { PolicyArns: extra.policyArns.map((arn) => ({ arn })) } : {}),
          }),
        );
      } catch (e) {
        throw sdkFailure(e, "AssumeRole");
      }
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new CommandFailed("rolecall: STS returned no credentials");
      return { AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: new Date(c.Expiration).toISOString() };
    },
    destroy: () => client.destroy(),
  };
}
