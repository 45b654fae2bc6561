// The entry of the rolecall bundle (bin/build.mjs builds it, bin/rolecall.mjs runs it): the
// process's streams and environment as a CliContext, then bin/main.ts.

import { existsSync } from "node:fs";
import path from "node:path";
import { setManagedPoliciesFile } from "@/lib/account/managed-policies";
import { setAppRoot } from "@/lib/config/app-root";
import type { CliContext } from "./cli/command";
import { wantsColor } from "./cli/style";
import { main } from "./main";

export interface Launch {
  /** the package's directory: data/demo and node_modules are found from it, wherever the user is */
  root: string;
  /** the build's copy of the AWS managed policies (default versions only), when it has one */
  managedPolicies?: string;
}

export function processContext(): CliContext {
  const launchEnv = { ...process.env };
  // The SDK warns on every run that it will need Node 22 from 2027 (README: Node 20+ is supported);
  // a command prints answers, not that. COMMAND still gets the environment as it was (launchEnv).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return {
    launchEnv,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    color: wantsColor(process.stdout.isTTY, process.env),
    stderrColor: wantsColor(process.stderr.isTTY, process.env),
    stdoutIsTTY: !!process.stdout.isTTY,
    stdinIsTTY: !!process.stdin.isTTY,
  };
}

export async function run(argv: string[], launch: Launch): Promise<number> {
  setAppRoot(launch.root);
  if (launch.managedPolicies && existsSync(launch.managedPolicies)) setManagedPoliciesFile(path.resolve(launch.managedPolicies));
  return main(argv, processContext());
}
