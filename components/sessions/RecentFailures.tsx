"use client";
// A caller's recent failed attempts to assume a role, with STS's messages: for the diagnose page,
// next to the verdict ("and this is what happened when they tried"). Renders nothing when there
// are none, unless `showNone` asks for a one-line "no failed attempts".

import Link from "next/link";
import { useMemo } from "react";
import { formatTime } from "@/lib/ui/session-format";
import { Spinner } from "@/components/ui/Spinner";
import { useSessionsPage } from "./api";
import { sessionsHref } from "./RecentSessions";
import { sessionId } from "./SessionsTable";

interface Props {
  /** the caller's ARN, as CloudTrail logs it */
  principal: string;
  /** the role's ARN (or its name) */
  role: string;
  /** how many to show; 3 by default */
  limit?: number;
  /** say "No failed attempts in CloudTrail" instead of rendering nothing */
  showNone?: boolean;
}

export function RecentFailures({ principal, role, limit = 3, showNone = false }: Props) {
  const filters = useMemo(() => ({ principal, role, outcome: "failure" }), [principal, role]);
  const params = useMemo(() => new URLSearchParams(filters), [filters]);
  const { data, isPending, error } = useSessionsPage(params, limit);

  if (isPending) {
    return showNone ? (
      <p className="flex items-center gap-2 text-xs text-zinc-500" data-testid="recent-failures-loading">
        <Spinner className="size-3" /> Looking for failed attempts in CloudTrail…
      </p>
    ) : null;
  }
  // a page that embeds this has its own job: a CloudTrail problem is said in one quiet line
  if (error) return showNone ? <p className="text-xs text-zinc-500">CloudTrail could not be read: {error.message}</p> : null;
  if (data.sessions.length === 0) {
    return showNone && !data.partial ? (
      <p className="text-xs text-zinc-500" data-testid="recent-failures-none">
        No failed attempts in CloudTrail.
      </p>
    ) : null;
  }
  return (
    <section aria-labelledby="recent-failures-title" className="rounded-lg border border-red-200 bg-red-50/60 px-3 py-2.5" data-testid="recent-failures">
      <div className="flex items-baseline gap-2">
        <h2 id="recent-failures-title" className="text-[13px] font-semibold text-red-900">
          {data.total === 1 ? "1 failed attempt in CloudTrail" : `${data.total} failed attempts in CloudTrail`}
          {data.partial ? " so far" : ""}
        </h2>
        <Link href={sessionsHref(filters)} className="ml-auto text-xs font-medium text-accent-700 hover:underline" data-testid="recent-failures-all">
          {data.total > data.sessions.length ? "See all" : "Open in Sessions"} →
        </Link>
      </div>
      <ul className="mt-1.5 space-y-1.5">
        {data.sessions.map((s) => (
          <li key={s.eventId} className="text-xs" data-testid="recent-failure">
            <Link href={sessionsHref(filters, sessionId(s))} className="font-mono text-[11px] text-zinc-600 hover:text-accent-700 hover:underline">
              <time dateTime={s.eventTime}>{formatTime(s.eventTime)} UTC</time>
            </Link>
            <span className="ml-2 font-mono text-[11px] font-semibold text-red-800">{s.errorCode}</span>
            {s.roleSessionName && <span className="ml-2 font-mono text-[11px] text-zinc-500">session {s.roleSessionName}</span>}
            {s.errorMessage && <p className="mt-0.5 font-mono text-[11.5px] break-words text-red-900">{s.errorMessage}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
