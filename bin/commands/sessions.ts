// rolecall sessions: GET /api/sessions from the terminal — every page merged — or the dashboard's
// CSV export (GET /api/sessions?format=csv) with --csv.

import { oneOf, parseCommandArgs } from "../cli/args";
import { UsageError, type CliContext, type Command } from "../cli/command";
import { rethrowForCli } from "../cli/errors";
import { style, type Style } from "../cli/style";
import type { RoleSession } from "@/lib/sessions/group";

const OPTIONS = {
  "role-session-name": { type: "string" },
  role: { type: "string" },
  principal: { type: "string" },
  "access-key-id": { type: "string" },
  outcome: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
} as const;

const FLAGS = { roleSessionName: "--role-session-name", role: "--role", principal: "--principal", accessKeyId: "--access-key-id", outcome: "--outcome", from: "--from", to: "--to", nextToken: "--next-token" };

/** How long one request waits for a live read (the API's maximum), and how often it asks again. */
const WAIT_MS = 60_000;
const PAGE = 1000;
const MAX_ROUNDS = 60;

export function sessionsQuery(argv: string[]): { query: Record<string, string>; format: "text" | "json" | "csv" } {
  const { values: v } = parseCommandArgs("sessions", argv, OPTIONS);
  if (v.json && v.csv) throw new UsageError("rolecall sessions: give --json or --csv, not both");
  const query: Record<string, string | undefined> = {
    roleSessionName: v["role-session-name"],
    role: v.role,
    principal: v.principal,
    accessKeyId: v["access-key-id"],
    outcome: oneOf("sessions", "--outcome", v.outcome, ["success", "failure"] as const),
    from: v.from,
    to: v.to,
  };
  for (const k of Object.keys(query)) if (query[k] === undefined) delete query[k];
  return { query: query as Record<string, string>, format: v.csv ? "csv" : v.json ? "json" : "text" };
}

function progress(ctx: CliContext, p: { message: string; events: number } | null): void {
  if (p) ctx.stderr.write(`rolecall sessions: ${p.message} (${p.events} events so far)…\n`);
}

/** Every page of GET /api/sessions, merged: a live read still under way is asked again, as the API says. */
async function allSessions(ctx: CliContext, query: Record<string, string>): Promise<{ sessions: RoleSession[]; notes: string[]; problems: { file: string; message: string }[] }> {
  const { SessionsQuery, listSessions } = await import("@/lib/api/sessions");
  const sessions: RoleSession[] = [];
  let nextToken: string | undefined;
  let notes: string[] = [];
  let problems: { file: string; message: string }[] = [];
  for (let round = 0; round < MAX_ROUNDS; ) {
    const page = await listSessions(SessionsQuery.parse({ ...query, limit: String(PAGE), wait: String(WAIT_MS), ...(nextToken ? { nextToken } : {}) }));
    if (page.partial) {
      round++;
      progress(ctx, page.progress);
      continue;
    }
    sessions.push(...page.sessions);
    notes = page.notes;
    problems = page.problems;
    if (!page.nextToken) return { sessions, notes, problems };
    nextToken = page.nextToken;
  }
  throw new Error(`rolecall sessions: the CloudTrail read did not finish within ${(MAX_ROUNDS * WAIT_MS) / 60_000} minutes`);
}

function renderSessions(sessions: RoleSession[], s: Style): string {
  if (!sessions.length) return "No role sessions match.\n";
  const rows = sessions.map((x) => [
    x.eventTime,
    x.outcome === "success" ? s.green("success") : s.red("failure"),
    x.roleArn ?? "",
    x.roleSessionName ?? "",
    x.caller ?? "",
    x.outcome === "success" ? (x.accessKeyId ?? "") : `${x.errorCode ?? ""}`,
    x.activity && x.activity.count ? `${x.activity.count} calls` : "",
  ]);
  const head = ["time", "outcome", "role", "session name", "caller", "key / error", "activity"];
  // colour codes take no room on screen
  const visible = (t: string) => t.replace(/\u001b\[\d+m/g, "").length;
  const widths = head.map((h, i) => Math.min(64, Math.max(h.length, ...rows.map((r) => visible(r[i]!)))));
  const line = (r: string[]) => r.map((c, i) => c + " ".repeat(Math.max(0, widths[i]! - visible(c)))).join("  ").trimEnd();
  return `${[s.bold(line(head)), ...rows.map(line)].join("\n")}\n${s.dim(`${sessions.length} session${sessions.length === 1 ? "" : "s"}`)}\n`;
}

export const sessions: Command = {
  name: "sessions",
  summary: "role sessions from CloudTrail (GET /api/sessions, every page); --csv as the dashboard exports them",
  help: `rolecall sessions [FILTERS] [--json | --csv]

Role sessions from CloudTrail (GET /api/sessions), newest first, failed attempts included — from the
snapshot's or demo's CloudTrail files, or with the aws source from ROLECALL_CLOUDTRAIL (LookupEvents,
S3, Athena, CloudTrail Lake). Every page is read and merged. Filters are exact and combine:

  --role-session-name S    the session name
  --role R                 the role's ARN
  --principal P            the caller (userIdentity.arn, or an AWS service's name)
  --access-key-id K        the session's access key ID (ASIA…)
  --outcome success|failure
  --from T, --to T         ISO 8601 times (from inclusive, to exclusive), e.g. 2026-11-16T09:00:00Z
  --json                   print {"sessions": [...]}: GET /api/sessions's sessions, every page merged
  --csv                    print the dashboard's CSV export (GET /api/sessions?format=csv)
  --snapshot DIR | --demo  the data source (default: as the server, from ROLECALL_SOURCE)

exit status: 0 answered (also when nothing matches); 1 the read failed; 2 bad usage

examples:
  rolecall sessions --demo --outcome failure
  rolecall sessions --role arn:aws:iam::111111111111:role/power-user --from 2026-11-01 --csv > sessions.csv
  rolecall sessions --access-key-id ASIAEXAMPLE7Q2N4Z5XY --json | jq '.sessions[0].activity'`,
  async run(ctx, argv) {
    const { query, format } = sessionsQuery(argv);
    try {
      if (format === "csv") {
        const { SessionsQuery, sessionsCsvOf } = await import("@/lib/api/sessions");
        const q = SessionsQuery.parse(query);
        for (let round = 0; ; round++) {
          try {
            const { csv, truncatedFrom } = await sessionsCsvOf({ ...q, wait: WAIT_MS });
            ctx.stdout.write(csv);
            if (truncatedFrom !== null) ctx.stderr.write(`rolecall sessions: ${truncatedFrom} sessions match; the CSV has the first ${csv.split("\r\n").length - 2} (narrow the filters for the rest)\n`);
            return 0;
          } catch (e) {
            const err = e as { code?: string; extra?: { progress?: { message: string; events: number } | null } };
            if (err?.code !== "read_in_progress" || round >= MAX_ROUNDS) throw e;
            progress(ctx, err.extra?.progress ?? null);
          }
        }
      }
      const all = await allSessions(ctx, query);
      for (const p of all.problems) ctx.stderr.write(`rolecall sessions: ${p.file}: ${p.message}\n`);
      for (const n of all.notes) ctx.stderr.write(`rolecall sessions: ${n}\n`);
      ctx.stdout.write(format === "json" ? `${JSON.stringify({ sessions: all.sessions }, null, 2)}\n` : renderSessions(all.sessions, style(ctx.color)));
      return 0;
    } catch (e) {
      rethrowForCli("sessions", e, FLAGS);
    }
  },
};
