"use client";
// One access path as a row of hops: each hop links to its own diagnosis (with MFA asked when the
// hop needs it), its conditions and its session limit shown on the arrow.

import Link from "next/link";
import { diagnoseHref } from "@/lib/ui/diagnose-form";
import { principalHref, roleHref } from "@/lib/ui/iam-format";
import { conditionLabel, formatSeconds, shortName } from "@/lib/paths/describe";
import type { AccessPath, PathHop } from "@/lib/paths/types";

/** The diagnosis of one hop, as a deep link; MFA is asked for when the hop depends on it. */
export function hopHref(h: PathHop): string {
  const base = diagnoseHref(h.from, h.role);
  return h.requires.some((k) => k.toLowerCase() === "aws:multifactorauthpresent") ? `${base}&mfa=true` : base;
}

function Caller({ arn }: { arn: string }) {
  const name = shortName(arn);
  if (!arn.startsWith("arn:") || arn.includes(":assumed-role/")) return <span className="font-medium text-zinc-900">{name}</span>;
  return (
    <Link href={principalHref(arn)} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline" title={arn}>
      {name}
    </Link>
  );
}

export function PathHops({ path, testId = "path" }: { path: AccessPath; testId?: string }) {
  return (
    <ol className="flex flex-wrap items-center gap-x-1 gap-y-1 text-[13px]" data-testid={testId} data-verdict={path.verdict}>
      <li>
        <Caller arn={path.hops[0]!.from} />
      </li>
      {path.hops.map((h, i) => (
        <li key={`${i}:${h.role}`} className="flex items-center gap-1" data-testid="hop" data-role={h.role}>
          <Link
            href={hopHref(h)}
            className={`inline-flex items-center gap-1 rounded-full border px-1.5 py-px text-[11px] hover:underline ${h.verdict === "allowed" ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-amber-300 bg-amber-50 text-amber-900"}`}
            title={`Diagnose hop ${i + 1}: ${h.from} → ${h.role}${h.maxSessionSeconds ? ` (sessions of at most ${formatSeconds(h.maxSessionSeconds)})` : ""}`}
            aria-label={`Diagnose hop ${i + 1}: ${shortName(h.from)} assumes ${shortName(h.role)}`}
            data-testid="hop-link"
          >
            <span aria-hidden>→</span>
            {h.requires.length > 0 && <span>{h.requires.map(conditionLabel).join(", ")}</span>}
            {h.missing?.length ? <span>data missing</span> : null}
          </Link>
          <Link href={roleHref(h.role)} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline" title={h.role}>
            {shortName(h.role)}
          </Link>
        </li>
      ))}
    </ol>
  );
}
