"use client";

import { useId, useMemo, useState } from "react";
import type { Check, PolicyRef } from "@/lib/diagnose/types";
import type { StatementExplanation } from "@/lib/policy/explain";
import { Chip, StatusChip } from "@/components/ui/chips";
import { PolicyJson } from "@/components/evaluate/PolicyJson";

const POLICY_TYPE: Record<string, string> = {
  identity: "the caller's identity policies",
  resource: "the trust policy",
  permissionBoundary: "the permissions boundary",
  scp: "an SCP",
  rcp: "an RCP",
  session: "the session policy",
  endpoint: "the VPC endpoint policy",
};

function statementsOf(doc: unknown): Record<string, unknown>[] {
  if (!doc || typeof doc !== "object") return [];
  const s = (doc as { Statement?: unknown }).Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Record<string, unknown>[];
}

/** statement index → "allow" | "deny", from the statement's own Effect */
function marksFor(policy: PolicyRef): Map<number, "allow" | "deny"> {
  const st = statementsOf(policy.document);
  return new Map(policy.decisive.map((i) => [i, st[i]?.Effect === "Deny" ? "deny" : "allow"] as const));
}

function lineCount(doc: unknown): number {
  try {
    return JSON.stringify(doc, null, 2).split("\n").length;
  } catch {
    return 0;
  }
}

function StatementRow({ s }: { s: StatementExplanation }) {
  const deny = s.effect === "Deny";
  return (
    <li
      className={`flex gap-2 rounded px-2 py-1 text-xs ${s.decisive ? (deny ? "bg-red-50" : "bg-emerald-50") : ""}`}
      data-testid="check-statement"
      data-decisive={s.decisive ? "true" : "false"}
      data-applies={s.applies ? "true" : "false"}
    >
      <span className="w-4 shrink-0 text-center" aria-hidden>
        {s.applies ? <span className={deny ? "text-red-600" : "text-emerald-600"}>✓</span> : <span className="text-zinc-500">✗</span>}
      </span>
      <span className="min-w-0 flex-1">
        <span className="mr-1.5 inline-flex items-center gap-1.5 align-middle">
          <Chip tone={deny ? "red" : "green"}>{s.effect}</Chip>
          <span className="font-mono font-medium text-zinc-800">{s.sid ? s.sid : `statement #${s.statement}`}</span>
          {s.decisive && (
            <Chip tone="accent" className="font-semibold">
              decided
            </Chip>
          )}
        </span>
        <span className="text-zinc-700">
          <span className="sr-only">{s.applies ? "applies: " : "does not apply: "}</span>
          {s.reason}
        </span>
      </span>
    </li>
  );
}

function PolicyBlock({ policy, statements, defaultOpen }: { policy: PolicyRef; statements: StatementExplanation[]; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const marks = useMemo(() => marksFor(policy), [policy]);
  const bodyId = useId();
  const lines = useMemo(() => lineCount(policy.document), [policy.document]);
  return (
    <div className="rounded-md border border-zinc-200" data-testid="check-policy" data-policy={policy.label} data-decisive={policy.decisive.length > 0 ? "true" : "false"}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 px-2.5 pt-2">
        <h3 className="text-[13px] font-medium break-all text-zinc-900">{policy.name}</h3>
        <span className="font-mono text-[11px] text-zinc-500">{policy.label}</span>
      </div>
      {statements.length > 0 && <ul className="mt-1 space-y-0.5 px-1">{statements.map((s) => <StatementRow key={`${s.policy}#${s.statement}`} s={s} />)}</ul>}
      {policy.document != null && (
        <div className="px-2.5 pt-1 pb-2">
          <button type="button" className="inline-flex items-center gap-1 rounded text-xs font-medium text-accent-700 hover:underline" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
            <svg viewBox="0 0 16 16" className={`size-3 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
              <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {open ? "Hide the policy" : `Show the policy (${lines} lines)`}
          </button>
          {open && (
            <div id={bodyId} className="mt-1.5 max-h-[28rem] overflow-auto rounded-md">
              <PolicyJson document={policy.document} marks={marks} label={policy.name} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}

interface Props {
  check: Check;
  open: boolean;
  onToggle: () => void;
  /** the fixes that target this check, for a pointer down to them */
  fixCount: number;
}

export function CheckCard({ check, open, onToggle, fixCount }: Props) {
  const bodyId = useId();
  const policies = check.policies ?? [];
  const byPolicy = useMemo(() => {
    const m = new Map<string, StatementExplanation[]>();
    for (const s of check.statements) m.set(s.policy, [...(m.get(s.policy) ?? []), s]);
    return m;
  }, [check.statements]);
  // statements of a policy the check did not include as a document still deserve a place
  const orphanLabels = [...byPolicy.keys()].filter((l) => !policies.some((p) => p.label === l));
  const expandable = check.statements.length > 0 || policies.length > 0;
  const na = check.status === "not-applicable";
  const failing = check.status === "fail" || check.status === "unknown";
  const openPolicy = (p: PolicyRef) => p.decisive.length > 0 || (failing && policies.length === 1);

  const header = (
    <>
      <span className="flex w-28 shrink-0 pt-px">
        <StatusChip status={check.status} />
      </span>
      <span className="min-w-0 flex-1">
        <span className={`block text-[13px] font-medium ${na ? "text-zinc-500" : "text-zinc-900"}`} data-testid="check-title">
          {check.title}
        </span>
        <span className={`mt-0.5 block text-xs ${na ? "text-zinc-500" : "text-zinc-700"}`} data-testid="check-detail">
          {check.detail}
        </span>
      </span>
    </>
  );

  const tone =
    check.status === "fail" ? "border-red-200 bg-white" : check.status === "unknown" ? "border-amber-200 bg-white" : na ? "border-zinc-200 bg-zinc-50/60" : "border-zinc-200 bg-white";

  return (
    <li id={`check-${check.id}`} className={`scroll-mt-20 rounded-lg border ${tone}`} data-testid="check" data-check={check.id} data-status={check.status}>
      {expandable ? (
        <button
          type="button"
          className="flex w-full items-start gap-2 rounded-lg px-3 py-2 text-left hover:bg-zinc-50/80"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={onToggle}
          data-testid="check-toggle"
        >
          <svg viewBox="0 0 16 16" className={`mt-1 size-3.5 shrink-0 text-zinc-500 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {header}
          <span className="shrink-0 pt-0.5 text-[11px] text-zinc-500">
            {policies.length > 0 ? `${policies.length} polic${policies.length === 1 ? "y" : "ies"}` : `${check.statements.length} statement${check.statements.length === 1 ? "" : "s"}`}
          </span>
        </button>
      ) : (
        <div className="flex items-start gap-2 px-3 py-2">
          <span className="mt-1 size-3.5 shrink-0" aria-hidden />
          {header}
        </div>
      )}
      {((check.failingPolicyTypes?.length ?? 0) > 0 || (fixCount > 0 && check.status === "fail")) && (
        <div className="-mt-1 flex gap-2 px-3 pb-2 text-xs">
          <span className="size-3.5 shrink-0" aria-hidden />
          <span className="w-28 shrink-0" aria-hidden />
          <span className="min-w-0 flex-1 space-y-0.5">
            {(check.failingPolicyTypes?.length ?? 0) > 0 && (
              <span className="block text-zinc-600">Not allowed by: {check.failingPolicyTypes!.map((t) => POLICY_TYPE[t] ?? t).join(", ")}</span>
            )}
            {fixCount > 0 && check.status === "fail" && (
              <a href="#fixes" className="inline-block py-1 font-medium text-accent-700 hover:underline">
                {fixCount === 1 ? "A fix is proposed below" : `${fixCount} fixes are proposed below`} ↓
              </a>
            )}
          </span>
        </div>
      )}
      {(check.findings?.length ?? 0) > 0 && (
        <div className="-mt-1 flex gap-2 px-3 pb-2 text-xs" data-testid="check-findings">
          <span className="size-3.5 shrink-0" aria-hidden />
          <span className="w-28 shrink-0" aria-hidden />
          <ul className="min-w-0 flex-1 space-y-0.5 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-amber-950">
            {check.findings!.map((f) => (
              <li key={`${f.policy}:${f.code}:${f.statement ?? ""}`}>
                <span className="font-semibold">IAM would not accept {f.policy}</span>
                {f.statement !== undefined ? ` (statement #${f.statement})` : ""}: {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {expandable && open && (
        <div id={bodyId} className="space-y-2 border-t border-zinc-100 px-3 pt-2.5 pb-3" data-testid="check-body">
          {policies.map((p) => (
            <PolicyBlock key={p.label} policy={p} statements={byPolicy.get(p.label) ?? []} defaultOpen={openPolicy(p)} />
          ))}
          {orphanLabels.map((l) => (
            <div key={l} className="rounded-md border border-zinc-200 px-1 py-1.5">
              <p className="px-1.5 text-[13px] font-medium text-zinc-900">{byPolicy.get(l)![0]!.policyName ?? l}</p>
              <ul className="mt-1 space-y-0.5">
                {byPolicy.get(l)!.map((s) => (
                  <StatementRow key={`${s.policy}#${s.statement}`} s={s} />
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </li>
  );
}
