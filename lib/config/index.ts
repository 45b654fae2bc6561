import "server-only";
// Configuration from the environment (../shared/API.md, "Configuration"). Read once per process.

import { z } from "zod";

export type SourceName = "demo" | "aws" | "snapshot";

const Env = z.object({
  ROLECALL_SOURCE: z.enum(["demo", "aws", "snapshot"]).optional(),
  ROLECALL_SNAPSHOT_DIR: z.string().min(1).optional(),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface SourceConfig {
  source: SourceName;
  snapshotDir?: string;
  /** how the source was chosen, for the UI ("ROLECALL_SOURCE=demo", "default: no credentials found") */
  reason: string;
}

/**
 * The source: ROLECALL_SOURCE if set; else snapshot when ROLECALL_SNAPSHOT_DIR is set; else aws
 * when the default credential chain finds credentials; else demo.
 */
export async function resolveSource(env: NodeJS.ProcessEnv = process.env, hasCredentials: () => Promise<boolean> = defaultHasCredentials): Promise<SourceConfig> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`ROLECALL_SOURCE must be demo, aws or snapshot (got "${env.ROLECALL_SOURCE}")`);
  }
  const e = parsed.data;
  if (e.ROLECALL_SOURCE === "snapshot" && !e.ROLECALL_SNAPSHOT_DIR) {
    throw new ConfigError("ROLECALL_SOURCE=snapshot needs ROLECALL_SNAPSHOT_DIR, the directory of your snapshot files");
  }
  if (e.ROLECALL_SOURCE) return { source: e.ROLECALL_SOURCE, snapshotDir: e.ROLECALL_SNAPSHOT_DIR, reason: `ROLECALL_SOURCE=${e.ROLECALL_SOURCE}` };
  if (e.ROLECALL_SNAPSHOT_DIR) return { source: "snapshot", snapshotDir: e.ROLECALL_SNAPSHOT_DIR, reason: "ROLECALL_SNAPSHOT_DIR is set" };
  if (await hasCredentials()) return { source: "aws", reason: "the AWS default credential chain found credentials" };
  return { source: "demo", reason: "no ROLECALL_SOURCE, no snapshot directory and no AWS credentials: showing the demo" };
}

async function defaultHasCredentials(): Promise<boolean> {
  const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
  try {
    // Bounded: a blackholed instance-metadata endpoint must not stall start-up.
    await fromNodeProviderChain({ timeout: 1000, maxRetries: 0 })();
    return true;
  } catch {
    return false;
  }
}

let cached: Promise<SourceConfig> | undefined;
export function sourceConfig(): Promise<SourceConfig> {
  cached ??= resolveSource();
  return cached;
}
