// DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan,
// DateGreaterThanEquals. Values are ISO 8601 dates/times or epoch seconds
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).

import type { BaseOperator } from "./operator";

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month = last day of this one
  return d.getUTCDate();
}

/** Milliseconds since the epoch, or null when the text is not a date AWS accepts. */
export function parseDate(s: string): number | null {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!ISO.test(t)) return null;
  // Date.parse rolls impossible days over (2026-02-30 → 2026-03-02): reject them.
  const year = Number(t.slice(0, 4));
  const month = Number(t.slice(5, 7));
  const day = Number(t.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // A date-time without a zone is UTC in IAM; JS would read it as local time.
  const withZone = t.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : ms;
}

type Cmp = (request: number, policy: number) => boolean;

function op(name: string, negated: boolean, cmp: Cmp, verb: string): BaseOperator {
  return {
    name,
    negated,
    supportsVariables: false,
    verb,
    compile(values) {
      const ds = values.map(parseDate);
      const bad = values.find((_, i) => ds[i] === null);
      if (bad !== undefined) return `"${bad}" is not a date (use ISO 8601, e.g. 2026-01-31T00:00:00Z, or epoch seconds)`;
      const ms = ds as number[];
      return (v) => {
        const d = parseDate(v);
        if (d === null) return false;
        for (const p of ms) if (cmp(d, p)) return true;
        return false;
      };
    },
  };
}

export const dateOperators: BaseOperator[] = [
  op("DateEquals", false, (a, b) => a === b, "equals"),
  op("DateNotEquals", true, (a, b) => a === b, "equals"),
  op("DateLessThan", false, (a, b) => a < b, "is before"),
  op("DateLessThanEquals", false, (a, b) => a <= b, "is at or before"),
  op("DateGreaterThan", false, (a, b) => a > b, "is after"),
  op("DateGreaterThanEquals", false, (a, b) => a >= b, "is at or after"),
];
