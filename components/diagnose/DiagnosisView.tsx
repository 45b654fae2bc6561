"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { arnName, principalHref, roleHref } from "@/lib/ui/iam-format";
import { Chip } from "@/components/ui/chips";
import { CopyButton } from "@/components/ui/CopyButton";
import { CheckCard } from "./CheckCard";
import { FixCard } from "./FixCard";
import { Needs, type NeedAction } from "./Needs";
import { RecentFailures } from "@/components/sessions/RecentFailures";
import { Alternatives } from "./Alternatives";

const VERDICT = {
  allowed: {
    title: "Allowed",
    tone: "border-emerald-300 bg-emerald-50 text-emerald-950",
    accent: "bg-emerald-600",
    icon: "M5 12.5l4.5 4.5L19 7.5",
  },
  denied: {
    title: "Denied",
    tone: "border-red-300 bg-red-50 text-red-950",
    accent: "bg-red-600",
    icon: "M6 6l12 12M18 6L6 18",
  },
  unknown: {
    title: "Unknown",
    tone: "border-amber-300 bg-amber-50 text-amber-950",
    accent: "bg-amber-500",
    icon: "M12 7v6m0 4h.01",
  },
} as const;

interface Props {
  result: DiagnoseResult;
  onNeed: (a: NeedAction) => void;
  pending: boolean;
  stale: boolean;
}

export function DiagnosisView({ result, onNeed, pending, stale }: Props) {
  const v = VERDICT[result.verdict];
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(result.checks.filter((c) => c.status === "fail" || c.status === "unknown").map((c) => c.id)));
  const unknownKeys = useMemo(() => [...new Set(result.checks.flatMap((c) => c.unknownKeys ?? []))], [result]);
  const unknownChecks = result.checks.filter((c) => c.status === "unknown");
  const failing = result.checks.filter((c) => c.status === "fail");
  const counts = useMemo(() => {
    const c = { fail: 0, unknown: 0, pass: 0, "not-applicable": 0 };
    for (const ch of result.checks) c[ch.status] += 1;
    return c;
  }, [result]);
  const principalIsArn = result.principal.startsWith("arn:");
  const who = arnName(result.principal);
  const role = arnName(result.role);

  const toggle = (id: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <div className={`space-y-4 transition-opacity ${pending ? "opacity-60" : ""}`} data-testid="diagnosis">
      {stale && !pending && (
        <p className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-xs text-zinc-600" data-testid="stale-note">
          The form changed since this diagnosis. Diagnose again to update it.
        </p>
      )}
      <section className={`overflow-hidden rounded-lg border ${v.tone}`} data-testid="verdict" data-verdict={result.verdict} aria-labelledby="verdict-title">
        <div className="flex gap-3 p-4">
          <span className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full ${v.accent} text-white`} aria-hidden>
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round">
              <path d={v.icon} />
            </svg>
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-[11px] font-semibold tracking-wider uppercase opacity-70">sts:AssumeRole</p>
            <h2 id="verdict-title" tabIndex={-1} className="text-2xl leading-tight font-semibold tracking-tight focus:outline-none" data-testid="verdict-title">
              {v.title}
            </h2>
            <p className="mt-1 text-[13px]" data-testid="verdict-summary">
              {result.verdict === "allowed" && (
                <>
                  <strong className="font-semibold">{who}</strong> can assume <strong className="font-semibold">{role}</strong> with these session parameters: every check passes.
                </>
              )}
              {result.verdict === "denied" && (
                <>
                  <strong className="font-semibold">{who}</strong> cannot assume <strong className="font-semibold">{role}</strong>:{" "}
                  {failing.length === 1 ? "one check fails." : `${failing.length} checks fail.`}
                </>
              )}
              {result.verdict === "unknown" && (
                <>
                  RoleCall cannot tell whether <strong className="font-semibold">{who}</strong> can assume <strong className="font-semibold">{role}</strong>: no check fails, but{" "}
                  {unknownChecks.length === 1 ? "one depends" : `${unknownChecks.length} depend`} on facts it does not have. It will not guess.
                </>
              )}
            </p>
            {(failing.length > 0 || unknownChecks.length > 0) && (
              <p className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" data-testid="blocked-by">
                <span className="font-medium">{failing.length > 0 ? "Blocked by" : "Undecided"}</span>
                {(failing.length > 0 ? failing : unknownChecks).map((c) => (
                  <a
                    key={c.id}
                    href={`#check-${c.id}`}
                    className={`rounded-full border bg-white px-2 py-px font-medium hover:underline ${failing.length > 0 ? "border-red-300 text-red-800" : "border-amber-300 text-amber-900"}`}
                    data-check={c.id}
                  >
                    {c.title}
                  </a>
                ))}
              </p>
            )}
          </div>
        </div>
        {result.error && (
          <div className="border-t border-black/5 bg-white/70 px-4 py-2.5">
            <div className="flex items-center gap-2">
              <p className="text-xs font-medium text-zinc-700">STS would answer</p>
              {result.errorCode && (
                <Chip tone="red" testId="error-code">
                  {result.errorCode}
                </Chip>
              )}
              <span className="ml-auto">
                <CopyButton text={result.error} label="Copy the predicted error" testId="copy-error" />
              </span>
            </div>
            <pre className="mt-1.5 rounded-md border border-zinc-200 bg-zinc-900 px-3 py-2 font-mono text-[12px] leading-relaxed break-words whitespace-pre-wrap text-zinc-100" data-testid="predicted-error">
              {result.error}
            </pre>
            {/ (because no|with an explicit deny in) /.test(result.error) && (
              <p className="mt-1 text-[11px] text-zinc-600">
                STS names one policy type even when several deny; some answers leave the reason after the role ARN out (always across accounts).
              </p>
            )}
          </div>
        )}
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 border-t border-black/5 bg-white/60 px-4 py-2 text-xs">
          <dt className="text-zinc-500">Principal</dt>
          <dd className="flex min-w-0 flex-wrap items-baseline gap-x-2">
            <span className="font-mono break-all text-zinc-800" data-testid="result-principal">
              {result.principal}
            </span>
            {principalIsArn && (
              <Link href={principalHref(result.principal)} className="text-accent-700 hover:underline">
                What can {who} assume?
              </Link>
            )}
          </dd>
          <dt className="text-zinc-500">Role</dt>
          <dd className="flex min-w-0 flex-wrap items-baseline gap-x-2">
            <span className="font-mono break-all text-zinc-800" data-testid="result-role">
              {result.role}
            </span>
            {!result.blockedBy.includes("role-exists") && (
              <Link href={roleHref(result.role)} className="text-accent-700 hover:underline">
                Open the role
              </Link>
            )}
          </dd>
        </dl>
      </section>

      {result.warnings.length > 0 && (
        <section className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-950" aria-labelledby="role-warnings-title" data-testid="role-warnings">
          <h2 id="role-warnings-title" className="text-[13px] font-semibold">
            {result.verdict === "allowed" ? "Allowed, but the role page warns" : "The role page also warns"}
          </h2>
          <ul className="mt-1.5 list-disc space-y-1 pl-5 text-xs">
            {result.warnings.map((w) => (
              <li key={w.code} data-warning={w.code}>
                {w.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Alternatives result={result} />

      {principalIsArn && result.verdict !== "allowed" && <RecentFailures principal={result.principal} role={result.role} />}

      <Needs keys={unknownKeys} onAction={onNeed} disabled={pending} />

      <section aria-labelledby="checks-title">
        <h2 id="checks-title" className="flex flex-wrap items-baseline gap-x-2 text-[13px] font-semibold text-zinc-900">
          Checks
          <span className="text-xs font-normal text-zinc-500">in the order AWS makes them</span>
          <span className="ml-auto text-xs font-normal text-zinc-500" data-testid="check-counts">
            {[
              counts.fail && `${counts.fail} fail`,
              counts.unknown && `${counts.unknown} unknown`,
              counts.pass && `${counts.pass} pass`,
              counts["not-applicable"] && `${counts["not-applicable"]} not applicable`,
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        </h2>
        <ol className="mt-2 space-y-1.5">
          {result.checks.map((c) => (
            <CheckCard key={c.id} check={c} open={open.has(c.id)} onToggle={() => toggle(c.id)} fixCount={result.fixes.filter((f) => f.target === c.id || f.covers?.includes(c.id)).length} />
          ))}
        </ol>
      </section>

      {result.notes.length > 0 && (
        <section className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs" aria-labelledby="notes-title">
          <h2 id="notes-title" className="text-[13px] font-semibold text-zinc-900">
            Worth knowing
          </h2>
          <ul className="mt-1.5 list-disc space-y-1 pl-5 text-xs text-zinc-700" data-testid="notes">
            {result.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}

      {result.fixes.length > 0 && (
        <section id="fixes" className="scroll-mt-20" aria-labelledby="fixes-title">
          <h2 id="fixes-title" className="text-[13px] font-semibold text-zinc-900">
            How to fix it
          </h2>
          <ol className="mt-2 space-y-2">
            {result.fixes.map((f, i) => (
              <FixCard key={`${f.target}:${f.title}`} fix={f} index={i} checks={result.checks} defaultOpen={i === 0 || result.fixes.length <= 2} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
