"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { input as inputClass } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { useDebounced } from "@/components/ui/useDebounced";
import { listPrincipals, listRoles } from "./api";

export interface Option {
  value: string;
  label: string;
  detail?: string;
  badges?: string[];
}

interface Props {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** an option was picked, or Enter / leaving the field settled the text */
  onCommit?: (value: string) => void;
  /** the options for a search text */
  search: (q: string, signal: AbortSignal) => Promise<Option[]>;
  queryKey: string;
  placeholder?: string;
  error?: string | null;
  /** asks for the field (amber, not an error): the server needs it */
  prompt?: string | null;
  /** shown under the field, in grey, when there is no error or prompt */
  note?: ReactNode;
  testId?: string;
}

/** A text field with suggestions: the ARIA 1.2 combobox pattern (list autocomplete). */
export function Typeahead({ id, label, hint, value, onChange, onCommit, search, queryKey, placeholder, error, prompt, note, testId }: Props) {
  const listId = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(value.trim(), 150);
  const { data, isFetching } = useQuery({
    queryKey: ["typeahead", queryKey, q],
    queryFn: ({ signal }) => search(q, signal),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    retry: false,
  });
  const options = data ?? [];
  // the one suggestion is what the field already says: nothing to suggest
  const shown = open && options.length > 0 && !(options.length === 1 && options[0]!.value === value.trim());

  const commit = (v: string) => {
    setOpen(false);
    setActive(-1);
    onCommit?.(v);
  };

  const pick = (o: Option) => {
    onChange(o.value);
    commit(o.value);
  };

  return (
    <div className="relative min-w-0" data-testid={testId}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      )}
      <div className="relative mt-1">
        <input
          id={id}
          className={`${inputClass} pr-7 font-mono`}
          role="combobox"
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error || prompt ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => commit(value.trim())}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, options.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, -1));
            } else if (e.key === "Enter") {
              const o = shown && active >= 0 ? options[active] : undefined;
              if (o) {
                e.preventDefault();
                pick(o);
              } else commit(value.trim());
            } else if (e.key === "Escape") {
              if (shown) e.preventDefault();
              setOpen(false);
              setActive(-1);
            }
          }}
        />
        {isFetching && open && (
          <span className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-zinc-500">
            <Spinner className="size-3.5" />
          </span>
        )}
        {shown && (
          <ul
            id={listId}
            role="listbox"
            aria-label="Suggestions"
            className="absolute z-30 mt-1 max-h-80 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 shadow-lg"
          >
            {options.map((o, i) => (
              <li
                key={o.value}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`cursor-pointer px-2.5 py-1.5 ${i === active ? "bg-accent-50" : "hover:bg-zinc-50"}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(o)}
              >
                <span className="flex items-baseline gap-2">
                  <span className="truncate text-[13px] font-medium text-zinc-900">{o.label}</span>
                  {o.badges?.map((b) => (
                    <span key={b} className="shrink-0 rounded bg-zinc-100 px-1.5 text-[10.5px] font-medium text-zinc-600">
                      {b}
                    </span>
                  ))}
                </span>
                <span className="block truncate font-mono text-[11px] text-zinc-500">{o.value}</span>
                {o.detail && <span className="block truncate text-[11px] text-zinc-500">{o.detail}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : prompt ? (
        <p id={errorId} className="mt-1 rounded bg-amber-50 px-1.5 py-1 text-xs text-amber-900" data-testid="field-prompt">
          {prompt}
        </p>
      ) : (
        note && <div className="mt-1 text-xs text-zinc-500">{note}</div>
      )}
    </div>
  );
}

const ADMITS: Record<string, string> = { service: "AWS service", "own-account": "own account", "other-account": "other account", federated: "federated", anyone: "anyone!" };

export async function searchRoles(q: string, signal: AbortSignal): Promise<Option[]> {
  const { roles } = await listRoles(q, signal);
  return roles.map((r) => ({
    value: r.arn,
    label: r.name,
    detail: [r.path !== "/" ? r.path : null, r.description].filter(Boolean).join(" · ") || undefined,
    badges: [r.account, ...r.admits.map((a) => ADMITS[a] ?? a)],
  }));
}

export async function searchPrincipals(q: string, signal: AbortSignal): Promise<Option[]> {
  const { principals } = await listPrincipals(q, signal);
  return principals.map((p) => ({ value: p.arn, label: p.name, badges: [p.kind, p.account] }));
}
