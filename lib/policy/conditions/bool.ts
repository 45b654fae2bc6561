// Bool: "true" / "false", compared without regard to case.

import type { BaseOperator } from "./operator";

export const boolOperators: BaseOperator[] = [
  {
    name: "Bool",
    negated: false,
    supportsVariables: false,
    verb: "is",
    compile(values) {
      const lower = values.map((v) => v.trim().toLowerCase());
      const bad = values.find((_, i) => lower[i] !== "true" && lower[i] !== "false");
      if (bad !== undefined) return `"${bad}" is not true or false`;
      // "true" / "false" as most requests spell them need no trimming or folding
      return (v) => lower.includes(v === "true" || v === "false" ? v : v.trim().toLowerCase());
    },
  },
];
