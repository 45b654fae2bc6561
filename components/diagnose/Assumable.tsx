"use client";

import Link from "next/link";
import { useId, useState } from "react";
import type { AssumeVerdict } from "@/lib/diagnose/assumers";
import { diagnoseHref } from "@/lib/ui/diagnose-form";
import { arnAccount, arnName, arnPath, checkLabel, principalHref, roleHref } from "@/lib/ui/iam-format";
import { VerdictChip } from "@/components/ui/chips";
import { Spinner } from "@/components/ui/Spinner";
import { useAssumable } from "./api";

/** allowed, conditional (unknown with conditions), unknown, denied */
export function verdictOf(v: AssumeVerdict): "allowed" | "conditional" | "unknown" | "denied" {
  if (v.verdict === "unknown") return v.conditions.length > 0 ? "conditional" : "unknown";
  return v.verdict;
}

function Reason({ v }: { v: AssumeVerdict }) {
  if (v.verdict === "allowed") return null;
  if (v.conditions.length) return <span className="text-amber-900">{v.conditions.join("; ")}</span>;
  if (v.verdict === "unknown") return <span className="text-amber-900">depends on data RoleCall does not have</span>;
  return <span>blocked by {v.blockedBy.map(checkLabel).join(", ")}</span>;
}

function RoleRow({ v, compact }: { v: AssumeVerdict; compact?: boolean }) {
  const path = arnPath(v.role);
  return (
    <li className={`flex items-center gap-2 ${compact ? "py-1" : "px-3 py-1.5"}`} data-testid="assumable-row" data-role={v.role} data-verdict={v.verdict}>
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-1.5">
          <Link href={roleHref(v.role)} className="truncate text-[13px] font-medium text-zinc-900 hover:text-accent-700 hover:underline">
            {path !== "/" && <span className="font-mono text-[11px] font-normal text-zinc-500">{path}</span>}
            {arnName(v.role)}
          </Link>
          {!compact && <span className="shrink-0 font-mono text-[11px] text-zinc-500">{arnAccount(v.role)}</span>}
        </span>
        <span className="block truncate text-[11px] text-zinc-600">
          <Reason v={v} />
        </span>
      </span>
      <VerdictChip verdict={verdictOf(v)} />
      <Link href={diagnoseHref(v.principal, v.role)} className="shrink-0 rounded text-xs font-medium text-accent-700 hover:underline" aria-label={`Diagnose ${arnName(v.principal)} on ${arnName(v.role)}`}>
        Diagnose →
      </Link>
    </li>
  );
}

/** Every role with this principal's verdict: allowed first, the unnamed ones folded away. */
export function AssumableList({ roles }: { roles: AssumeVerdict[] }) {
  const [showScreened, setShowScreened] = useState(false);
  const screenedId = useId();
  const evaluated = roles.filter((r) => !r.screened || r.verdict !== "denied");
  const screened = roles.filter((r) => r.screened && r.verdict === "denied");
  const groups: [string, AssumeVerdict[]][] = [
    ["Can assume", evaluated.filter((r) => r.verdict === "allowed")],
    ["Can assume under conditions, or cannot tell", evaluated.filter((r) => r.verdict === "unknown")],
    ["Named by the trust policy, but denied", evaluated.filter((r) => r.verdict === "denied")],
  ];
  return (
    <div className="space-y-3" data-testid="assumable">
      {groups.map(([title, list]) =>
        list.length ? (
          <section key={title} className="rounded-lg border border-zinc-200 bg-white shadow-xs" aria-label={title}>
            <h3 className="border-b border-zinc-100 px-3 py-2 text-[13px] font-semibold text-zinc-900">
              {title} <span className="font-normal text-zinc-500">({list.length})</span>
            </h3>
            <ul className="divide-y divide-zinc-100">
              {list.map((v) => (
                <RoleRow key={v.role} v={v} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      {screened.length > 0 && (
        <section className="rounded-lg border border-zinc-200 bg-white shadow-xs">
          <button type="button" className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-[13px] text-zinc-700 hover:bg-zinc-50" aria-expanded={showScreened} aria-controls={screenedId} onClick={() => setShowScreened(!showScreened)}>
            <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 text-zinc-500 transition-transform ${showScreened ? "rotate-90" : ""}`} aria-hidden>
              <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {screened.length} other role{screened.length === 1 ? "" : "s"} do not name this principal or its account in their trust policy
          </button>
          {showScreened && (
            <ul id={screenedId} className="divide-y divide-zinc-100 border-t border-zinc-100">
              {screened.map((v) => (
                <RoleRow key={v.role} v={v} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

/** The diagnose page's "What can X assume?": folded until asked, then the roles it can assume. */
export function AssumablePanel({ principal }: { principal: string }) {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const { data, error, isPending } = useAssumable(open ? principal : null);
  const name = arnName(principal);
  const shown = data?.roles.filter((r) => r.verdict !== "denied") ?? [];
  const denied = (data?.roles.length ?? 0) - shown.length;
  return (
    <section className="rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="assumable-panel">
      <h2 className="m-0">
        <button type="button" className="flex w-full items-center gap-2 rounded-lg px-3.5 py-2.5 text-left hover:bg-zinc-50" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
          <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 text-zinc-500 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="min-w-0 truncate text-[13px] font-semibold text-zinc-900">What can {name} assume?</span>
        </button>
      </h2>
      {open && (
        <div id={bodyId} className="border-t border-zinc-100 px-3.5 pt-1.5 pb-3">
          {isPending ? (
            <p className="flex items-center gap-2 py-1.5 text-xs text-zinc-600">
              <Spinner className="size-3.5" /> Checking every role…
            </p>
          ) : error ? (
            <p className="py-1.5 text-xs text-red-700">{error.message}</p>
          ) : (
            <>
              {shown.length === 0 ? (
                <p className="py-1.5 text-xs text-zinc-600">No role: every known role denies {name}.</p>
              ) : (
                <ul className="divide-y divide-zinc-100">
                  {shown.slice(0, 12).map((v) => (
                    <RoleRow key={v.role} v={v} compact />
                  ))}
                </ul>
              )}
              <p className="mt-1.5 text-xs text-zinc-500">
                {shown.length > 12 ? `${shown.length - 12} more, and ` : ""}
                {denied} denied.{" "}
                <Link href={principalHref(principal)} className="font-medium text-accent-700 hover:underline">
                  See every role →
                </Link>
              </p>
            </>
          )}
        </div>
      )}
    </section>
  );
}
