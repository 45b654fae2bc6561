"use client";

import { useRef, type ReactNode } from "react";
import { CopyButton } from "@/components/ui/CopyButton";
import { btn } from "@/components/ui/buttons";

interface Props {
  /** the text that is copied */
  code: string;
  /** what the screen shows, when it differs (masked secrets) */
  display?: string;
  /** a short name, shown above the code and in the copy button's label */
  title: string;
  hint?: ReactNode;
  /** wrap long lines (commands) instead of scrolling sideways */
  wrap?: boolean;
  testId?: string;
  tone?: "plain" | "dark";
}

/** A block of code or commands with its Copy button. */
export function CodeBlock({ code, display, title, hint, wrap = false, testId, tone = "dark" }: Props) {
  const pre = useRef<HTMLPreElement>(null);
  const selectAll = () => {
    const el = pre.current;
    if (!el) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  };
  return (
    <figure className="min-w-0" data-testid={testId}>
      <figcaption className="mb-1 flex items-end gap-2">
        <span className="min-w-0 flex-1">
          <span className="block text-xs font-medium text-zinc-700">{title}</span>
          {hint && <span className="block text-xs text-zinc-500">{hint}</span>}
        </span>
        <CopyButton text={code} label={`Copy ${title}`} onManual={selectAll} className={`${btn.small} shrink-0`} testId="copy" />
      </figcaption>
      <pre
        ref={pre}
        tabIndex={0}
        aria-label={title}
        data-testid="code"
        className={`policy-text max-h-80 overflow-auto rounded-md border px-3 py-2 ${wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre"} ${
          tone === "dark" ? "border-zinc-800 bg-zinc-900 text-zinc-100" : "border-zinc-200 bg-zinc-50 text-zinc-800"
        }`}
      >
        {display ?? code}
      </pre>
    </figure>
  );
}
