"use client";
// What a session did: every call signed with its key (GET /api/sessions/{key}/events, from the
// assumption to the expiration), oldest first; failed calls in red with their error; each call
// opens to its raw CloudTrail record.

import { useState } from "react";
import type { RoleSession } from "@/lib/sessions/group";
import { formatTime, summarizeCall, type CallSummary } from "@/lib/ui/session-format";
import { plural } from "@/lib/ui/timeline-axis";
import { btn } from "@/components/ui/buttons";
import { Chip } from "@/components/ui/chips";
import { CopyButton } from "@/components/ui/CopyButton";
import { Spinner } from "@/components/ui/Spinner";
import { useSessionEvents } from "./api";
import { ErrorBox, ProgressBar } from "./ReadStatus";

/** Where a failed call is explained: a chained AssumeRole on the diagnose page, with the session as
 * the caller; anything else on the simulate page, against the role's own policies. */
export function whyHref(call: CallSummary, session: Pick<RoleSession, "assumedRoleArn" | "roleArn">): string | null {
  const target = call.resources.find((r) => r.startsWith("arn:"));
  if (call.eventSource === "sts.amazonaws.com" && /^AssumeRole/.test(call.eventName) && target && session.assumedRoleArn) {
    return `/?${new URLSearchParams({ principal: session.assumedRoleArn, role: target })}`;
  }
  if (!session.roleArn) return null;
  return `/simulate?${new URLSearchParams({ role: session.roleArn })}#capabilities`;
}

function Call({ call, record, day, session }: { call: CallSummary; record: Record<string, unknown>; day: string; session: RoleSession }) {
  const why = call.errorCode !== null ? whyHref(call, session) : null;
  const [open, setOpen] = useState(false);
  const failed = call.errorCode !== null;
  const time = formatTime(call.time);
  const rawId = `raw-${call.id}`;
  return (
    <li
      className={`border-b border-zinc-100 py-2 pr-2 pl-3 last:border-b-0 ${failed ? "bg-red-50/70 shadow-[inset_3px_0_0_var(--color-red-500)]" : ""}`}
      data-testid="call"
      data-event-name={call.eventName}
      data-error-code={call.errorCode ?? undefined}
    >
      <div className="flex items-baseline gap-2">
        <time dateTime={call.time} className="shrink-0 font-mono text-[11px] text-zinc-500" title={`${time} UTC`}>
          {time.startsWith(day) ? time.slice(11) : time}
        </time>
        <span className="min-w-0 flex-1 truncate">
          <span className="text-[11px] text-zinc-500">{call.service}:</span>
          <span className={`font-mono text-[13px] font-medium ${failed ? "text-red-800" : "text-zinc-900"}`} data-testid="call-name">
            {call.eventName}
          </span>
        </span>
        {failed && (
          <Chip tone="red" testId="call-error-code">
            {call.errorCode}
          </Chip>
        )}
        {call.readOnly === false && !failed && <Chip tone="grey" title="The call changed something (CloudTrail: readOnly false)">write</Chip>}
      </div>
      {call.resources.length > 0 && (
        <ul className="mt-0.5 space-y-px pl-[4.1rem]">
          {call.resources.map((r) => (
            <li key={r} className="truncate font-mono text-[11px] text-zinc-600" title={r}>
              {r}
            </li>
          ))}
        </ul>
      )}
      {failed && call.errorMessage && (
        <p className="mt-1 pl-[4.1rem] text-xs break-words text-red-800" data-testid="call-error">
          {call.errorMessage}
        </p>
      )}
      {why && (
        <p className="mt-1 pl-[4.1rem] text-xs">
          <a href={why} className="inline-block py-1 font-medium text-accent-700 hover:underline" data-testid="call-why">
            Why? {why.startsWith("/?") ? "Diagnose this AssumeRole" : `Check ${call.service}:${call.eventName} against the role's policies`}
          </a>
        </p>
      )}
      <div className="mt-1 flex items-center gap-3 pl-[4.1rem] text-[11px] text-zinc-500">
        {call.sourceIp && <span className="font-mono">{call.sourceIp}</span>}
        {call.region && <span className="font-mono">{call.region}</span>}
        <button
          type="button"
          className="ml-auto inline-flex items-center gap-1 rounded text-[11px] font-medium text-accent-700 hover:underline"
          aria-expanded={open}
          aria-controls={rawId}
          onClick={() => setOpen((o) => !o)}
          data-testid="call-raw-toggle"
        >
          <svg viewBox="0 0 12 12" className={`size-2.5 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
            <path d="M4 2.5 7.5 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Raw record
        </button>
      </div>
      {open && (
        <div id={rawId} className="relative mt-1.5 ml-[4.1rem]">
          <pre className="policy-text max-h-96 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 text-[11.5px] text-zinc-800" data-testid="call-raw">
            {JSON.stringify(record, null, 2)}
          </pre>
          <CopyButton text={JSON.stringify(record, null, 2)} label="Copy the CloudTrail record" className={`${btn.small} absolute top-1.5 right-4`} />
        </div>
      )}
    </li>
  );
}

export function SessionActivity({ session }: { session: RoleSession }) {
  const q = useSessionEvents(session);
  const events = q.data?.pages.flatMap((p) => p.events) ?? [];
  const last = q.data?.pages[q.data.pages.length - 1];
  const first = q.data?.pages[0];
  const total = first?.total ?? session.activity?.count ?? 0;
  const failed = events.filter((e) => typeof e.errorCode === "string" && e.errorCode).length;
  const partial = q.data?.pages.some((p) => p.partial) ?? false;
  const notes = [...new Set(q.data?.pages.flatMap((p) => p.notes) ?? [])];
  const day = formatTime(session.eventTime).slice(0, 10);

  return (
    <section aria-labelledby="activity-title" className="mt-5" data-testid="activity">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <h3 id="activity-title" className="text-[13px] font-semibold text-zinc-900">
          Activity
        </h3>
        <p className="text-xs text-zinc-500" data-testid="activity-summary">
          {q.isPending
            ? "reading the calls signed with this key…"
            : `${plural(total, "call")} signed with this key${failed ? `, ${failed} failed` : ""}${session.expiration ? ` until ${formatTime(session.expiration).slice(11)} UTC` : ""}`}
        </p>
      </div>
      {partial && <div className="mt-2">{<ProgressBar progress={last?.progress ?? null} what="Reading this session's calls" testId="activity-progress" />}</div>}
      {notes.length > 0 && (
        <ul className="mt-1.5 space-y-0.5 text-[11px] text-zinc-500">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {q.isPending ? (
        <div className="mt-2 space-y-2" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-9 animate-pulse rounded bg-zinc-100" />
          ))}
        </div>
      ) : q.error && !q.data ? (
        <div className="mt-2">
          <ErrorBox error={q.error} what="calls" onRetry={() => void q.refetch()} testId="activity-error" />
        </div>
      ) : events.length === 0 ? (
        <p className="mt-2 rounded-md border border-dashed border-zinc-300 px-3 py-3 text-xs text-zinc-600" data-testid="activity-empty">
          {partial ? "No calls read yet." : "No call was signed with this session's key in the CloudTrail read: the credentials were not used, or their calls were logged somewhere RoleCall does not read (data events off, another Region or account)."}
        </p>
      ) : (
        <>
          <ol className="mt-2 overflow-hidden rounded-md border border-zinc-200" data-testid="calls">
            {events.map((e, i) => {
              const c = summarizeCall(e, i);
              return <Call key={c.id} call={c} record={e} day={day} session={session} />;
            })}
          </ol>
          {q.hasNextPage && (
            <button type="button" className={`${btn.secondary} mt-2 w-full`} onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage} data-testid="calls-load-more">
              {q.isFetchingNextPage && <Spinner className="size-3.5" />}
              Load more calls ({events.length} of {total})
            </button>
          )}
        </>
      )}
    </section>
  );
}
