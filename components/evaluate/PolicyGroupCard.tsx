"use client";

import { useMemo, useState } from "react";
import type { PolicyGroup } from "@/lib/ui/explain-groups";
import { policyTitle } from "@/lib/ui/form-state";
import { btn } from "@/components/ui/buttons";
import type { PolicyFinding } from "@/lib/policy/explain";
import { FindingList } from "./FindingList";
import { PolicyJson } from "./PolicyJson";

const FAILED_TEXT = { action: "action", resource: "resource", principal: "principal", condition: "condition", invalid: "IAM would refuse it" } as const;

interface Props {
  group: PolicyGroup;
  document: unknown;
  trust: boolean;
  onEdit?: () => void;
  /** the policy's validation findings (from the response) */
  findings?: PolicyFinding[];
  /** the DOM id of the statement row to highlight (a "Decided by" link was followed) */
  highlight?: string | null;
  /** show only the statements that matter: applied, decided, or with a finding */
  onlyWhatMatters?: boolean;
}

/** The DOM id of a statement's row in the result, for "Decided by" links. */
export const statementDomId = (label: string, statement: number) => `stmt-${label.replace(/[^a-z0-9]/gi, "-")}-${statement}`;

export function PolicyGroupCard({ group, document, trust, onEdit, findings = [], highlight, onlyWhatMatters }: Props) {
  const title = policyTitle(group.label, trust && group.label === "resource");
  const [showJson, setShowJson] = useState(group.decisive || group.blocking);
  const marks = useMemo(
    () => new Map(group.statements.filter((s) => s.decisive).map((s) => [s.statement, s.effect === "Deny" ? ("deny" as const) : ("allow" as const)])),
    [group.statements],
  );
  const frame = group.blocking
    ? group.decisive
      ? "border-red-300 ring-1 ring-red-200"
      : "border-amber-300 ring-1 ring-amber-200"
    : group.decisive
      ? "border-emerald-300 ring-1 ring-emerald-100"
      : "border-zinc-200";
  const jsonId = `json-${group.label.replace(/[^a-z0-9]/gi, "-")}`;

  return (
    <article
      className={`rounded-lg border bg-white shadow-xs ${frame}`}
      data-testid="policy-group"
      data-policy={group.label}
      data-decisive={group.decisive ? "true" : "false"}
      data-blocking={group.blocking ? "true" : "false"}
      aria-label={title}
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-zinc-100 px-3 py-2">
        <h3 className="text-[13px] font-semibold text-zinc-900">{title}</h3>
        <code className="rounded bg-zinc-100 px-1 py-px text-[11px] text-zinc-600">{group.label}</code>
        {group.policyName && <span className="truncate text-xs text-zinc-500">{group.policyName}</span>}
        {group.blocking && !group.decisive && (
          <span className="rounded-full bg-amber-100 px-2 py-px text-[11px] font-medium text-amber-800">Blocks: no statement allows</span>
        )}
        {group.blocking && group.decisive && <span className="rounded-full bg-red-100 px-2 py-px text-[11px] font-medium text-red-800">Blocks: explicit deny</span>}
        {!group.blocking && group.decisive && (
          <span className="rounded-full bg-emerald-100 px-2 py-px text-[11px] font-medium text-emerald-800">Grants the request</span>
        )}
        <span className="ml-auto flex items-center gap-2">
          <button type="button" className={btn.link} aria-expanded={showJson} aria-controls={jsonId} onClick={() => setShowJson((v) => !v)}>
            {showJson ? "Hide JSON" : "Show JSON"}
          </button>
          {onEdit && (
            <button type="button" className={btn.link} onClick={onEdit} aria-label={`Edit ${title}`}>
              Edit
            </button>
          )}
        </span>
      </header>
      {findings.some((f) => f.statement === null) && (
        <div className="border-b border-zinc-100 px-3 py-1.5">
          <FindingList findings={findings.filter((f) => f.statement === null)} />
        </div>
      )}
      <table className="w-full text-left text-xs">
        <thead className="sr-only">
          <tr>
            <th scope="col">Statement</th>
            <th scope="col">Effect</th>
            <th scope="col">Applies</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {group.statements.map((s) => {
            const own = findings.filter((f) => f.statement === s.statement);
            if (onlyWhatMatters && !s.applies && !s.decisive && own.length === 0) return null;
            const rowId = statementDomId(group.label, s.statement);
            const lit = highlight === rowId;
            const deny = s.effect === "Deny";
            const rowTone = s.decisive ? (deny ? "bg-red-50" : "bg-emerald-50") : "";
            const bar = s.decisive ? (deny ? "shadow-[inset_3px_0_0_var(--color-red-500)]" : "shadow-[inset_3px_0_0_var(--color-emerald-500)]") : "";
            return (
              <tr
                key={s.statement}
                id={rowId}
                tabIndex={-1}
                className={`scroll-mt-24 border-t border-zinc-100 align-top first:border-t-0 ${rowTone} ${lit ? "outline-2 outline-offset-[-2px] outline-accent-500" : ""}`}
                data-highlighted={lit ? "true" : undefined}
                data-testid="statement"
                data-statement={s.statement}
                data-decisive={s.decisive ? "true" : "false"}
                data-applies={s.applies ? "true" : "false"}
                aria-label={s.decisive ? "Deciding statement" : undefined}
              >
                <td className={`w-[34%] py-1.5 pr-2 pl-3 ${bar}`}>
                  <div className="flex items-baseline gap-1.5">
                    <span className="font-mono text-[11px] text-zinc-500">#{s.statement}</span>
                    <span className="font-mono break-all text-zinc-800">{s.sid ?? <span className="text-zinc-500 italic">no Sid</span>}</span>
                  </div>
                  {s.decisive && (
                    <span className={`mt-0.5 inline-block rounded px-1.5 text-[10.5px] font-semibold tracking-wide uppercase ${deny ? "bg-red-600 text-white" : "bg-emerald-600 text-white"}`}>
                      Deciding
                    </span>
                  )}
                </td>
                <td className="w-14 py-1.5 pr-2">
                  <span
                    className={`inline-block rounded border px-1.5 py-px font-mono text-[11px] ${deny ? "border-red-200 bg-white text-red-700" : "border-emerald-200 bg-white text-emerald-700"}`}
                  >
                    {s.effect}
                  </span>
                </td>
                <td className="w-28 py-1.5 pr-2 whitespace-nowrap">
                  {s.applies ? (
                    <span className="font-medium text-zinc-900">✓ Applies</span>
                  ) : (
                    <span className="text-zinc-500">
                      ✕ No match{s.failed && <span className="text-zinc-500"> ({FAILED_TEXT[s.failed]})</span>}
                    </span>
                  )}
                </td>
                <td className="py-1.5 pr-3 text-zinc-700">
                  {s.reason}
                  {own.length > 0 && <FindingList findings={own} withStatement={false} />}
                  {s.missingKeys && s.missingKeys.length > 0 && (
                    <div className="mt-0.5 text-amber-800">
                      Missing from the request: <span className="font-mono">{s.missingKeys.join(", ")}</span>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {showJson && (
        <div id={jsonId} className="border-t border-zinc-100 p-2">
          {document === undefined ? (
            <p className="text-xs text-zinc-500">The document is not available.</p>
          ) : (
            <PolicyJson document={document} marks={marks} label={title} />
          )}
        </div>
      )}
    </article>
  );
}
