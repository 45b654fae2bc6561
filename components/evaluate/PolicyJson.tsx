import { useMemo } from "react";
import { prettyPolicy } from "@/lib/ui/policy-lines";

interface Props {
  document: unknown;
  /** statement index → how to mark its lines */
  marks: Map<number, "allow" | "deny">;
  label: string;
}

/** A policy document, pretty-printed with line numbers, the deciding statements' lines highlighted. */
export function PolicyJson({ document, marks, label }: Props) {
  const { lines, statements } = useMemo(() => prettyPolicy(document), [document]);
  const lineMark = useMemo(() => {
    const out = new Map<number, { kind: "allow" | "deny"; first: boolean; index: number }>();
    for (const [index, kind] of marks) {
      const range = statements[index];
      if (!range) continue;
      for (let i = range[0]; i <= range[1]; i++) out.set(i, { kind, first: i === range[0], index });
    }
    return out;
  }, [marks, statements]);
  const width = String(lines.length).length;

  return (
    <pre className="policy-text overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50 py-1.5 text-zinc-800" aria-label={`${label} document`} tabIndex={0}>
      <code className="block min-w-max">
        {lines.map((line, i) => {
          const m = lineMark.get(i);
          const cls = m
            ? m.kind === "deny"
              ? "bg-red-100/70 shadow-[inset_3px_0_0_var(--color-red-500)]"
              : "bg-emerald-100/70 shadow-[inset_3px_0_0_var(--color-emerald-500)]"
            : "";
          return (
            <span
              key={i}
              className={`flex pr-3 ${cls}`}
              data-highlight={m ? "decisive" : undefined}
              data-statement={m?.first ? m.index : undefined}
            >
              <span className="mr-3 inline-block shrink-0 pl-3 text-right text-zinc-500 select-none" style={{ width: `${width + 2.5}ch` }} aria-hidden>
                {i + 1}
              </span>
              <span className="whitespace-pre">{line || " "}</span>
            </span>
          );
        })}
      </code>
    </pre>
  );
}
