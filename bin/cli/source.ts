// What the data source could not read (a snapshot file that is not JSON, an unrecognised file, an
// unreadable directory), said on stderr as the dashboard says it in its header: an answer built
// on missing data must not look complete.

import type { CliContext } from "./command";

export async function warnSourceProblems(ctx: CliContext, command: string): Promise<void> {
  const { model } = await import("@/lib/api/model");
  const m = await model().catch(() => undefined);
  for (const p of m?.problems ?? []) ctx.stderr.write(`rolecall ${command}: ${p.file}: ${p.message}\n`);
}
