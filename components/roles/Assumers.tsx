"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import type { AssumeVerdict } from "@/lib/diagnose/assumers";
import { diagnoseHref } from "@/lib/ui/diagnose-form";
import { checkLabel, principalHref } from "@/lib/ui/iam-format";
import { btn } from "@/components/ui/buttons";
import { KindChip, VerdictChip } from "@/components/ui/chips";
import { getJson } from "@/components/ui/http";
import { Segmented } from "@/components/ui/Segmented";
import { Spinner } from "@/components/ui/Spinner";
import { verdictOf } from "@/components/diagnose/Assumable";

type Filter = "" | "allowed" | "conditional" | "denied";

function group(v: AssumeVerdict): Exclude<Filter, ""> {
  const g = verdictOf(v);
  return g === "unknown" ? "conditional" : g;
}

function Row({ v }: { v: AssumeVerdict }) {
  const g = verdictOf(v);
  const isArn = v.principal.startsWith("arn:");
  return (
    <tr className="align-top" data-testid="assumer" data-principal={v.principal} data-verdict={g}>
      <td className="px-3 py-1.5">
        {isArn ? (
          <Link href={principalHref(v.principal)} className="block font-medium text-zinc-900 hover:text-accent-700 hover:underline" title={`What can ${v.name} assume?`} data-testid="assumer-name">
            {v.name}
          </Link>
        ) : (
          <span className="block font-medium text-zinc-900" data-testid="assumer-name">
            {v.name}
          </span>
        )}
        {v.name !== v.principal && <span className="block font-mono text-[11px] break-all text-zinc-500">{v.principal}</span>}
      </td>
      <td className="px-3 py-1.5">
        <KindChip kind={v.kind} />
      </td>
      <td className="px-3 py-1.5">
        <VerdictChip verdict={g} />
        {v.conditions.length > 0 && <span className="mt-0.5 block text-[11px] text-amber-900">{v.conditions.join("; ")}</span>}
        {g === "unknown" && v.conditions.length === 0 && <span className="mt-0.5 block text-[11px] text-amber-900">depends on data RoleCall does not have</span>}
      </td>
      <td className="px-3 py-1.5 text-xs text-zinc-700" data-testid="assumer-blocked-by">
        {v.blockedBy.length ? v.blockedBy.map(checkLabel).join(", ") : <span className="text-zinc-500">—</span>}
      </td>
      <td className="px-3 py-1.5 text-right text-xs whitespace-nowrap">
        <Link href={diagnoseHref(v.principal, v.role)} className="font-medium text-accent-700 hover:underline" aria-label={`Diagnose ${v.name} on this role`} data-testid="assumer-diagnose">
          Diagnose →
        </Link>
      </td>
    </tr>
  );
}

function Table({ rows, testId }: { rows: AssumeVerdict[]; testId?: string }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-[13px]" data-testid={testId}>
        <thead className="bg-zinc-50 text-left text-xs text-zinc-600">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">
              Principal
            </th>
            <th scope="col" className="w-24 px-3 py-1.5 font-medium">
              Kind
            </th>
            <th scope="col" className="w-56 px-3 py-1.5 font-medium">
              Verdict
            </th>
            <th scope="col" className="w-44 px-3 py-1.5 font-medium">
              Blocked by
            </th>
            <th scope="col" className="w-28 px-3 py-1.5">
              <span className="sr-only">Links</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((v) => (
            <Row key={v.principal} v={v} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** GET /api/roles/{id}/assumers: every known principal and whether it may assume the role. */
export function Assumers({ arn }: { arn: string }) {
  const [filter, setFilter] = useState<Filter>("");
  const [showScreened, setShowScreened] = useState(false);
  const screenedId = useId();
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ["assumers", arn],
    queryFn: ({ signal }) => getJson<{ role: string; principals: AssumeVerdict[] }>(`/api/roles/${encodeURIComponent(arn)}/assumers`, signal),
  });
  const all = useMemo(() => data?.principals ?? [], [data]);
  const named = all.filter((v) => !(v.screened && v.blockedBy.length === 1 && v.blockedBy[0] === "trust-policy"));
  const screened = all.filter((v) => v.screened && v.blockedBy.length === 1 && v.blockedBy[0] === "trust-policy");
  const counts = { allowed: 0, conditional: 0, denied: 0 };
  for (const v of all) counts[group(v)] += 1;
  const rows = named.filter((v) => !filter || group(v) === filter);
  const showOthers = (!filter || filter === "denied") && screened.length > 0;

  if (isPending) {
    return (
      <p className="flex items-center gap-2 p-3 text-xs text-zinc-600" data-testid="assumers-loading">
        <Spinner className="size-3.5" /> Diagnosing every known principal…
      </p>
    );
  }
  if (error) {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-xs text-red-900">
        {error.message}{" "}
        <button type="button" className={btn.small} onClick={() => void refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <div data-testid="assumers">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <Segmented
          legend="Show"
          value={filter}
          onChange={setFilter}
          options={[
            { value: "", label: "all", count: all.length },
            { value: "allowed", label: "allowed", count: counts.allowed },
            { value: "conditional", label: "conditional", count: counts.conditional },
            { value: "denied", label: "denied", count: counts.denied },
          ]}
          testId="assumers-filter"
        />
        <p className="text-[11px] text-zinc-500">Conditional: allowed only if the caller meets a condition (MFA, an external ID…), or RoleCall lacks the data to tell.</p>
      </div>
      <div className="overflow-hidden rounded-md border border-zinc-200">
        {rows.length > 0 ? (
          <Table rows={rows} testId="assumers-table" />
        ) : (
          <p className="p-3 text-xs text-zinc-600">{filter ? `No principal named by the trust policy is ${filter}.` : "The trust policy names no known principal."}</p>
        )}
        {showOthers && (
          <div className="border-t border-zinc-200">
            <button
              type="button"
              className="flex w-full items-center gap-2 px-3 py-2 text-left text-xs text-zinc-700 hover:bg-zinc-50"
              aria-expanded={showScreened}
              aria-controls={screenedId}
              onClick={() => setShowScreened(!showScreened)}
              data-testid="screened-toggle"
            >
              <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 text-zinc-500 transition-transform ${showScreened ? "rotate-90" : ""}`} aria-hidden>
                <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              {screened.length} other{screened.length === 1 ? " is" : "s are"} not named by the trust policy (denied without further checks)
            </button>
            {showScreened && (
              <div id={screenedId} className="border-t border-zinc-100">
                <Table rows={screened} testId="screened-table" />
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
