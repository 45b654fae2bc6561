"use client";

import { useEffect, useRef, useState } from "react";
import { btn } from "@/components/ui/buttons";

interface Props {
  text: string;
  /** what is copied, for screen readers: "Copy the assume-role command" */
  label: string;
  className?: string;
  /** called when the clipboard refused, so that the caller can select the text for a manual copy */
  onManual?: () => void;
}

/** Copies text to the clipboard and says so for two seconds. */
export function CopyButton({ text, label, className = "", onManual }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
      onManual?.();
    }
    timer.current = setTimeout(() => setState("idle"), 2000);
  };

  return (
    <button type="button" className={`${btn.small} ${className}`} onClick={() => void copy()} aria-label={label} data-testid="copy">
      {state === "copied" ? (
        <>
          <svg viewBox="0 0 16 16" className="size-3.5 text-emerald-600" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
            <path d="M3.5 8.5l3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Copied
        </>
      ) : state === "failed" ? (
        "Press Ctrl+C"
      ) : (
        <>
          <svg viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden>
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 5.5v-2a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
          </svg>
          Copy
        </>
      )}
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Copied to the clipboard" : ""}
      </span>
    </button>
  );
}
