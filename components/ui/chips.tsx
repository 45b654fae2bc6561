// Small labels with one colour vocabulary across the pages, the same as the evaluator's:
// emerald = allowed / passes, red = denied / fails, amber = unknown or conditional, zinc = not
// applicable or neutral.

import type { ReactNode } from "react";

const base = "inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-px text-[11px] font-medium whitespace-nowrap";

export const TONE = {
  green: "border-emerald-200 bg-emerald-50 text-emerald-800",
  red: "border-red-200 bg-red-50 text-red-800",
  amber: "border-amber-200 bg-amber-50 text-amber-900",
  grey: "border-zinc-200 bg-zinc-50 text-zinc-600",
  accent: "border-accent-200 bg-accent-50 text-accent-800",
  violet: "border-violet-200 bg-violet-50 text-violet-800",
  sky: "border-sky-200 bg-sky-50 text-sky-800",
} as const;
export type Tone = keyof typeof TONE;

export function Chip({ tone = "grey", children, title, testId, className = "" }: { tone?: Tone; children: ReactNode; title?: string; testId?: string; className?: string }) {
  return (
    <span className={`${base} ${TONE[tone]} ${className}`} title={title} data-testid={testId}>
      {children}
    </span>
  );
}

const DOT: Record<Tone, string> = {
  green: "bg-emerald-500",
  red: "bg-red-500",
  amber: "bg-amber-500",
  grey: "bg-zinc-400",
  accent: "bg-accent-500",
  violet: "bg-violet-500",
  sky: "bg-sky-500",
};

export function Dot({ tone }: { tone: Tone }) {
  return <span className={`size-1.5 rounded-full ${DOT[tone]}`} aria-hidden />;
}

export type CheckStatus = "pass" | "fail" | "unknown" | "not-applicable";

export const STATUS: Record<CheckStatus, { label: string; tone: Tone }> = {
  pass: { label: "pass", tone: "green" },
  fail: { label: "fail", tone: "red" },
  unknown: { label: "unknown", tone: "amber" },
  "not-applicable": { label: "not applicable", tone: "grey" },
};

export function StatusChip({ status }: { status: CheckStatus }) {
  const s = STATUS[status];
  return (
    <Chip tone={s.tone} testId="check-status">
      <Dot tone={s.tone} />
      {s.label}
    </Chip>
  );
}

export type Verdict = "allowed" | "denied" | "unknown" | "conditional";

export const VERDICT: Record<Verdict, { label: string; tone: Tone }> = {
  allowed: { label: "allowed", tone: "green" },
  denied: { label: "denied", tone: "red" },
  unknown: { label: "unknown", tone: "amber" },
  conditional: { label: "conditional", tone: "amber" },
};

export function VerdictChip({ verdict, children }: { verdict: Verdict; children?: ReactNode }) {
  const v = VERDICT[verdict];
  return (
    <Chip tone={v.tone} testId="verdict-chip">
      <Dot tone={v.tone} />
      {children ?? v.label}
    </Chip>
  );
}

/** Principal kinds: of a trust policy's principals, and of known callers. */
export const KIND_TONE: Record<string, Tone> = {
  service: "sky",
  account: "accent",
  user: "grey",
  role: "violet",
  session: "violet",
  root: "accent",
  deleted: "red",
  wildcard: "red",
  federated: "amber",
  canonical: "grey",
  invalid: "red",
};

export function KindChip({ kind }: { kind: string }) {
  return (
    <Chip tone={KIND_TONE[kind] ?? "grey"} testId="kind">
      {kind}
    </Chip>
  );
}
