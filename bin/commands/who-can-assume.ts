// `rolecall who-can-assume ROLE [--max-hops N] [--json]`: every known principal that can reach the
// role, directly or by role chaining (GET /api/roles/{role}/reachers), each by its shortest path.
// Exits 0 whenever it answered, even with an empty list (../shared/API.md, "Command line").

import type { AccountModel } from "@/lib/account/model";
import { findRoleParam } from "@/lib/api/roles";
import { ApiError } from "@/lib/api/http";
import { MAX_HOPS, ReachQuery, reachers } from "@/lib/api/paths";
import { describePath } from "@/lib/paths/describe";
import { EXIT, UsageError, type Command } from "../cli/command";
import { parseCommandArgs, required } from "../cli/args";

const NAME = "who-can-assume";

/** Every account of the source (with the aws source, once the other accounts are read). */
async function loadModel(): Promise<AccountModel> {
  const { model } = await import("@/lib/api/model");
  return model();
}

export function whoCanAssumeCommand(model: () => Promise<AccountModel> = loadModel): Command {
  return {
    name: NAME,
    summary: "who can reach a role, directly or through other roles (GET /api/roles/{role}/reachers)",
    help: [
      `usage: rolecall ${NAME} ROLE [--max-hops N] [--json]`,
      "",
      "Every known user, role and AWS service that can end up in ROLE, directly or by assuming other",
      "roles first (role chaining), each with its shortest path and what it needs (MFA, …).",
      "ROLE is an ARN or a role name. Exits 0 whenever it answered, even when nobody can.",
      "",
      `  --max-hops N   the longest chain looked at (1 to ${MAX_HOPS}; default 4)`,
      "  --json         the HTTP API's JSON ({\"role\", \"reachers\": [...]})",
      "",
      "example: rolecall who-can-assume arn:aws:iam::333333333333:role/prod-deployer --demo",
    ].join("\n"),
    async run(ctx, argv) {
      const { values, positionals } = parseCommandArgs(NAME, argv, { "max-hops": { type: "string" }, json: { type: "boolean" } }, { positionals: 1 });
      const roleId = required(NAME, positionals[0], "ROLE (an ARN or a role name)");
      const q = ReachQuery.safeParse(values["max-hops"] === undefined ? {} : { maxHops: values["max-hops"] });
      if (!q.success) throw new UsageError(`rolecall ${NAME}: --max-hops must be a whole number from 1 to ${MAX_HOPS}`);
      const m = await model();
      let answer;
      try {
        answer = reachers(m, findRoleParam(m, encodeURIComponent(roleId)), q.data);
      } catch (e) {
        if (e instanceof ApiError && e.status < 500) {
          ctx.stderr.write(`rolecall: ${e.message}\n`);
          return EXIT.failure;
        }
        throw e;
      }
      if (values.json) {
        ctx.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return EXIT.ok;
      }
      const list = answer.reachers;
      const out: string[] = [`Who can reach ${answer.role} (at most ${q.data.maxHops ?? 4} hops): ${list.length === 0 ? "nobody RoleCall knows" : `${list.length} principal${list.length === 1 ? "" : "s"}`}`];
      if (list.length) {
        const width = Math.min(60, Math.max(...list.map((r) => r.principal.length)));
        out.push("", `  ${"hops".padEnd(4)}  ${"verdict".padEnd(7)}  ${"principal".padEnd(width)}  path`);
        for (const r of list) out.push(`  ${String(r.hops).padEnd(4)}  ${r.verdict.padEnd(7)}  ${r.principal.padEnd(width)}  ${describePath(r.path)}`);
        if (list.some((r) => r.verdict === "unknown")) out.push("", "unknown: allowed only if the conditions in brackets hold (RoleCall does not guess them); rolecall diagnose says more.");
      }
      ctx.stdout.write(`${out.join("\n")}\n`);
      return EXIT.ok;
    },
  };
}

export const whoCanAssume = whoCanAssumeCommand();
