"use client";

import { useMemo, useState } from "react";
import type { EvaluateRequest, EvaluateResponse } from "@/lib/api/evaluate";
import type { PolicyType } from "@/lib/policy/evaluate";
import { groupExplanations, unevaluatedLabels } from "@/lib/ui/explain-groups";
import { documentForLabel, policyTitle } from "@/lib/ui/form-state";
import { btn } from "@/components/ui/buttons";
import { PolicyGroupCard, statementDomId } from "./PolicyGroupCard";

const KIND_LABEL: Record<PolicyType, string> = {
  identity: "Identity policies",
  resource: "Resource policy",
  permissionBoundary: "Permissions boundary",
  scp: "Service control policies",
  rcp: "Resource control policies",
  session: "Session policy",
  endpoint: "VPC endpoint policy",
};

const DECISION = {
  allowed: {
    title: "Allowed",
    tone: "border-emerald-300 bg-emerald-50 text-emerald-950",
    accent: "bg-emerald-600",
    chip: "border-emerald-300 bg-white text-emerald-800",
    icon: "M5 12.5l4.5 4.5L19 7.5",
  },
  explicitDeny: {
    title: "Explicit deny",
    tone: "border-red-300 bg-red-50 text-red-950",
    accent: "bg-red-600",
    chip: "border-red-300 bg-white text-red-800",
    icon: "M6 6l12 12M18 6L6 18",
  },
  implicitDeny: {
    title: "Implicit deny",
    tone: "border-amber-300 bg-amber-50 text-amber-950",
    accent: "bg-amber-500",
    chip: "border-amber-300 bg-white text-amber-900",
    icon: "M12 7v6m0 4h.01",
  },
} as const;

export interface Run {
  id: number;
  request: EvaluateRequest;
  response: EvaluateResponse;
  trust: boolean;
}

interface Props {
  run: Run;
  stale: boolean;
  onEditPolicy: (label: string) => void;
  onAddContextKeys: (keys: string[]) => void;
}

export function ResultPanel({ run, stale, onEditPolicy, onAddContextKeys }: Props) {
  const { request, response, trust } = run;
  const groups = useMemo(() => groupExplanations(response), [response]);
  const unevaluated = useMemo(() => unevaluatedLabels(request, response), [request, response]);
  const d = DECISION[response.decision];
  const deciding = useMemo(() => response.explain.filter((s) => s.decisive), [response]);
  const kindLabel = (k: PolicyType) => (k === "resource" && trust ? "Trust policy" : KIND_LABEL[k]);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [onlyWhatMatters, setOnlyWhatMatters] = useState(false);
  const findings = response.findings ?? [];
  const manyStatements = response.explain.length > 20;
  const goToStatement = (id: string) => {
    setHighlight(id);
    requestAnimationFrame(() => {
      const el = document.getElementById(id);
      if (!el) return;
      el.scrollIntoView({ block: "center", behavior: "smooth" });
      el.focus({ preventScroll: true });
    });
  };

  return (
    <div className={`space-y-3 transition-opacity ${stale ? "opacity-75" : ""}`}>
      {stale && (
        <p className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-xs text-zinc-600" data-testid="stale-note">
          The inputs changed since this result. Evaluate again to update it.
        </p>
      )}
      <section className={`overflow-hidden rounded-lg border ${d.tone}`} data-testid="decision" data-decision={response.decision} aria-labelledby="decision-title">
        <div className="flex gap-3 p-4">
          <span className={`mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full ${d.accent} text-white`} aria-hidden>
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round">
              <path d={d.icon} />
            </svg>
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-[11px] font-semibold tracking-wider uppercase opacity-70">Decision</p>
            <h2 id="decision-title" className="text-2xl leading-tight font-semibold tracking-tight" data-testid="decision-title">
              {d.title}
            </h2>
            <p className="mt-1 text-[13px]" data-testid="decision-summary">
              {response.summary}
            </p>
            {deciding.length > 0 && (
              <p className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" data-testid="decided-by">
                <span className="font-medium">Decided by</span>
                {deciding.map((s) => (
                  <a
                    key={`${s.policy}#${s.statement}`}
                    href={`#${statementDomId(s.policy, s.statement)}`}
                    className={`rounded border px-1.5 py-px underline-offset-2 hover:underline ${d.chip}`}
                    data-testid="decided-by-link"
                    onClick={(e) => {
                      e.preventDefault();
                      goToStatement(statementDomId(s.policy, s.statement));
                    }}
                  >
                    <span className="font-mono">{s.sid ?? `statement #${s.statement}`}</span>
                    <span className="opacity-70"> in {policyTitle(s.policy, trust && s.policy === "resource")}</span>
                  </a>
                ))}
              </p>
            )}
            {response.blockedBy.length > 0 && (
              <p className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" data-testid="blocked-by">
                <span className="font-medium">Blocked by</span>
                {response.blockedBy.map((k) => (
                  <span key={k} className={`rounded-full border px-2 py-px font-medium ${d.chip}`} data-kind={k}>
                    {kindLabel(k)}
                  </span>
                ))}
              </p>
            )}
          </div>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 border-t border-black/5 bg-white/60 px-4 py-2 text-xs">
          <dt className="text-zinc-500">Principal</dt>
          <dd className="font-mono break-all text-zinc-800">{request.principal}</dd>
          <dt className="text-zinc-500">Action</dt>
          <dd className="font-mono text-zinc-800">{request.action}</dd>
          <dt className="text-zinc-500">Resource</dt>
          <dd className="font-mono break-all text-zinc-800">
            {request.resource}
            {response.crossAccount && (
              <span className="ml-2 rounded bg-accent-100 px-1.5 py-px font-sans text-[11px] font-medium text-accent-800">cross-account</span>
            )}
          </dd>
        </dl>
      </section>

      {(response.missingKeys.length > 0 || response.notes.length > 0) && (
        <section className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs" aria-labelledby="notes-title">
          <h2 id="notes-title" className="text-[13px] font-semibold text-zinc-900">
            Worth knowing
          </h2>
          {response.missingKeys.length > 0 && (
            <div className="mt-1.5 text-xs text-zinc-700" data-testid="missing-keys">
              <p>
                Conditions needed these context keys, and the request did not give them:{" "}
                {response.missingKeys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ", "}
                    <code className="rounded bg-amber-50 px-1 text-amber-900">{k}</code>
                  </span>
                ))}
              </p>
              <button type="button" className={`${btn.small} mt-1.5`} onClick={() => onAddContextKeys(response.missingKeys)}>
                Add {response.missingKeys.length === 1 ? "it" : "them"} to the context keys
              </button>
            </div>
          )}
          {response.notes.length > 0 && (
            <ul className="mt-1.5 list-disc space-y-1 pl-5 text-xs text-zinc-700" data-testid="notes">
              {response.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="why-title" className="space-y-2">
        <h2 id="why-title" className="pt-1 text-[13px] font-semibold text-zinc-900">
          Statement by statement
          <span className="ml-2 text-xs font-normal text-zinc-500">in the order AWS evaluates them</span>
        </h2>
        {findings.length > 0 && (
          <p className="text-xs text-red-800" data-testid="findings-summary">
            {findings.length} validation finding{findings.length === 1 ? "" : "s"}: IAM would refuse or warn about {findings.length === 1 ? "a policy" : "policies"} below; each is shown on its statement.
            Statements IAM would refuse grant nothing here, and a refused Deny denies as much as it could mean.
          </p>
        )}
        {manyStatements && (
          <label className="flex items-center gap-2 text-xs text-zinc-700">
            <input type="checkbox" checked={onlyWhatMatters} onChange={(e) => setOnlyWhatMatters(e.target.checked)} data-testid="only-what-matters" />
            Only what matters: the statements that applied, decided, or have a finding ({response.explain.filter((s) => s.applies || s.decisive || findings.some((f) => f.policy === s.policy && f.statement === s.statement)).length} of {response.explain.length})
          </label>
        )}
        {groups.length === 0 && (
          <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-3 text-xs text-zinc-600">
            No statement was evaluated: the request carried no policy that applies to it. With nothing to allow it, the request is denied.
          </p>
        )}
        {groups
          .filter((g) => !onlyWhatMatters || g.statements.some((s) => s.applies || s.decisive) || findings.some((f) => f.policy === g.label))
          .map((g) => (
          <PolicyGroupCard
            key={`${run.id}:${g.label}`}
            group={g}
            trust={trust}
            document={documentForLabel(request, g.label)}
            onEdit={() => onEditPolicy(g.label)}
            findings={findings.filter((f) => f.policy === g.label)}
            highlight={highlight}
            onlyWhatMatters={onlyWhatMatters}
          />
        ))}
        {unevaluated.length > 0 && (
          <p className="text-xs text-zinc-500" data-testid="unevaluated">
            Not in the explanation (no statements, or this kind of policy does not apply to this principal):{" "}
            {unevaluated.map((l) => policyTitle(l, trust && l === "resource")).join(", ")}.
          </p>
        )}
      </section>
    </div>
  );
}
