"use client";

import { useId, type ReactNode } from "react";

interface Props {
  title: string;
  /** one line under the title: what the section is for */
  description?: ReactNode;
  /** shown in the header, e.g. "2 levels" or "none" */
  summary?: ReactNode;
  /** collapsible when given */
  open?: boolean;
  onToggle?: () => void;
  children: ReactNode;
  testId?: string;
}

export function Section({ title, description, summary, open = true, onToggle, children, testId }: Props) {
  const bodyId = useId();
  const heading = (
    <span className="flex min-w-0 flex-1 items-baseline gap-2">
      <span className="text-[13px] font-semibold text-zinc-900">{title}</span>
      {summary !== undefined && <span className="truncate text-xs text-zinc-500">{summary}</span>}
    </span>
  );
  return (
    <section className="rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid={testId} aria-label={title}>
      <h2 className="m-0">
        {onToggle ? (
          <button
            type="button"
            className="flex w-full items-center gap-2 rounded-lg px-3.5 py-2.5 text-left hover:bg-zinc-50"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={onToggle}
          >
            <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 text-zinc-500 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
              <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {heading}
          </button>
        ) : (
          <div className="flex items-center gap-2 px-3.5 pt-2.5 pb-1">{heading}</div>
        )}
      </h2>
      {open && (
        <div id={bodyId} className={`px-3.5 pb-3.5 ${onToggle ? "" : "pt-0.5"}`}>
          {description && <p className="mb-2.5 text-xs text-zinc-500">{description}</p>}
          {children}
        </div>
      )}
    </section>
  );
}
