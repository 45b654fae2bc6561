// How a role or a principal reads in a suggestion list (the diagnose form, the sessions search).
import type { PrincipalSummary } from "@/lib/api/principals";
import type { RoleSummary } from "@/lib/api/roles";
import { KindChip } from "./chips";
import type { ComboOption } from "./Combobox";

export function principalOption(p: PrincipalSummary): ComboOption {
  return {
    key: p.arn,
    value: p.arn,
    content: (
      <span className="flex min-w-0 items-center gap-2">
        <KindChip kind={p.kind} />
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium text-zinc-900">{p.name}</span>
          <span className="block truncate font-mono text-[11px] text-zinc-500">{p.arn}</span>
        </span>
      </span>
    ),
  };
}

/** A role: path, name and account; with `description`, its description on a second line. */
export function roleOption(r: RoleSummary, { description = false } = {}): ComboOption {
  const line = (
    <span className="flex items-baseline gap-1.5">
      {r.path !== "/" && <span className="font-mono text-[11px] text-zinc-500">{r.path}</span>}
      <span className="truncate font-medium text-zinc-900">{r.name}</span>
      <span className="ml-auto shrink-0 font-mono text-[11px] text-zinc-500">{r.account}</span>
    </span>
  );
  return {
    key: r.arn,
    value: r.arn,
    content: description ? (
      <span className="block min-w-0">
        {line}
        {r.description && <span className="block truncate text-[11px] text-zinc-500">{r.description}</span>}
      </span>
    ) : (
      line
    ),
  };
}
