// NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
// NumericGreaterThanEquals. A value that is not a number never matches.

import type { BaseOperator } from "./operator";

type Cmp = (request: number, policy: number) => boolean;

export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function op(name: string, negated: boolean, cmp: Cmp, verb: string): BaseOperator {
  return {
    name,
    negated,
    supportsVariables: false,
    verb,
    compile(values) {
      const nums = values.map(parseNumber);
      const bad = values.find((_, i) => nums[i] === null);
      if (bad !== undefined) return `"${bad}" is not a number`;
      const ns = nums as number[];
      return (v) => {
        const n = parseNumber(v);
        if (n === null) return false;
        for (const p of ns) if (cmp(n, p)) return true;
        return false;
      };
    },
  };
}

export const numericOperators: BaseOperator[] = [
  op("NumericEquals", false, (a, b) => a === b, "equals"),
  op("NumericNotEquals", true, (a, b) => a === b, "equals"),
  op("NumericLessThan", false, (a, b) => a < b, "is less than"),
  op("NumericLessThanEquals", false, (a, b) => a <= b, "is less than or equal to"),
  op("NumericGreaterThan", false, (a, b) => a > b, "is greater than"),
  op("NumericGreaterThanEquals", false, (a, b) => a >= b, "is greater than or equal to"),
];
