"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
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

interface AssumersPage {
  role: string;
  principals: AssumeVerdict[];
  counts: { allowed: number; unknown: number; denied: number };
  nextToken: string | null;
}

/**
 * GET /api/roles/{id}/assumers: the principals who can (allowed or conditional) and those the
 * trust policy names, with counts over every known principal; the denied ones page by page.
 */
export function Assumers({ arn }: { arn: string }) {
  const [filter, setFilter] = useState<Filter>("");
  const url = (verdict: string, token: string | null) => `/api/roles/${encodeURIComponent(arn)}/assumers?${new URLSearchParams({ ...(verdict ? { verdict } : {}), ...(token ? { nextToken: token } : {}) })}`;
  const who = useInfiniteQuery({
    queryKey: ["assumers", arn],
    queryFn: ({ signal, pageParam }) => getJson<AssumersPage>(url("", pageParam), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextToken,
  });
  const denied = useInfiniteQuery({
    queryKey: ["assumers", arn, "denied"],
    queryFn: ({ signal, pageParam }) => getJson<AssumersPage>(url("denied", pageParam), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextToken,
    enabled: filter === "denied",
  });
  const first = who.data?.pages[0];
  const counts = first?.counts ?? { allowed: 0, unknown: 0, denied: 0 };
  const rows = useMemo(() => {
    if (filter === "denied") return denied.data?.pages.flatMap((p) => p.principals) ?? [];
    const all = who.data?.pages.flatMap((p) => p.principals) ?? [];
    return all.filter((v) => !filter || group(v) === filter);
  }, [filter, who.data, denied.data]);
  const active = filter === "denied" ? denied : who;

  if (who.isPending) {
    return (
      <p className="flex items-center gap-2 p-3 text-xs text-zinc-600" data-testid="assumers-loading">
        <Spinner className="size-3.5" /> Diagnosing the principals the trust policy admits…
      </p>
    );
  }
  if (who.error || (filter === "denied" && denied.error)) {
    const e = who.error ?? denied.error;
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-xs text-red-900">
        {e?.message}{" "}
        <button type="button" className={btn.small} onClick={() => void active.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const total = counts.allowed + counts.unknown + counts.denied;
  return (
    <div data-testid="assumers">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <Segmented
          legend="Show"
          value={filter}
          onChange={setFilter}
          options={[
            { value: "", label: "who can", count: counts.allowed + counts.unknown },
            { value: "allowed", label: "allowed", count: counts.allowed },
            { value: "conditional", label: "conditional", count: counts.unknown },
            { value: "denied", label: "denied", count: counts.denied },
          ]}
          testId="assumers-filter"
        />
        <p className="text-[11px] text-zinc-500" data-testid="assumers-counts">
          Of {total.toLocaleString("en-US")} known principals. Conditional: allowed only if the caller meets a condition (MFA, an external ID…), or RoleCall lacks the data to tell. Principals the trust policy names are listed whatever their verdict.
        </p>
      </div>
      <div className="overflow-hidden rounded-md border border-zinc-200">
        {filter === "denied" && denied.isPending ? (
          <p className="flex items-center gap-2 p-3 text-xs text-zinc-600">
            <Spinner className="size-3.5" /> Listing the denied principals…
          </p>
        ) : rows.length > 0 ? (
          <Table rows={rows} testId="assumers-table" />
        ) : (
          <p className="p-3 text-xs text-zinc-600">{filter ? `No principal is ${filter === "conditional" ? "conditionally allowed" : filter}.` : "Nobody RoleCall knows can assume this role, and the trust policy names no known principal."}</p>
        )}
        {active.hasNextPage && (
          <div className="border-t border-zinc-200 p-2">
            <button type="button" className={btn.small} onClick={() => void active.fetchNextPage()} disabled={active.isFetchingNextPage} data-testid="assumers-more">
              {active.isFetchingNextPage ? "Loading…" : "Show more"}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
