"use client";
// A role's recent sessions as a compact table, for other pages (a role's page): newest first,
// each row linking to that session on /sessions, and "See all" for the full search.

import Link from "next/link";
import { useMemo } from "react";
import { formatTime, sessionSeconds, shortCaller, shortDuration } from "@/lib/ui/session-format";
import { plural } from "@/lib/ui/timeline-axis";
import { Spinner } from "@/components/ui/Spinner";
import { useSessionsPage } from "./api";
import { LabelChip, OutcomeChip } from "./chips";
import { ProgressBar } from "./ReadStatus";
import { sessionId } from "./SessionsTable";

interface Props {
  /** the role's ARN (or its name) */
  role: string;
  /** how many sessions to show; 5 by default */
  limit?: number;
}

export function sessionsHref(filters: Record<string, string>, session?: string): string {
  const p = new URLSearchParams(filters);
  if (session) p.set("session", session);
  return `/sessions?${p}`;
}

export function RecentSessions({ role, limit = 5 }: Props) {
  const params = useMemo(() => new URLSearchParams({ role }), [role]);
  const { data, error, isPending } = useSessionsPage(params, limit);
  const all = sessionsHref({ role });

  return (
    <section aria-labelledby="recent-sessions-title" className="rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="recent-sessions">
      <div className="flex items-baseline gap-2 border-b border-zinc-100 px-3 py-2">
        <h2 id="recent-sessions-title" className="text-[13px] font-semibold text-zinc-900">
          Recent sessions
        </h2>
        {data && <span className="text-xs text-zinc-500">{plural(data.total, "session")} in CloudTrail{data.partial ? " so far" : ""}</span>}
        <Link href={all} className="ml-auto text-xs font-medium text-accent-700 hover:underline" data-testid="recent-sessions-all">
          See all<span className="sr-only"> sessions of this role</span> →
        </Link>
      </div>
      {data?.partial && (
        <div className="px-3 pt-2">
          <ProgressBar progress={data.progress} />
        </div>
      )}
      {isPending ? (
        <p className="flex items-center gap-2 px-3 py-3 text-xs text-zinc-500">
          <Spinner className="size-3.5" /> Reading CloudTrail…
        </p>
      ) : error ? (
        <p role="alert" className="px-3 py-3 text-xs text-red-800">
          The sessions could not be loaded: {error.message}
        </p>
      ) : data.sessions.length === 0 ? (
        <p className="px-3 py-3 text-xs text-zinc-500" data-testid="recent-sessions-empty">
          {data.partial ? "No sessions read yet." : "No one has assumed this role in the CloudTrail read."}
        </p>
      ) : (
        <table className="w-full table-fixed text-xs">
          <caption className="sr-only">The role&apos;s most recent sessions, newest first (times in UTC)</caption>
          <colgroup>
            <col className="w-36" />
            <col />
            <col className="w-[32%]" />
            <col className="w-32" />
            <col className="w-16" />
          </colgroup>
          <thead className="text-left text-[11px] text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-1.5 font-medium">
                Time (UTC)
              </th>
              <th scope="col" className="px-3 py-1.5 font-medium">
                Session name
              </th>
              <th scope="col" className="px-3 py-1.5 font-medium">
                Caller
              </th>
              <th scope="col" className="px-3 py-1.5 font-medium">
                Outcome
              </th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">
                Calls
              </th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr key={s.eventId} className="border-t border-zinc-100 hover:bg-zinc-50" data-testid="recent-session" data-outcome={s.outcome}>
                <td className="px-3 py-1.5 font-mono whitespace-nowrap text-zinc-600">
                  <Link href={sessionsHref({ role }, sessionId(s))} className="rounded hover:text-accent-700 hover:underline">
                    {formatTime(s.eventTime)}
                  </Link>
                </td>
                <td className="truncate px-3 font-mono text-zinc-800" title={s.roleSessionName ?? undefined}>
                  {s.roleSessionName}
                  {s.label && (
                    <span className="ml-1.5">
                      <LabelChip label={s.label} />
                    </span>
                  )}
                </td>
                <td className="truncate px-3 font-mono text-zinc-700" title={s.caller}>
                  {shortCaller(s.caller)}
                </td>
                <td className="px-3">
                  <OutcomeChip session={s} />
                </td>
                <td className="px-3 text-right text-zinc-700 tabular-nums" title={shortDuration(sessionSeconds(s)) ? `lasted ${shortDuration(sessionSeconds(s))}` : undefined}>
                  {s.activity ? s.activity.count : <span className="text-zinc-500">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
