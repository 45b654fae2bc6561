// Test support: the built rolecall command run as a user runs it (node bin/rolecall.mjs, a process
// of its own), its output and exit status collected. Asynchronous, so that a local endpoint in
// the test's own process (the STS stand-in) can answer it.

import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuilt, ROOT } from "../build.mjs";

export const BIN = path.join(ROOT, "bin", "rolecall.mjs");

/** Build the bundle once before the runs, so that no run pays for it. */
export async function built(): Promise<void> {
  await ensureBuilt(ROOT);
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: PATH and HOME only, plus what the test gives (no AWS_* of the machine). */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: "true", ...extra } as unknown as NodeJS.ProcessEnv;
}

export function rolecall(args: string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; command?: string[] } = {}): Promise<Run> {
  const [cmd, ...pre] = o.command ?? [process.execPath, BIN];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, [...pre, ...args], { env: o.env ?? cleanEnv(), cwd: o.cwd ?? ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
