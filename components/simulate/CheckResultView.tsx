"use client";

import { useMemo, useState } from "react";
import type { CheckRequest } from "@/lib/api/diagnose";
import type { CheckResult } from "@/lib/diagnose/check";
import type { PolicyType } from "@/lib/policy/evaluate";
import { groupExplanations } from "@/lib/ui/explain-groups";
import { dependsReason } from "@/lib/ui/role-capabilities";
import { policyTitle } from "@/lib/ui/form-state";
import { btn } from "@/components/ui/buttons";
import { PolicyGroupCard } from "@/components/evaluate/PolicyGroupCard";

const KIND_LABEL: Record<PolicyType, string> = {
  identity: "its identity policies",
  resource: "the resource policy",
  permissionBoundary: "its permissions boundary",
  scp: "an SCP",
  rcp: "an RCP",
  session: "the session policy",
  endpoint: "the VPC endpoint policy",
};

const ORG = new Set<PolicyType>(["scp", "rcp"]);

const allowedDecision = (r: CheckResult) => r.decision === "allowed";

const DECISION = {
  allowed: { title: "Allowed", tone: "border-emerald-300 bg-emerald-50 text-emerald-950", dot: "bg-emerald-600", chip: "border-emerald-300 text-emerald-800", icon: "M5 12.5l4.5 4.5L19 7.5" },
  explicitDeny: { title: "Denied: explicit deny", tone: "border-red-300 bg-red-50 text-red-950", dot: "bg-red-600", chip: "border-red-300 text-red-800", icon: "M6 6l12 12M18 6L6 18" },
  implicitDeny: { title: "Denied: nothing allows it", tone: "border-amber-300 bg-amber-50 text-amber-950", dot: "bg-amber-500", chip: "border-amber-300 text-amber-900", icon: "M12 7v6m0 4h.01" },
} as const;

interface Props {
  request: CheckRequest;
  result: CheckResult;
  /** keys already in the context editor, so that "add it" is offered only for the others */
  contextKeys: string[];
  onAddKeys: (keys: string[]) => void;
  stale: boolean;
}

const UNKNOWN = { title: "Not known", tone: "border-amber-300 bg-amber-50 text-amber-950", dot: "bg-amber-500", chip: "border-amber-300 text-amber-900", icon: "M12 7v6m0 4h.01" };

export function CheckResultView({ request, result, contextKeys, onAddKeys, stale }: Props) {
  // Not known (a Region the request must have, a key policy): never shown as a denial.
  const d = result.unknown ? UNKNOWN : DECISION[result.decision];
  const trust = /^sts:AssumeRole/i.test(request.action) && /^arn:[^:]+:iam::\d{12}:role\//.test(request.resource);
  const groups = useMemo(() => groupExplanations(result), [result]);
  // An allowed request: the grant in the role's own policies is the answer; the SCPs and RCPs
  // that let it through are decisive too, but go with the other policies, out of the way.
  const allowed = result.decision === "allowed";
  const isRelevant = (g: (typeof groups)[number]) => (g.decisive || g.blocking) && !(allowed && ORG.has(g.policyType) && groups.some((x) => x.decisive && !ORG.has(x.policyType)));
  const relevant = groups.filter(isRelevant);
  const others = groups.filter((g) => !isRelevant(g));
  const [showOthers, setShowOthers] = useState(false);
  const allDeciding = result.explain.filter((s) => s.decisive);
  const ownDeciding = allDeciding.filter((s) => !ORG.has(s.policyType));
  // for an allowed request, "decided by" names the role's grant; the organization's allows are counted
  const deciding = allowedDecision(result) && ownDeciding.length ? ownDeciding : allDeciding;
  const orgAllows = deciding === ownDeciding ? allDeciding.length - ownDeciding.length : 0;
  const documents = useMemo(() => new Map(result.policies.map((p) => [p.label, p.document])), [result.policies]);
  const missing = result.dependsOn.filter((k) => !contextKeys.includes(k));
  const notes = result.notes.filter((n) => !result.dependsOn.some((k) => n.startsWith(`depends on ${k}: `)));
  const context = Object.entries(request.context ?? {});

  return (
    <div className={`space-y-2.5 transition-opacity ${stale ? "opacity-70" : ""}`} data-testid="check-result">
      {stale && (
        <p className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-xs text-zinc-600" data-testid="check-stale">
          The action, resource or context changed since this result: check again to update it.
        </p>
      )}
      <section className={`rounded-lg border p-3.5 ${d.tone}`} data-testid="check-decision" data-decision={result.unknown ? "unknown" : result.decision} aria-label="Decision">
        <div className="flex gap-3">
          <span className={`mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full ${d.dot} text-white`} aria-hidden>
            <svg viewBox="0 0 24 24" className="size-4.5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round">
              <path d={d.icon} />
            </svg>
          </span>
          <div className="min-w-0 flex-1">
            <h3 className="text-lg leading-tight font-semibold tracking-tight" data-testid="check-title">
              {d.title}
              {result.unknown && result.dependsOn.length > 0 && <span>: depends on {result.dependsOn.join(", ")}</span>}
              {!result.unknown && result.dependsOn.length > 0 && <span className="ml-2 align-middle text-xs font-medium opacity-80">(without {result.dependsOn.join(", ")})</span>}
            </h3>
            <p className="mt-0.5 font-mono text-xs break-all opacity-80">
              {request.action} on {request.resource}
              {context.length > 0 && <span> · with {context.map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(", ") : String(v)}`).join(", ")}</span>}
            </p>
            {result.summary.trim() !== "Allowed." && (
              <p className="mt-1.5 text-[13px]" data-testid="check-summary">
                {result.summary}
              </p>
            )}
            {result.blockedBy.length > 0 && (
              <p className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" data-testid="check-blocked-by">
                <span className="font-medium">Blocked by</span>
                {result.blockedBy.map((k) => (
                  <span key={k} className={`rounded-full border bg-white px-2 py-px font-medium ${d.chip}`} data-kind={k}>
                    {k === "resource" && trust ? "the trust policy" : KIND_LABEL[k]}
                  </span>
                ))}
              </p>
            )}
            {deciding.length > 0 && (
              <p className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs" data-testid="check-decided-by">
                <span className="font-medium">Decided by</span>
                {deciding.map((s) => (
                  <span key={`${s.policy}#${s.statement}`} className={`rounded border bg-white px-1.5 py-px ${d.chip}`}>
                    <span className="font-mono">{s.sid ?? `statement #${s.statement}`}</span>
                    <span className="opacity-70"> in {s.policyName ?? policyTitle(s.policy, trust && s.policy === "resource")}</span>
                  </span>
                ))}
              </p>
            )}
            {orgAllows > 0 && <p className="mt-1 text-xs opacity-75">Its organization&apos;s SCPs (and RCPs) allow it too, at every level.</p>}
          </div>
        </div>
      </section>

      {result.dependsOn.length > 0 && (
        <section className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-950" data-testid="check-depends-on" aria-label="Depends on">
          <h3 className="text-[13px] font-semibold">
            The answer depends on {result.dependsOn.map((k, i) => (
              <span key={k}>
                {i > 0 && ", "}
                <code className="rounded bg-amber-100 px-1">{k}</code>
              </span>
            ))}
          </h3>
          <ul className="mt-1 space-y-0.5 text-xs">
            {result.dependsOn.map((k) => {
              const why = dependsReason(result.notes, k);
              return why ? (
                <li key={k}>
                  <code>{k}</code>: {why}
                </li>
              ) : null;
            })}
          </ul>
          <p className="mt-1 text-xs">The decision above is what AWS decides when a request does not carry {result.dependsOn.length === 1 ? "it" : "them"}. Give a value and check again.</p>
          {missing.length > 0 && (
            <button type="button" className={`${btn.small} mt-2 border-amber-400`} onClick={() => onAddKeys(missing)} data-testid="add-depends-on">
              Add {missing.join(", ")} to the context
            </button>
          )}
        </section>
      )}

      {notes.length > 0 && (
        <ul className="list-disc space-y-0.5 rounded-lg border border-zinc-200 bg-white py-2 pr-3 pl-7 text-xs text-zinc-600" data-testid="check-notes" aria-label="Notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}

      <section aria-label="Why" className="space-y-2">
        <h3 className="pt-1 text-[13px] font-semibold text-zinc-900">
          Why
          <span className="ml-2 text-xs font-normal text-zinc-500">the statements that decided, highlighted in their policy</span>
        </h3>
        {relevant.length === 0 && (
          <p className="rounded-lg border border-dashed border-zinc-300 bg-white p-3 text-xs text-zinc-600">
            {groups.length === 0 ? "No policy applies to this request: with nothing to allow it, it is denied." : "No single policy decided: see the policies evaluated below."}
          </p>
        )}
        {relevant.map((g) => (
          <PolicyGroupCard key={g.label} group={g} trust={trust} document={documents.get(g.label)} />
        ))}
        {others.length > 0 && (
          <>
            <button type="button" className={btn.link} aria-expanded={showOthers} onClick={() => setShowOthers((v) => !v)} data-testid="other-policies">
              {showOthers ? "Hide" : "Show"} the {others.length} other polic{others.length === 1 ? "y" : "ies"} evaluated
              {allowed && others.some((g) => g.decisive) ? " (the SCPs and RCPs that let it through included)" : ""}
            </button>
            {showOthers && others.map((g) => <PolicyGroupCard key={g.label} group={g} trust={trust} document={documents.get(g.label)} />)}
          </>
        )}
      </section>
    </div>
  );
}
