"use client";
// The principal page's "what it can reach": every role the principal ends up in, directly or
// through other roles, with the number of hops and the path.

import Link from "next/link";
import { formatSeconds } from "@/lib/paths/describe";
import { roleHref } from "@/lib/ui/iam-format";
import { VerdictChip } from "@/components/ui/chips";
import { Spinner } from "@/components/ui/Spinner";
import { PathHops } from "./PathHops";
import { useReachable } from "./api";

export function Reachable({ principal }: { principal: string }) {
  const { data, error, isPending } = useReachable(principal);
  return (
    <section className="rounded-lg border border-zinc-200 bg-white shadow-xs" aria-labelledby="reachable-title" data-testid="reachable">
      <h2 id="reachable-title" className="flex flex-wrap items-baseline gap-x-2 px-3.5 pt-2.5 pb-1 text-[13px] font-semibold text-zinc-900">
        What it can reach
        <span className="text-xs font-normal text-zinc-500">directly or through other roles (role chaining, at most 4 hops), with default session parameters</span>
      </h2>
      <div className="px-3.5 pb-3.5">
        {isPending ? (
          <p className="flex items-center gap-2 p-2 text-xs text-zinc-600">
            <Spinner className="size-3.5" /> Following every chain of roles from here…
          </p>
        ) : error ? (
          <p role="alert" className="text-xs text-red-900">
            {error.message}
          </p>
        ) : data.reachable.length === 0 ? (
          <p className="text-xs text-zinc-600" data-testid="reachable-empty">
            No role is reachable, directly or through other roles.
          </p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-zinc-200">
            <table className="w-full text-[13px]" data-testid="reachable-table">
              <thead className="bg-zinc-50 text-left text-xs text-zinc-600">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-medium">Role</th>
                  <th scope="col" className="w-32 px-3 py-1.5 font-medium">Account</th>
                  <th scope="col" className="w-14 px-3 py-1.5 text-right font-medium">Hops</th>
                  <th scope="col" className="w-28 px-3 py-1.5 font-medium">Verdict</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Path</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {data.reachable.map((r) => (
                  <tr key={r.role} className="align-top" data-testid="reachable-role" data-role={r.role} data-hops={r.hops}>
                    <td className="px-3 py-1.5">
                      <Link href={roleHref(r.role)} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline" title={r.role}>
                        {r.name}
                      </Link>
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">{r.account}</td>
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
        )}
      </div>
    </section>
  );
}
