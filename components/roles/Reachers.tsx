"use client";
// The role page's "who can reach it": every known principal that ends up in the role, directly
// or through other roles, with the number of hops and the path; as a table or as a graph.

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { formatSeconds } from "@/lib/paths/describe";
import { principalHref } from "@/lib/ui/iam-format";
import { btn } from "@/components/ui/buttons";
import { KindChip, VerdictChip } from "@/components/ui/chips";
import { Segmented } from "@/components/ui/Segmented";
import { Spinner } from "@/components/ui/Spinner";
import { PathHops } from "@/components/paths/PathHops";
import { useReachers } from "@/components/paths/api";
import { GRAPH_LIMIT } from "@/components/paths/PathGraph";

// React Flow measures the DOM: drawn in the browser only.
const PathGraph = dynamic(() => import("@/components/paths/PathGraph").then((m) => m.PathGraph), { ssr: false, loading: () => <p className="p-3 text-xs text-zinc-600">Drawing the graph…</p> });

export function Reachers({ arn }: { arn: string }) {
  const { data, error, isPending, refetch } = useReachers(arn);
  const [view, setView] = useState<"table" | "graph">("table");
  if (isPending) {
    return (
      <p className="flex items-center gap-2 p-3 text-xs text-zinc-600" data-testid="reachers-loading">
        <Spinner className="size-3.5" /> Following every chain of roles into this one…
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
  const list = data.reachers;
  const chained = list.filter((r) => r.hops > 1).length;
  return (
    <div data-testid="reachers">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <Segmented legend="View" showLegend={false} value={view} onChange={setView} options={[{ value: "table", label: "Table" }, { value: "graph", label: "Graph" }]} testId="reachers-view" />
        <p className="text-[11px] text-zinc-500" data-testid="reachers-summary">
          {list.length === 0 ? "No known principal reaches this role, directly or through other roles (at most 4 hops)." : `${list.length} principal${list.length === 1 ? "" : "s"}: ${list.length - chained} directly, ${chained} through other roles. Each path is the shortest; every hop is a full diagnosis.`}
        </p>
      </div>
      {list.length > 0 &&
        (view === "graph" ? (
          <>
            <PathGraph role={arn} reachers={list} />
            {list.length > GRAPH_LIMIT && <p className="mt-1 text-[11px] text-zinc-500">The graph shows the {GRAPH_LIMIT} shortest paths; the table lists all {list.length}.</p>}
            <p className="mt-1 text-[11px] text-zinc-500">Solid green: allowed. Dashed amber: allowed only if the condition on the edge holds. Click a node to open it.</p>
          </>
        ) : (
          <div className="overflow-x-auto rounded-md border border-zinc-200">
            <table className="w-full text-[13px]" data-testid="reachers-table">
              <thead className="bg-zinc-50 text-left text-xs text-zinc-600">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-medium">Principal</th>
                  <th scope="col" className="w-24 px-3 py-1.5 font-medium">Kind</th>
                  <th scope="col" className="w-14 px-3 py-1.5 text-right font-medium">Hops</th>
                  <th scope="col" className="w-28 px-3 py-1.5 font-medium">Verdict</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Path</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {list.map((r) => (
                  <tr key={r.principal} className="align-top" data-testid="reacher" data-principal={r.principal} data-hops={r.hops}>
                    <td className="px-3 py-1.5">
                      {r.principal.startsWith("arn:") ? (
                        <Link href={principalHref(r.principal)} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline" title={r.principal}>
                          {r.name}
                        </Link>
                      ) : (
                        <span className="font-medium text-zinc-900">{r.name}</span>
                      )}
                    </td>
                    <td className="px-3 py-1.5">
                      <KindChip kind={r.kind} />
                    </td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{r.hops}</td>
                    <td className="px-3 py-1.5">
                      <VerdictChip verdict={r.verdict} />
                    </td>
                    <td className="px-3 py-1.5">
                      <PathHops path={r.path} />
                      {r.path.maxSessionSeconds !== null && r.hops > 1 && <span className="text-[11px] text-zinc-500">sessions of at most {formatSeconds(r.path.maxSessionSeconds)}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </div>
  );
}
