"use client";

import { useId } from "react";

interface Props<T extends string> {
  legend: string;
  /** show the legend (otherwise only screen readers read it) */
  showLegend?: boolean;
  value: T;
  options: readonly { value: T; label: string; count?: number }[];
  onChange: (value: T) => void;
  testId?: string;
}

/** A row of mutually exclusive choices, built on radio buttons (arrow keys move between them). */
export function Segmented<T extends string>({ legend, showLegend = true, value, options, onChange, testId }: Props<T>) {
  const name = useId();
  return (
    <div role="radiogroup" aria-labelledby={`${name}-label`} className="flex flex-wrap items-center gap-2" data-testid={testId}>
      <span id={`${name}-label`} className={showLegend ? "text-xs font-medium text-zinc-600" : "sr-only"}>
        {legend}
      </span>
      <div className="inline-flex flex-wrap rounded-md border border-zinc-300 bg-white p-0.5 shadow-xs">
        {options.map((o) => (
          <label
            key={o.value || "all"}
            className={`cursor-pointer rounded px-2.5 py-1 text-xs font-medium whitespace-nowrap has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent-600 ${
              value === o.value ? "bg-accent-600 text-white" : "text-zinc-700 hover:bg-zinc-100"
            }`}
            data-value={o.value}
          >
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="sr-only" />
            {o.label}
            {o.count !== undefined && <span className={`ml-1 font-normal ${value === o.value ? "text-white/80" : "text-zinc-500"}`}>{o.count}</span>}
          </label>
        ))}
      </div>
    </div>
  );
}
