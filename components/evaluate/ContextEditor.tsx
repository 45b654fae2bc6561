"use client";

import { contextValue, type ContextMode, type ContextRow } from "@/lib/ui/form-state";
import { btn, input } from "@/components/ui/buttons";

export const contextValueDomId = (id: string) => `ctx-${id}`;

const KNOWN_KEYS = [
  "aws:MultiFactorAuthPresent",
  "aws:MultiFactorAuthAge",
  "aws:SourceIp",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:RequestedRegion",
  "aws:SecureTransport",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalTag/",
  "aws:RequestTag/",
  "aws:ResourceTag/",
  "aws:TagKeys",
  "aws:CalledVia",
  "aws:ViaAWSService",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceIdentity",
  "sts:ExternalId",
  "sts:RoleSessionName",
  "sts:SourceIdentity",
  "sts:TransitiveTagKeys",
  "sts:DurationSeconds",
];

const MODES: { value: ContextMode; label: string; hint: string }[] = [
  { value: "text", label: "Single", hint: "one string, e.g. 10.0.0.1" },
  { value: "list", label: "List", hint: "comma-separated: a, b, c" },
  { value: "json", label: "JSON", hint: 'a JSON value: "x", 3, true or ["a", "b"]' },
];

interface Props {
  rows: ContextRow[];
  onChange: (rows: ContextRow[]) => void;
  onAdd: () => void;
  errors: Record<string, string | undefined>;
}

export function ContextEditor({ rows, onChange, onAdd, errors }: Props) {
  const update = (id: string, patch: Partial<ContextRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const remove = (id: string) => onChange(rows.filter((r) => r.id !== id));

  return (
    <div>
      <datalist id="context-keys">
        {KNOWN_KEYS.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {rows.length === 0 ? (
        <p className="text-xs text-zinc-500">
          No context keys. Keys AWS derives from the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:username, aws:PrincipalType…) are filled in
          for you.
        </p>
      ) : (
        <table className="w-full border-separate border-spacing-y-1.5 text-left">
          <thead className="text-[11px] font-medium text-zinc-500">
            <tr>
              <th scope="col" className="w-[40%] font-medium">
                Key
              </th>
              <th scope="col" className="font-medium">
                Value
              </th>
              <th scope="col" className="w-28 font-medium" title="Single: one string. List: comma-separated values (a multi-valued key). JSON: any JSON value.">
                Kind
              </th>
              <th scope="col" className="w-14">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const local = contextValue(row);
              const error = errors[row.id] ?? ("error" in local && row.value.trim() ? local.error : undefined);
              const errorId = `ctx-err-${row.id}`;
              return (
                <tr key={row.id} className="align-top" data-testid="context-row">
                  <td className="pr-1.5">
                    <input
                      className={`${input} font-mono`}
                      value={row.key}
                      list="context-keys"
                      onChange={(e) => update(row.id, { key: e.target.value })}
                      placeholder="aws:SourceIp"
                      aria-label={`Context key ${i + 1}`}
                      spellCheck={false}
                      autoCapitalize="off"
                    />
                  </td>
                  <td className="pr-1.5">
                    <input
                      id={contextValueDomId(row.id)}
                      className={`${input} font-mono`}
                      value={row.value}
                      onChange={(e) => update(row.id, { value: e.target.value })}
                      placeholder={MODES.find((m) => m.value === row.mode)?.hint}
                      aria-label={`Value of ${row.key || `context key ${i + 1}`}`}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      spellCheck={false}
                      autoCapitalize="off"
                    />
                    {error && (
                      <p id={errorId} className="mt-0.5 text-xs text-red-700" data-testid="context-error">
                        {error}
                      </p>
                    )}
                  </td>
                  <td className="pr-1.5">
                    <select
                      className={`${input} px-2`}
                      value={row.mode}
                      onChange={(e) => update(row.id, { mode: e.target.value as ContextMode })}
                      aria-label={`Kind of value for ${row.key || `context key ${i + 1}`}`}
                    >
                      {MODES.map((m) => (
                        <option key={m.value} value={m.value}>
                          {m.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="pt-1 text-right">
                    <button type="button" className={btn.danger} onClick={() => remove(row.id)} aria-label={`Remove context key ${row.key || i + 1}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" className={`${btn.small} mt-2`} onClick={onAdd}>
        + Add context key
      </button>
    </div>
  );
}
