// The shape of a `rolecall` command (../shared/API.md, "Command line"). A command is one file in
// bin/commands/, registered in bin/commands/index.ts: it parses its own arguments, calls the same
// lib/api services as the HTTP routes, and prints. It never calls the HTTP server or Next.js.

import type { Writable } from "node:stream";

/** Exit statuses: 0 allowed or success, 1 denied or failure, 2 bad usage, 3 unknown. */
export const EXIT = { ok: 0, denied: 1, failure: 1, usage: 2, unknown: 3 } as const;

/** Bad usage: printed as one line on stderr, exit status 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface CliContext {
  /** answers */
  stdout: Writable;
  /** messages, progress, diagnoses of a refusal */
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** colour on stdout: only on a TTY, never with NO_COLOR */
  color: boolean;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** where a prompt (an MFA code) is read from; prompts need stdinIsTTY */
  stdin?: NodeJS.ReadableStream;
  /** colour on stderr (diagnoses of a refusal): only on a TTY, never with NO_COLOR */
  stderrColor?: boolean;
  /**
   * The environment as rolecall was started, before it set anything for itself (--snapshot's
   * ROLECALL_SOURCE, --profile's AWS_PROFILE): what COMMAND of exec and simulate starts from.
   */
  launchEnv?: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  /** one line for `rolecall --help` */
  summary: string;
  /** `rolecall COMMAND --help`: every flag, with an example */
  help: string;
  /** argv: the arguments after the command name, global options (--snapshot, --demo) removed */
  run(ctx: CliContext, argv: string[]): Promise<number>;
}
