"use client";

import type { PolicyLevel } from "@/lib/ui/form-state";
import { btn } from "@/components/ui/buttons";
import { PolicyEditor } from "./PolicyEditor";

interface Props {
  kind: "scps" | "rcps";
  levels: PolicyLevel[];
  onText: (id: string, text: string) => void;
  onAddLevel: () => void;
  onRemoveLevel: (levelId: string) => void;
  onAddPolicy: (levelId: string) => void;
  onRemovePolicy: (levelId: string, policyId: string) => void;
  errors: Record<string, string | undefined>;
}

export function LevelsEditor({ kind, levels, onText, onAddLevel, onRemoveLevel, onAddPolicy, onRemovePolicy, errors }: Props) {
  const short = kind === "scps" ? "SCP" : "RCP";
  return (
    <div className="space-y-3">
      {levels.map((lv, l) => {
        const where = levels.length === 1 ? "" : l === 0 ? " · root" : l === levels.length - 1 ? " · account" : " · OU";
        return (
          <fieldset key={lv.id} className="rounded-md border border-zinc-200 bg-zinc-50/60 p-2.5" data-testid={`${kind}-level`}>
            <legend className="sr-only">
              {short} level {l + 1}
            </legend>
            <div className="mb-2 flex items-center gap-2">
              <span className="text-xs font-semibold text-zinc-700" aria-hidden>
                Level {l + 1}
                <span className="font-normal text-zinc-500">{where}</span>
              </span>
              {errors[lv.id] && <span className="text-xs text-red-700">{errors[lv.id]}</span>}
              <button type="button" className={`${btn.danger} ml-auto`} onClick={() => onRemoveLevel(lv.id)} aria-label={`Remove ${short} level ${l + 1}`}>
                Remove level
              </button>
            </div>
            <div className="space-y-3">
              {lv.policies.map((d, i) => (
                <PolicyEditor
                  kind={kind === "scps" ? "scp" : "rcp"}
                  key={d.id}
                  draft={d}
                  slot={`${kind}/${l}/${i}`}
                  label={`${short} level ${l + 1} · policy ${i + 1}`}
                  onChange={(t) => onText(d.id, t)}
                  onRemove={lv.policies.length > 1 ? () => onRemovePolicy(lv.id, d.id) : undefined}
                  serverError={errors[d.id]}
                />
              ))}
            </div>
            <button type="button" className={`${btn.small} mt-2`} onClick={() => onAddPolicy(lv.id)}>
              + Add policy to level {l + 1}
            </button>
          </fieldset>
        );
      })}
      <button type="button" className={btn.small} onClick={onAddLevel}>
        + Add {short} level
      </button>
    </div>
  );
}
