// Null: `"true"` holds when the key is absent from the request, `"false"` when it is present.
// It looks at presence only, so it has no value predicate.

import type { BaseOperator } from "./operator";

export const nullOperator: BaseOperator = {
  name: "Null",
  negated: false,
  supportsVariables: false,
  verb: "is null",
  compile(values) {
    const bad = values.find((v) => !["true", "false"].includes(v.trim().toLowerCase()));
    if (bad !== undefined) return `"${bad}" is not true or false`;
    // unused: evaluate.ts asks `nullWants` instead
    return () => false;
  },
};

/** Whether the Null condition holds for a key that is (or is not) present. */
export function nullHolds(policyValues: string[], present: boolean): boolean {
  return policyValues.some((v) => (v.trim().toLowerCase() === "true") === !present);
}
