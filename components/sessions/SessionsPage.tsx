"use client";
// /sessions: who assumed which role, when, from where, and what did they do. The search lives in
// the address bar (/sessions?role=<ARN>&principal=<ARN>&outcome=failure&session=<key or event ID>),
// so that other pages can link to it and a search can be shared.

import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import type { RoleSession, SessionRef } from "@/lib/sessions/group";
import { formatShortTime } from "@/lib/ui/session-format";
import { apiParams, describeSearch, emptySearch, emptySentence, hasFilters, searchFromQuery, searchToQuery, type SessionSearch } from "@/lib/ui/sessions-search";
import { plural } from "@/lib/ui/timeline-axis";
import { btn } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { resolveRef, sessionsUrl, useSessionLookup, useSessionsPages, useTimeline } from "./api";
import { ErrorBox, ProgressBar, ReadNotes } from "./ReadStatus";
import { SearchForm } from "./SearchForm";
import { SessionPanel } from "./SessionPanel";
import { SessionsTable, TableSkeleton, sessionId } from "./SessionsTable";
import { Timeline } from "./Timeline";
import { useHealth } from "@/components/shell/useHealth";

const Kbd = ({ children }: { children: string }) => <kbd className="rounded border border-zinc-300 bg-white px-1 font-sans">{children}</kbd>;

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

const NO_FILTERS = new URLSearchParams();

export function SessionsPage() {
  const params = useSearchParams();
  const query = params.toString();
  const searchKey = searchToQuery(searchFromQuery(query));
  const search = useMemo(() => searchFromQuery(searchKey), [searchKey]);
  const openId = params.get("session");
  const client = useQueryClient();

  // rolling windows ("last 7 days") are resolved when the search is made, not on every render
  const [now, setNow] = useState(() => Date.now());
  // A snapshot (and the demo) ends where its files end: "last 7 days" counts back from its latest
  // event, not from today, which may be weeks later.
  const health = useHealth();
  const fixedData = health.data?.source === "demo" || health.data?.source === "snapshot";
  const newest = useSessionsPages(NO_FILTERS, { limit: 1, enabled: fixedData && !!search.range });
  const latestEvent = newest.data?.pages[0]?.sessions[0]?.eventTime ?? null;
  const anchor = fixedData && latestEvent ? Date.parse(latestEvent) + 60_000 : now;
  const api = useMemo(() => apiParams(search, anchor), [search, anchor]);
  const list = useSessionsPages(api);
  const timeline = useTimeline(api);
  const [extra, setExtra] = useState<RoleSession[]>([]);
  const [resolving, setResolving] = useState<string | null>(null);
  const [refError, setRefError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** the session whose panel takes the focus once it shows */
  const focusPanel = useRef<string | null>(null);
  const revealPanel = useRef<string | null>(null);

  const pages = list.data?.pages;
  const rows = useMemo(() => pages?.flatMap((p) => p.sessions) ?? [], [pages]);
  const first = pages?.[0];
  const last = pages?.[pages.length - 1];
  const total = first?.total ?? 0;
  const partial = pages?.some((p) => p.partial) ?? false;
  const known = useMemo(() => [...rows, ...extra], [rows, extra]);
  const lookup = useSessionLookup(openId, known, api);

  const go = (s: SessionSearch, session: string | null, how: "push" | "replace" = "push") => {
    const q = searchToQuery(s, session);
    const url = q ? `/sessions?${q}` : "/sessions";
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (how === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };

  const apply = (next: SessionSearch) => {
    setNow(Date.now());
    go(next, openId);
  };
  const filterBy = (patch: Partial<SessionSearch>) => apply({ ...search, ...patch });
  const open = (s: RoleSession) => {
    // on narrow screens the panel sits below the table: bring it into view
    if (window.matchMedia("(max-width: 1023px)").matches) revealPanel.current = sessionId(s);
    go(search, sessionId(s), openId ? "replace" : "push");
  };
  const close = () => {
    const id = openId;
    go(search, null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-session="${id}"]`)?.focus());
  };
  const openRef = (ref: SessionRef) => {
    const key = ref.accessKeyId ?? `${ref.roleArn}|${ref.roleSessionName}|${ref.eventTime}`;
    setResolving(key);
    setRefError(null);
    resolveRef(client, ref)
      .then((s) => {
        if (!s) {
          setRefError("That session is not in the CloudTrail read.");
          return;
        }
        setExtra((e) => (e.some((x) => x.eventId === s.eventId) ? e : [...e, s]));
        focusPanel.current = sessionId(s);
        go(search, sessionId(s), "push");
      })
      .catch((e: unknown) => setRefError(e instanceof Error ? e.message : String(e)))
      .finally(() => setResolving(null));
  };

  // After following the chain, the button that was clicked is gone: the panel's title takes the focus.
  useEffect(() => {
    if (focusPanel.current && openId === focusPanel.current && lookup.session && sessionId(lookup.session) === openId) {
      focusPanel.current = null;
      headingRef.current?.focus();
    }
    if (revealPanel.current && revealPanel.current === openId) {
      revealPanel.current = null;
      document.querySelector('[data-testid="session-panel"]')?.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });

  const focusTable = () => {
    const row = document.querySelector<HTMLElement>('[data-testid="session-row"][tabindex="0"]');
    row?.focus();
    row?.scrollIntoView({ block: "nearest" });
  };

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    if (e.key === "/") {
      e.preventDefault();
      nameRef.current?.focus();
      nameRef.current?.select();
    } else if (e.key === "Escape" && openId) {
      e.preventDefault();
      close();
    }
  });
  useEffect(() => {
    const h = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", h);
    return () => window.removeEventListener("keydown", h);
  }, []);

  const filtered = hasFilters(search);
  const failed = !!list.error && !list.data;
  const words = describeSearch(search);
  const csvHref = sessionsUrl(api, { format: "csv" });
  const panelOpen = !!openId;
  const win = first?.window ?? null;

  let body;
  if (list.isPending) body = <TableSkeleton />;
  else if (failed)
    body = <ErrorBox error={list.error} what="sessions" onRetry={() => void list.refetch()} onClear={filtered ? () => apply(emptySearch()) : undefined} testId="sessions-error" />;
  else if (rows.length === 0 && !partial)
    body = (
      <div className="rounded-lg border border-zinc-200 bg-white px-6 py-10 text-center shadow-xs" data-testid="sessions-empty">
        <p className="text-[13px] font-semibold text-zinc-900">{filtered ? "No sessions match" : "No role sessions in CloudTrail"}</p>
        <p className="mx-auto mt-1 max-w-xl text-xs text-zinc-600">
          {filtered
            ? emptySentence(search, fixedData && latestEvent ? latestEvent : null)
            : win
              ? `No AssumeRole call was logged between ${formatShortTime(win.from)} and ${formatShortTime(win.to)} UTC.`
              : "The CloudTrail files hold no AssumeRole calls."}
        </p>
        {search.roleSessionName && (
          <p className="mx-auto mt-1 max-w-xl text-xs text-zinc-500">Session names match exactly: “{search.roleSessionName}” does not find “{search.roleSessionName}-test”. To see everything one person did, search by caller instead.</p>
        )}
        {filtered && (
          <button type="button" className={`${btn.secondary} mt-3`} onClick={() => apply(emptySearch())}>
            Clear all filters
          </button>
        )}
      </div>
    );
  else
    body = (
      <SessionsTable
        rows={rows}
        total={total}
        openId={openId}
        onOpen={open}
        compact={panelOpen}
        dimmed={list.isPlaceholderData}
        hasMore={!!list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
      />
    );

  return (
    <div className="mx-auto max-w-[1600px] px-4 pb-8">
      <div className="py-2.5">
        <h1 className="text-lg leading-tight font-semibold tracking-tight text-zinc-900">Sessions</h1>
        <p className="text-xs text-zinc-500">Who assumed which role, when, from where, and what they did: every AssumeRole call in CloudTrail, failed attempts included.</p>
      </div>

      <SearchForm ref={nameRef} search={search} onApply={apply} onToTable={focusTable} />

      {/* when the list cannot be read, its error says it all: the chart would only repeat it */}
      <div className={failed ? "hidden" : "mt-3"}>
        <Timeline
          data={timeline.data}
          loading={timeline.isPending}
          fetching={timeline.isFetching}
          error={timeline.error}
          onPick={(from, to) => apply({ ...search, from, to, range: "" })}
          zoomed={!!(search.from || search.to || search.range)}
          onZoomOut={() => apply({ ...search, from: "", to: "", range: "" })}
        />
      </div>

      <div className={failed ? "hidden" : "mt-4 mb-2 flex flex-wrap items-center gap-x-3 gap-y-1"}>
        <p className="text-[13px] text-zinc-800" aria-live="polite" data-testid="sessions-count">
          {list.isPending ? (
            <span className="text-zinc-500">Loading…</span>
          ) : failed ? null : (
            <>
              <span className="font-semibold tabular-nums" data-testid="sessions-total">
                {filtered ? `${plural(total, "session")} match` : plural(total, "session")}
              </span>
              {partial && <span className="text-zinc-500"> so far</span>}
            </>
          )}
        </p>
        {filtered && words.length > 0 && !list.isPending && (
          <p className="text-xs text-zinc-500" data-testid="search-words">
            {words.join(" · ")}
            {search.range && fixedData && latestEvent ? ` · counted back from the latest event in the CloudTrail read, ${formatShortTime(latestEvent)} UTC` : ""}
          </p>
        )}
        {win && (
          <p className="text-xs text-zinc-500" data-testid="read-window">
            read from CloudTrail, {formatShortTime(win.from)} – {formatShortTime(win.to)} UTC
          </p>
        )}
        {list.isFetching && !list.isPending && !list.isFetchingNextPage && <Spinner className="size-3.5 text-zinc-500" />}
        <a href={csvHref} download="rolecall-sessions.csv" className={`${btn.secondary} ml-auto py-1 text-xs`} data-testid="csv-export" title="Every session that matches the search, as CSV">
          <svg viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
            <path d="M8 2.5v7.5m0 0 3-3m-3 3-3-3M3 12.5h10" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Export CSV
        </a>
      </div>

      {partial && (
        <div className="mb-2">
          <ProgressBar progress={last?.progress ?? first?.progress ?? null} />
        </div>
      )}
      {first && (
        <div className="mb-2">
          <ReadNotes notes={first.notes} problems={first.problems} />
        </div>
      )}
      {list.error && list.data && (
        <p role="alert" className="mb-2 text-xs text-red-700">
          The last refresh failed: {list.error.message}
        </p>
      )}

      <div className={`${failed ? "mt-3 " : ""}${panelOpen ? "grid items-start gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(30rem,40%)]" : ""}`}>
        <div className="min-w-0">{body}</div>
        {panelOpen && (
          <div className="min-w-0">
            {refError && (
              <p role="alert" className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
                {refError}
              </p>
            )}
            <SessionPanel
              key={openId}
              ref={headingRef}
              id={openId}
              session={lookup.session}
              loading={lookup.isLoading}
              error={lookup.error}
              onClose={close}
              onOpenRef={openRef}
              resolving={resolving}
              onFilter={filterBy}
            />
          </div>
        )}
      </div>
      <p className="mt-2 text-[11px] text-zinc-500">
        <Kbd>↑</Kbd> <Kbd>↓</Kbd> move through the sessions, <Kbd>Enter</Kbd> opens one, <Kbd>Esc</Kbd> closes it, <Kbd>/</Kbd> searches by session name. Times are UTC.
      </p>
    </div>
  );
}
