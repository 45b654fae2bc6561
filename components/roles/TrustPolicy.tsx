"use client";

import { useMemo, useState } from "react";
import type { RoleDetail } from "@/lib/api/roles";
import { Chip, KindChip } from "@/components/ui/chips";
import { PolicyJson } from "@/components/evaluate/PolicyJson";

type TrustPrincipal = RoleDetail["trustPrincipals"][number];

/** The trust policy: each principal it names, resolved and marked, beside the document itself. */
export function TrustPolicy({ role }: { role: RoleDetail }) {
  // hovering or focusing a principal highlights the statement that names it
  const [hover, setHover] = useState<TrustPrincipal | null>(null);
  const marks = useMemo(() => (hover ? new Map([[hover.statement, hover.effect === "Deny" ? ("deny" as const) : ("allow" as const)]]) : new Map<number, "allow" | "deny">()), [hover]);

  return (
    <div className="grid items-start gap-3 xl:grid-cols-[minmax(0,1.25fr)_minmax(0,1fr)]">
      <div className="min-w-0 overflow-x-auto rounded-md border border-zinc-200">
        {role.trustPrincipals.length === 0 ? (
          <p className="p-3 text-xs text-zinc-600">The trust policy names no principal.</p>
        ) : (
          <table className="w-full text-xs" data-testid="trust-principals">
            <thead className="bg-zinc-50 text-left text-zinc-600">
              <tr>
                <th scope="col" className="px-2.5 py-1.5 font-medium">
                  Principal
                </th>
                <th scope="col" className="px-2.5 py-1.5 font-medium">
                  Kind
                </th>
                <th scope="col" className="px-2.5 py-1.5 font-medium">
                  Resolves to
                </th>
                <th scope="col" className="px-2.5 py-1.5 font-medium">
                  <span className="sr-only">Marks</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {role.trustPrincipals.map((p, i) => (
                <tr
                  key={`${p.statement}:${p.value}:${i}`}
                  className={`align-top ${hover === p ? "bg-accent-50/60" : ""}`}
                  onMouseEnter={() => setHover(p)}
                  onMouseLeave={() => setHover(null)}
                  onFocus={() => setHover(p)}
                  onBlur={() => setHover(null)}
                  tabIndex={0}
                  data-testid="trust-principal"
                  data-kind={p.kind}
                >
                  <td className="px-2.5 py-1.5">
                    <span className={`font-mono break-all ${p.kind === "deleted" ? "text-red-800 line-through decoration-red-300" : "text-zinc-800"}`}>{p.value}</span>
                    <span className="mt-0.5 block text-[11px] text-zinc-500">
                      statement {p.statement} · {p.effect} {p.actions.join(", ")}
                    </span>
                  </td>
                  <td className="px-2.5 py-1.5">
                    <KindChip kind={p.kind} />
                  </td>
                  <td className="px-2.5 py-1.5 text-zinc-700">{p.label}</td>
                  <td className="px-2.5 py-1.5">
                    <span className="flex flex-wrap justify-end gap-1">
                      {p.effect === "Deny" && <Chip tone="red">Deny</Chip>}
                      {p.crossAccount && (
                        <Chip tone="violet" testId="cross-account">
                          cross-account
                        </Chip>
                      )}
                      {p.conditional && (
                        <Chip tone="amber" testId="conditional" title="The statement has conditions: see the document">
                          conditional
                        </Chip>
                      )}
                      {!p.known && p.kind !== "deleted" && (
                        <Chip tone="grey" title="Not in the loaded data">
                          not loaded
                        </Chip>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="min-w-0">
        <div className="max-h-[32rem] overflow-auto rounded-md">
          <PolicyJson document={role.trustPolicy} marks={marks} label="Trust policy" />
        </div>
        <p className="mt-1 text-[11px] text-zinc-500">Point at a principal to highlight its statement.</p>
      </div>
    </div>
  );
}
