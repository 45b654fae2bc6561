"use client";

import { useId } from "react";
import { contextKeyRow, valueHints, type ContextKeyRow } from "@/lib/ui/role-capabilities";
import { btn, input } from "@/components/ui/buttons";

const KNOWN_KEYS = [
  "aws:RequestedRegion",
  "aws:SourceIp",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:SecureTransport",
  "aws:MultiFactorAuthPresent",
  "aws:CalledVia",
  "aws:ViaAWSService",
  "aws:ResourceTag/",
  "aws:RequestTag/",
  "aws:TagKeys",
  "kms:ViaService",
  "s3:prefix",
  "iam:PassedToService",
];

export const contextValueId = (row: ContextKeyRow) => `ctxv-${row.id}`;

interface Props {
  rows: ContextKeyRow[];
  onChange: (rows: ContextKeyRow[]) => void;
  /** Enter in a value: run the check again */
  onSubmit?: () => void;
}

/** Condition keys and their values for a request: one string each. */
export function ContextKeys({ rows, onChange, onSubmit }: Props) {
  const keysId = useId();
  const update = (id: string, patch: Partial<ContextKeyRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div data-testid="context-keys">
      <datalist id={keysId}>
        {KNOWN_KEYS.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {rows.length > 0 && (
        <ul className="mb-1.5 space-y-1.5">
          {rows.map((row, i) => {
            const hints = valueHints(row.key);
            const hintsId = `${keysId}-v-${row.id}`;
            return (
              <li key={row.id} className="flex items-center gap-1.5" data-testid="context-row">
                <div className="w-[45%] shrink-0">
                  <input
                    className={`${input} font-mono`}
                    value={row.key}
                    list={keysId}
                    onChange={(e) => update(row.id, { key: e.target.value })}
                    placeholder="aws:RequestedRegion"
                    aria-label={`Context key ${i + 1}`}
                    spellCheck={false}
                    autoCapitalize="off"
                  />
                </div>
                <span className="text-zinc-500" aria-hidden>
                  =
                </span>
                {hints.length > 0 && (
                  <datalist id={hintsId}>
                    {hints.map((h) => (
                      <option key={h} value={h} />
                    ))}
                  </datalist>
                )}
                <div className="min-w-0 flex-1">
                  <input
                    id={contextValueId(row)}
                    className={`${input} font-mono`}
                    value={row.value}
                    list={hints.length ? hintsId : undefined}
                    onChange={(e) => update(row.id, { value: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === "Enter" && onSubmit) {
                        e.preventDefault();
                        onSubmit();
                      }
                    }}
                    placeholder={hints[0] ?? "value"}
                    aria-label={`Value of ${row.key || `context key ${i + 1}`}`}
                    spellCheck={false}
                    autoCapitalize="off"
                  />
                </div>
                <button type="button" className={btn.danger} onClick={() => onChange(rows.filter((r) => r.id !== row.id))} aria-label={`Remove ${row.key || `context key ${i + 1}`}`}>
                  ✕
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" className={btn.small} onClick={() => onChange([...rows, contextKeyRow()])}>
        + Add context key
      </button>
    </div>
  );
}
