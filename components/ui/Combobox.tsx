"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Spinner } from "./Spinner";
import { input as inputClass } from "./buttons";

export interface ComboOption {
  /** what the input is set to when the option is chosen */
  value: string;
  /** unique within the list */
  key: string;
  content: ReactNode;
}

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** an option was chosen (by click or Enter); `onChange` has already been called with its value */
  onPick?: (option: ComboOption) => void;
  options: ComboOption[];
  loading?: boolean;
  /** shown at the end of the list, e.g. "3 more: keep typing" */
  footer?: ReactNode;
  /** shown when the list is empty and not loading */
  empty?: ReactNode;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  autoFocus?: boolean;
  className?: string;
  testId?: string;
}

/**
 * A text input with suggestions (the ARIA 1.2 combobox pattern): typing filters, arrows move
 * through the suggestions, Enter picks one, Escape closes. Free text stays valid: the list only
 * suggests. Focus alone does not open the list, so that an error shown under the field after a
 * "go to the field" stays visible.
 */
export function Combobox({ id, value, onChange, onPick, options, loading, footer, empty, placeholder, invalid, describedBy, autoFocus, className = "", testId }: Props) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);

  const shown = open && (options.length > 0 || loading || empty !== undefined);
  const activeIndex = active < options.length ? active : -1;

  useEffect(() => {
    if (activeIndex < 0) return;
    listRef.current?.querySelector(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeIndex]);

  const pick = (o: ComboOption) => {
    onChange(o.value);
    onPick?.(o);
    setOpen(false);
    setActive(-1);
  };

  return (
    <div className={`relative ${className}`}>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        placeholder={placeholder}
        className={`${inputClass} pr-7 font-mono`}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(-1, a - 1));
          } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            // Ctrl+Enter submits the form (the page's shortcut): the list closes, nothing is picked
            setOpen(false);
            setActive(-1);
          } else if (e.key === "Enter" && shown && activeIndex >= 0) {
            e.preventDefault();
            pick(options[activeIndex]!);
          } else if (e.key === "Escape" && shown) {
            e.preventDefault();
            setOpen(false);
            setActive(-1);
          } else if (e.key === "Tab") {
            setOpen(false);
          }
        }}
      />
      {loading && open && (
        <span className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-zinc-500">
          <Spinner className="size-3.5" />
        </span>
      )}
      {shown && (
        <div
          className="absolute z-30 mt-1 w-full min-w-72 overflow-hidden rounded-md border border-zinc-200 bg-white text-[13px] shadow-lg"
          // keep the focus in the input while clicking an option
          onMouseDown={(e) => e.preventDefault()}
        >
          <ul ref={listRef} id={listId} role="listbox" aria-label="Suggestions" className="max-h-72 overflow-y-auto py-1">
            {options.map((o, i) => (
              <li
                key={o.key}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === activeIndex}
                data-index={i}
                data-value={o.value}
                className={`cursor-pointer px-2.5 py-1.5 ${i === activeIndex ? "bg-accent-50" : "hover:bg-zinc-50"}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(o)}
              >
                {o.content}
              </li>
            ))}
          </ul>
          {options.length === 0 && !loading && empty !== undefined && <p className="px-2.5 pb-2 text-xs text-zinc-500">{empty}</p>}
          {options.length === 0 && loading && <p className="px-2.5 pb-2 text-xs text-zinc-500">Searching…</p>}
          {footer && options.length > 0 && <p className="border-t border-zinc-100 px-2.5 py-1 text-[11px] text-zinc-500">{footer}</p>}
        </div>
      )}
    </div>
  );
}
