"use client";
// The sessions, newest first. Rows are focusable (one tab stop for the table: the arrow keys move
// between rows, Home/End jump, Enter opens the session). With the session panel open the table
// keeps the columns that tell sessions apart.

import { useRef, useState, type KeyboardEvent } from "react";
import type { RoleSession } from "@/lib/sessions/group";
import { formatTime, roleParts, sessionSeconds, shortCaller, shortDuration } from "@/lib/ui/session-format";
import { btn } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { LabelChip, OutcomeChip } from "./chips";

export const sessionId = (s: RoleSession) => s.accessKeyId ?? s.eventId;

interface Props {
  rows: RoleSession[];
  total: number;
  /** the session open in the panel */
  openId: string | null;
  onOpen: (s: RoleSession) => void;
  compact: boolean;
  dimmed: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

function Activity({ s }: { s: RoleSession }) {
  if (!s.activity) return <span className="text-zinc-500" aria-label="no activity: the attempt failed">—</span>;
  const a = s.activity;
  return (
    <span className="inline-flex flex-col items-end leading-tight" title={a.top.length ? `Most frequent: ${a.top.map((t) => `${t.eventName} ×${t.count}`).join(", ")}` : "No calls were signed with this session's key"}>
      <span className={`tabular-nums ${a.count === 0 ? "text-zinc-500" : "font-medium text-zinc-800"}`} data-testid="activity-count">
        {a.partial ? "≥ " : ""}
        {a.count}
      </span>
      {a.errors > 0 && <span className="text-[11px] text-red-700 tabular-nums">{a.errors} failed</span>}
    </span>
  );
}

export function RoleCell({ roleArn }: { roleArn: string | null }) {
  const r = roleParts(roleArn);
  return (
    <div className="min-w-0" title={roleArn ?? undefined}>
      <div className="flex min-w-0 items-baseline gap-0.5">
        {r.path !== "/" && <span className="shrink-0 font-mono text-[11px] text-zinc-500">{r.path.slice(1)}</span>}
        <span className="truncate font-medium text-zinc-900">{r.name}</span>
      </div>
      {r.account && <div className="font-mono text-[11px] text-zinc-500">{r.account}</div>}
    </div>
  );
}

export function SessionsTable({ rows, total, openId, onOpen, compact, dimmed, hasMore, loadingMore, onLoadMore }: Props) {
  const [focusIndex, setFocusIndex] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const current = Math.min(focusIndex, Math.max(0, rows.length - 1));

  const focusRow = (i: number) => {
    setFocusIndex(i);
    const el = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`);
    el?.focus();
    el?.scrollIntoView({ block: "nearest" });
  };

  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number) => {
    let next: number | null = null;
    if (e.key === "ArrowDown") next = Math.min(rows.length - 1, i + 1);
    else if (e.key === "ArrowUp") next = Math.max(0, i - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = rows.length - 1;
    else if (e.key === "PageDown") next = Math.min(rows.length - 1, i + 10);
    else if (e.key === "PageUp") next = Math.max(0, i - 10);
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onOpen(rows[i]!);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    focusRow(next);
  };

  const th = "px-3 py-2 text-left text-xs font-medium text-zinc-600";
  // Columns by width (no sideways scrolling): on a phone one card-like cell (role, outcome, time,
  // caller); from sm the columns, more of them as the screen widens. `show` gives a column's cells.
  const show = {
    wide: "hidden sm:table-cell",
    name: "hidden md:table-cell",
    more: compact ? "hidden" : "hidden lg:table-cell",
    most: compact ? "hidden" : "hidden xl:table-cell",
  };
  return (
    <div className="rounded-lg border border-zinc-200 bg-white shadow-xs">
      <table className={`w-full table-fixed border-collapse text-[13px] ${dimmed ? "opacity-60 transition-opacity" : ""}`} aria-label="Role sessions, newest first" aria-rowcount={total + 1} data-testid="sessions-table">
        <thead className="border-b border-zinc-200 bg-zinc-50">
          <tr aria-rowindex={1}>
            <th scope="col" className={`${th} sm:hidden`}>
              Session <span className="font-normal text-zinc-500">(time UTC)</span>
            </th>
            <th scope="col" className={`${th} ${show.wide} w-[9.5rem]`}>
              Time <span className="font-normal text-zinc-500">UTC</span>
            </th>
            <th scope="col" className={`${th} ${show.wide}`}>
              Role
            </th>
            <th scope="col" className={`${th} ${show.name} ${compact ? "w-32" : "w-44"}`}>
              Session name
            </th>
            <th scope="col" className={`${th} ${show.wide} ${compact ? "w-36" : "w-48 xl:w-56"}`}>
              Caller
            </th>
            <th scope="col" className={`${th} ${show.most} w-32`}>
              Source IP
            </th>
            <th scope="col" className={`${th} ${show.wide} w-36`}>
              Outcome
            </th>
            <th scope="col" className={`${th} ${show.most} w-28`}>
              Label
            </th>
            <th scope="col" className={`${th} ${show.more} w-[4.5rem] text-right`} title="Calls signed with the session's key">
              Calls
            </th>
            <th scope="col" className={`${th} ${show.more} w-20 text-right`}>
              Duration
            </th>
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {rows.map((s, i) => {
            const id = sessionId(s);
            const open = id === openId;
            return (
              <tr
                key={s.eventId}
                data-index={i}
                aria-rowindex={i + 2}
                aria-current={open ? "true" : undefined}
                data-open={open || undefined}
                tabIndex={i === current ? 0 : -1}
                onKeyDown={(e) => onKey(e, i)}
                onFocus={() => setFocusIndex(i)}
                onClick={() => {
                  setFocusIndex(i);
                  onOpen(s);
                }}
                className={`cursor-pointer border-b border-zinc-100 outline-none last:border-b-0 focus-visible:bg-accent-50/60 focus-visible:shadow-[inset_0_0_0_2px_var(--color-accent-500)] ${
                  open ? "bg-accent-50 shadow-[inset_3px_0_0_var(--color-accent-600)]" : s.outcome === "failure" ? "bg-red-50/30 hover:bg-red-50/70" : "hover:bg-zinc-50"
                }`}
                data-testid="session-row"
                data-session={id}
                data-outcome={s.outcome}
              >
                <td className="px-3 py-2 sm:hidden" data-testid="session-card">
                  <div className="flex items-start justify-between gap-2">
                    <RoleCell roleArn={s.roleArn} />
                    <OutcomeChip session={s} testId="card-outcome" />
                  </div>
                  <div className="mt-0.5 flex flex-wrap gap-x-2 font-mono text-xs text-zinc-600">
                    <time dateTime={s.eventTime}>{formatTime(s.eventTime)}</time>
                    <span className="min-w-0 truncate" title={s.caller}>
                      {shortCaller(s.caller)}
                    </span>
                  </div>
                </td>
                <td className={`${show.wide} px-3 py-2 font-mono text-xs whitespace-nowrap text-zinc-700`}>
                  <time dateTime={s.eventTime}>{formatTime(s.eventTime)}</time>
                </td>
                <td className={`${show.wide} px-3 py-1.5`}>
                  <RoleCell roleArn={s.roleArn} />
                </td>
                <td className={`${show.name} truncate px-3 font-mono text-xs text-zinc-800`} title={s.roleSessionName ?? undefined} data-testid="session-name">
                  {s.roleSessionName ?? <span className="text-zinc-500">—</span>}
                </td>
                <td className={`${show.wide} px-3 text-xs`} title={s.caller}>
                  <div className="truncate font-mono text-zinc-700" data-testid="session-caller">
                    {shortCaller(s.caller)}
                  </div>
                  {s.callerAccount && s.callerAccount !== s.roleAccount && <div className="font-mono text-[11px] text-zinc-500">from {s.callerAccount}</div>}
                </td>
                <td className={`${show.most} truncate px-3 font-mono text-xs text-zinc-600`}>{s.sourceIp ?? ""}</td>
                <td className={`${show.wide} px-3`} data-testid="session-outcome">
                  <OutcomeChip session={s} />
                </td>
                <td className={`${show.most} px-3`}>
                  <LabelChip label={s.label} />
                </td>
                <td className={`${show.more} px-3 text-right text-xs`}>
                  <Activity s={s} />
                </td>
                <td className={`${show.more} px-3 text-right text-xs whitespace-nowrap text-zinc-700 tabular-nums`} data-testid="session-duration">
                  {shortDuration(sessionSeconds(s)) || <span className="text-zinc-500">—</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {(hasMore || rows.length < total) && (
        <div className="flex items-center justify-between gap-3 border-t border-zinc-200 bg-zinc-50/60 px-3 py-2 text-xs text-zinc-600">
          <span>
            Showing {rows.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")}
          </span>
          {hasMore && (
            <button type="button" className={btn.secondary} onClick={onLoadMore} disabled={loadingMore} data-testid="load-more">
              {loadingMore && <Spinner className="size-3.5" />}
              Load more
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="sessions-loading" aria-busy="true">
      <span className="sr-only">Loading the sessions…</span>
      <div className="h-[33px] border-b border-zinc-200 bg-zinc-50" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-[46px] items-center gap-4 border-b border-zinc-100 px-3 last:border-b-0" aria-hidden>
          <div className="h-3 w-32 animate-pulse rounded bg-zinc-100" />
          <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100" />
          <div className="h-3 w-28 animate-pulse rounded bg-zinc-100" />
          <div className="h-3 w-40 animate-pulse rounded bg-zinc-100" />
          <div className="h-4 w-20 animate-pulse rounded-full bg-zinc-100" />
          <div className="h-3 w-12 animate-pulse rounded bg-zinc-100" />
        </div>
      ))}
    </div>
  );
}
