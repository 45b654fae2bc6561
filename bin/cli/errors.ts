// Errors of the lib/api services, as a command reports them: bad input (zod, HTTP 400) is bad
// usage — one line naming the flag to fix, exit 2 — and anything else a failure (exit 1). Matched
// by name, not instanceof, so that a command's start-up does not load zod or the HTTP helpers.

import { UsageError } from "./command";

interface Issue {
  path: (string | number)[];
  message: string;
  code?: string;
  /** unrecognized_keys: the fields the schema does not know */
  keys?: string[];
}

/** The request field → the flag that sets it, for messages that name the field. */
export type FlagNames = Record<string, string>;

function flagOf(path: (string | number)[], flags: FlagNames): string {
  const field = String(path[0] ?? "");
  return flags[field] ?? field;
}

/** A failure that is not bad usage: printed as one line, exit 1. */
export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandFailed";
  }
}

/** Rethrow a service error as a UsageError or CommandFailed that names the flag, not the JSON field. */
export function rethrowForCli(command: string, e: unknown, flags: FlagNames): never {
  const err = e as { name?: string; message?: string; issues?: Issue[]; status?: number; code?: string };
  if (err?.name === "ZodError" && Array.isArray(err.issues)) {
    const first = err.issues[0];
    const message = !first
      ? "invalid arguments"
      : first.code === "unrecognized_keys" && first.keys?.length
        ? `${first.keys.map((k) => flags[k] ?? k).join(", ")}: not accepted by this version of the API`
        : `${flagOf(first.path, flags)}: ${first.message}`;
    throw new UsageError(`rolecall ${command}: ${message} (see rolecall ${command} --help)`);
  }
  if (err?.name === "ApiError" && typeof err.status === "number") {
    const message = String(err.message).replace(/^([A-Za-z]+)(?=:)/, (field) => flags[field] ?? field);
    if (err.status === 400) throw new UsageError(`rolecall ${command}: ${message}`);
    throw new CommandFailed(`rolecall ${command}: ${message}`);
  }
  throw e;
}
