"use client";

import { useEffect, useRef, useState } from "react";
import { btn } from "./buttons";

interface Props {
  text: string;
  /** what is copied, for screen readers: "Copy the ARN" */
  label?: string;
  className?: string;
  /** the visible text; "Copy" by default */
  children?: string;
  testId?: string;
  /** called when the clipboard refused, so that the caller can select the text for a manual copy */
  onManual?: () => void;
}

/** Copies `text` to the clipboard and says "Copied" for a moment; selects nothing, logs nothing. */
export function CopyButton({ text, label, className = btn.small, children = "Copy", testId, onManual }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
      onManual?.();
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  };
  return (
    // The label stays the same in every state (a button's name should not change under the user);
    // the result is announced through a live region instead.
    <button type="button" className={className} onClick={() => void copy()} aria-label={label} data-testid={testId} data-state={state}>
      {state === "copied" ? (
        <>
          <svg viewBox="0 0 16 16" className="size-3.5 text-emerald-600" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
            <path d="M3.5 8.5l3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Copied
        </>
      ) : state === "failed" ? (
        "Copy failed: select and copy by hand"
      ) : (
        <>
          <svg viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden>
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 5.5V4a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 4v5A1.5 1.5 0 0 0 4 10.5h1.5" />
          </svg>
          {children}
        </>
      )}
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Copied to the clipboard" : state === "failed" ? "Copy failed: select and copy by hand" : ""}
      </span>
    </button>
  );
}
