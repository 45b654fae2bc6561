"use client";
// What the page says about the read itself: a live read under way (progress), what the answer
// cannot cover (notes), files that could not be read (problems), and errors with what to do.

import { btn } from "@/components/ui/buttons";
import { ApiRequestError } from "@/components/ui/http";
import type { ReadProgress } from "./api";

export function ProgressBar({ progress, what = "Reading CloudTrail", testId = "read-progress" }: { progress: ReadProgress | null; what?: string; testId?: string }) {
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="rounded-md border border-accent-200 bg-accent-50/60 px-3 py-2" data-testid={testId}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 text-xs text-accent-800">
        <span className="font-medium">{what}…</span>
        {progress?.message && <span className="text-zinc-700" data-testid="read-progress-message">{progress.message}</span>}
        {progress && (
          <span className="ml-auto text-[11px] text-zinc-500 tabular-nums">
            {progress.calls.toLocaleString("en-US")} AWS calls · {progress.events.toLocaleString("en-US")} events read
            {pct !== null ? ` · ${pct}%` : ""}
          </span>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={what}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total ? done : undefined}
        aria-valuetext={progress?.message ?? undefined}
        className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-accent-100"
      >
        {pct !== null ? (
          <div className="h-full rounded-full bg-accent-500 transition-[width] duration-500" style={{ width: `${Math.max(3, pct)}%` }} />
        ) : (
          <div className="h-full w-1/3 animate-pulse rounded-full bg-accent-400" />
        )}
      </div>
      <p className="mt-1 text-[11px] text-zinc-500">The list below holds what has been read so far and fills in as the read goes on.</p>
    </div>
  );
}

/** Notes and unreadable files, discreetly: one line each, the problems folded. */
export function ReadNotes({ notes, problems }: { notes: string[]; problems: { file: string; message: string }[] }) {
  if (notes.length === 0 && problems.length === 0) return null;
  return (
    <div className="space-y-1 text-xs text-zinc-600" data-testid="read-notes">
      {notes.map((n) => (
        <p key={n} className="flex gap-1.5">
          <svg viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0 text-zinc-500" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden>
            <circle cx="8" cy="8" r="6.25" />
            <path d="M8 7.25v4M8 4.75v.01" strokeLinecap="round" />
          </svg>
          <span>{n}</span>
        </p>
      ))}
      {problems.length > 0 && (
        <details className="group" data-testid="read-problems">
          <summary className="cursor-pointer text-amber-800 marker:text-amber-500">
            {problems.length === 1 ? "1 file could not be read" : `${problems.length} files could not be read`}: the sessions it holds are missing
          </summary>
          <ul className="mt-1 space-y-0.5 pl-4">
            {problems.map((p) => (
              <li key={p.file}>
                <span className="font-mono text-[11px] text-zinc-700">{p.file}</span>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function titleOf(e: unknown, what: string): string {
  if (!(e instanceof ApiRequestError)) return `The ${what} could not be loaded`;
  if (e.code === "not_configured") return "Sessions are not configured";
  if (e.status === 429) return "Too many requests for now";
  if (e.code === "cloudtrail_read_failed") return "CloudTrail could not be read";
  if (e.status === 400) return "The search is not valid";
  if (e.status === 0) return "The server could not be reached";
  return `The ${what} could not be loaded`;
}

export function ErrorBox({ error, what, onRetry, onClear, testId }: { error: unknown; what: string; onRetry?: () => void; onClear?: () => void; testId?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiRequestError ? error.issues.filter((i) => !message.includes(i.message)) : [];
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-[13px] text-red-900" data-testid={testId}>
      <p className="font-semibold">{titleOf(error, what)}</p>
      <p className="mt-1 text-xs whitespace-pre-wrap" data-testid="error-message">
        {message}
      </p>
      {issues.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {issues.map((i) => (
            <li key={`${i.path.join(".")}:${i.message}`}>
              {i.path.length ? <code>{i.path.join(".")}</code> : null}
              {i.path.length ? ": " : ""}
              {i.message}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex gap-2">
        {onRetry && (
          <button type="button" className={btn.secondary} onClick={onRetry}>
            Try again
          </button>
        )}
        {onClear && (
          <button type="button" className={btn.secondary} onClick={onClear}>
            Clear the search
          </button>
        )}
      </div>
    </div>
  );
}
