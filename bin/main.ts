// `rolecall`: dispatch to a command (bin/commands), after taking the global options that may stand
// anywhere on the command line: --snapshot DIR and --demo choose the data source as
// ROLECALL_SOURCE/ROLECALL_SNAPSHOT_DIR would.

import { statSync } from "node:fs";
import { EXIT, UsageError, type CliContext, type Command } from "./cli/command";
import { COMMANDS } from "./commands";

export interface Globals {
  argv: string[];
  source?: { source: "demo" } | { source: "snapshot"; dir: string };
}

/** Remove --snapshot DIR / --snapshot=DIR / --demo from argv (before any `--`). */
export function takeGlobals(argv: string[]): Globals {
  const out: string[] = [];
  let source: Globals["source"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (a === "--demo") source = { source: "demo" };
    else if (a === "--snapshot" || a.startsWith("--snapshot=")) {
      const dir = a === "--snapshot" ? argv[++i] : a.slice("--snapshot=".length);
      if (!dir || dir.startsWith("--")) throw new UsageError("--snapshot needs a directory: --snapshot DIR");
      source = { source: "snapshot", dir };
    } else out.push(a);
  }
  return { argv: out, source };
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function usage(commands: Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    "rolecall: why can't I assume this role? Diagnoses, checks and role sessions from the terminal.",
    "",
    "usage: rolecall COMMAND [OPTIONS]   (rolecall COMMAND --help for its options and an example)",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "global options (anywhere on the command line):",
    "  --snapshot DIR   read a snapshot directory (as ROLECALL_SNAPSHOT_DIR)",
    "  --demo           read the embedded demo data",
    "  --json           (diagnose, check, simulate, sessions) print the HTTP API's JSON for the same question",
    "",
    "exit status: 0 allowed or success, 1 denied or failure, 2 bad usage, 3 unknown",
  ].join("\n");
}

export async function main(argv: string[], ctx: CliContext, commands: Command[] = COMMANDS): Promise<number> {
  try {
    const g = takeGlobals(argv);
    if (g.source?.source === "demo") {
      ctx.env.ROLECALL_SOURCE = "demo";
      delete ctx.env.ROLECALL_SNAPSHOT_DIR;
    } else if (g.source?.source === "snapshot") {
      if (!isDirectory(g.source.dir)) throw new UsageError(`--snapshot ${g.source.dir}: no such directory (a directory of IAM and CloudTrail JSON files)`);
      ctx.env.ROLECALL_SOURCE = "snapshot";
      ctx.env.ROLECALL_SNAPSHOT_DIR = g.source.dir;
    }
    const [name, ...rest] = g.argv;
    if (!name || name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" ? commands.find((c) => c.name === rest[0]) : undefined;
      ctx.stdout.write(`${topic ? topic.help : usage(commands)}\n`);
      return name || topic ? EXIT.ok : EXIT.usage;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}": expected one of ${commands.map((c) => c.name).join(", ")} (rolecall --help)`);
    const dash = rest.indexOf("--");
    const own = dash < 0 ? rest : rest.slice(0, dash);
    if (own.includes("--help") || own.includes("-h")) {
      ctx.stdout.write(`${command.help}\n`);
      return EXIT.ok;
    }
    return await command.run(ctx, rest);
  } catch (e) {
    // messages that already name the command ("rolecall diagnose: ...") are not prefixed again
    const say = (m: string) => ctx.stderr.write(`${m.startsWith("rolecall") ? "" : "rolecall: "}${m}\n`);
    if (e instanceof UsageError) {
      say(e.message.split("\n")[0]!);
      return EXIT.usage;
    }
    say(e instanceof Error ? e.message : String(e));
    return EXIT.failure;
  }
}
