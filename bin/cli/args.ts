// Argument parsing for every command: node's own util.parseArgs in strict mode, with its errors
// turned into one-line UsageErrors that say what to fix.

import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./command";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs<O extends OptionSpec> {
  values: { [K in keyof O]?: O[K] extends { type: "boolean" } ? (O[K] extends { multiple: true } ? boolean[] : boolean) : O[K] extends { multiple: true } ? string[] : string };
  positionals: string[];
  /** the words after `--` (the command to run), verbatim */
  rest: string[];
}

export function parseCommandArgs<O extends OptionSpec>(command: string, argv: string[], options: O, { positionals = 0 }: { positionals?: number } = {}): ParsedArgs<O> {
  const dash = argv.indexOf("--");
  const mine = dash < 0 ? argv : argv.slice(0, dash);
  const rest = dash < 0 ? [] : argv.slice(dash + 1);
  let parsed;
  try {
    parsed = parseArgs({ args: mine, options, strict: true, allowPositionals: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "").replace(/^Unknown option '([^']+)'.*/s, "unknown option $1");
    throw new UsageError(`rolecall ${command}: ${msg} (see rolecall ${command} --help)`);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`rolecall ${command}: unexpected argument "${parsed.positionals[positionals]}" (see rolecall ${command} --help)`);
  }
  return { values: parsed.values as ParsedArgs<O>["values"], positionals: parsed.positionals, rest };
}

/** A required option or positional, else a UsageError naming it. */
export function required<T>(command: string, value: T | undefined, what: string): T {
  if (value === undefined || value === "") throw new UsageError(`rolecall ${command}: ${what} is required (see rolecall ${command} --help)`);
  return value;
}

/** An integer option (`--duration-seconds abc` is bad usage). */
export function integer(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`rolecall ${command}: ${flag} must be a whole number, got "${value}"`);
  return Number(value);
}

/** `K=V` pairs of repeated options (--tag, --context). */
export function keyValues(command: string, flag: string, values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string> = Object.create(null);
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) throw new UsageError(`rolecall ${command}: ${flag} takes KEY=VALUE, got "${v}"`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** `K=V` pairs where a key may repeat (--context aws:TagKeys=a --context aws:TagKeys=b): a repeated key is a list. */
export function multiKeyValues(command: string, flag: string, values: string[] | undefined): Record<string, string | string[]> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string | string[]> = Object.create(null);
  for (const v of values) {
    const i = v.indexOf("=");
    if (i <= 0) throw new UsageError(`rolecall ${command}: ${flag} takes KEY=VALUE, got "${v}"`);
    const k = v.slice(0, i);
    const prev = out[k];
    out[k] = prev === undefined ? v.slice(i + 1) : [prev, v.slice(i + 1)].flat();
  }
  return out;
}

/** An option that takes one of a few words (--expect, --fix, --outcome). */
export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`rolecall ${command}: ${flag} must be ${choices.join(", ").replace(/, ([^,]*)$/, " or $1")}, got "${value}"`);
  return value as T;
}
