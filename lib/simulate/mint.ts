import "server-only";
// Minting simulated-role credentials: off unless a base role and an allow-list are configured,
// only for allow-listed role names, every mint audited (who, role, base role, time, session
// name — never a secret), and the credentials never logged or cached.

import { appendFile, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { AssumeRoleCommand, type STSClient } from "@aws-sdk/client-sts";
import { globMatch } from "@/lib/auth/glob";

export interface MintConfig {
  baseRole: string;
  /** role-name globs that may be simulated */
  allow: string[];
  auditLog: string;
}

/** The minting configuration, or why minting is off. */
export function mintConfig(env: NodeJS.ProcessEnv = process.env): MintConfig | { off: string } {
  const baseRole = env.ROLECALL_SIMULATE_BASE_ROLE?.trim();
  const allow = (env.ROLECALL_SIMULATE_ALLOW ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!baseRole || allow.length === 0) {
    return { off: "Minting credentials is off: set ROLECALL_SIMULATE_BASE_ROLE (the base role ARN) and ROLECALL_SIMULATE_ALLOW (role-name globs that may be simulated) on the server to turn it on." };
  }
  if (!/^arn:[^:]+:iam::\d{12}:role\/.+/.test(baseRole)) return { off: `ROLECALL_SIMULATE_BASE_ROLE is not a role ARN: "${baseRole}"` };
  return { baseRole, allow, auditLog: env.ROLECALL_AUDIT_LOG?.trim() || path.join(process.cwd(), "rolecall-audit.log") };
}

export { globMatch };

/**
 * A role may be simulated when its name, or its path and name (`ecs/task` for /ecs/task), matches
 * an allow-list glob; a glob's `*` stays within one path segment (lib/auth/glob.ts).
 */
export function roleAllowed(cfg: MintConfig, roleName: string, rolePath: string): boolean {
  const full = `${rolePath.replace(/^\//, "")}${roleName}`;
  return cfg.allow.some((g) => globMatch(g, roleName) || globMatch(g, full));
}

export interface MintedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

export interface AuditEntry {
  time: string;
  event: "mint" | "mint-refused";
  user: string | null;
  role: string;
  baseRole: string;
  roleSessionName: string;
  policyArns?: string[];
  sessionPolicyChars?: number;
  /** the access key ID is not a secret: CloudTrail logs it, and it ties the audit to the session */
  accessKeyId?: string;
  expiration?: string;
  reason?: string;
}

/**
 * Record a refusal. A log that cannot be written does not turn the refusal into a 500: the line
 * goes to the server's own log instead (it holds no secret), and the caller still gets its 403.
 */
export async function audit(file: string, entry: AuditEntry): Promise<void> {
  const line = JSON.stringify(entry);
  try {
    await appendFile(file, `${line}\n`, { encoding: "utf8", mode: 0o600 });
  } catch (e) {
    console.error(`rolecall: ROLECALL_AUDIT_LOG (${file}) cannot be written (${(e as NodeJS.ErrnoException).code ?? "error"}); the audit line: ${line}`);
  }
}

export class AuditUnavailable extends Error {}

/**
 * The audit log, opened for appending *before* STS is called: a mint that could not be recorded
 * is never made. (server/guard.cjs also refuses to start when the file cannot be written.)
 */
export async function openAudit(file: string): Promise<{ write: (entry: AuditEntry) => Promise<void>; close: () => Promise<void> }> {
  let fh: FileHandle;
  try {
    fh = await open(file, "a", 0o600);
  } catch (e) {
    throw new AuditUnavailable(`ROLECALL_AUDIT_LOG (${file}) cannot be written (${(e as NodeJS.ErrnoException).code ?? "error"}): no credentials are minted without an audit line. Whoever runs RoleCall must make it writable.`);
  }
  return {
    write: async (entry) => {
      await fh.appendFile(`${JSON.stringify(entry)}\n`, "utf8");
    },
    close: () => fh.close(),
  };
}

export async function mintCredentials(
  sts: STSClient,
  req: { baseRole: string; roleSessionName: string; sessionPolicy: string | null; policyArns: string[]; durationSeconds?: number },
): Promise<MintedCredentials> {
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: req.baseRole,
      RoleSessionName: req.roleSessionName,
      ...(req.sessionPolicy ? { Policy: req.sessionPolicy } : {}),
      ...(req.policyArns.length ? { PolicyArns: req.policyArns.map((arn) => ({ arn })) } : {}),
      DurationSeconds: req.durationSeconds ?? 3600,
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error("STS returned no credentials");
  return { AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: new Date(c.Expiration).toISOString() };
}
