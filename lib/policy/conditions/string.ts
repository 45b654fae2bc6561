// StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike,
// StringNotLike. Case-sensitive unless …IgnoreCase; only the Like forms honour `*` and `?`.
// Policy variables are substituted in the values (2012-10-17).

import { parseTemplate, resolveVariables, templateTokens } from "../variables";
import { compileGlob, compileTokensCached } from "../wildcard";
import type { BaseOperator, CompileOptions, ValuePredicate } from "./operator";

function compileValues(values: string[], opts: CompileOptions, like: boolean, ignoreCase: boolean): ValuePredicate {
  const templates = values.map((pv) => (opts.variables ? parseTemplate(pv) : null));
  // Plain StringEquals values (no variables): one set lookup, the same comparison as each value's
  // (exact, or of the lower-cased forms for …IgnoreCase).
  if (!like && templates.every((t) => t === null)) {
    if (ignoreCase) {
      const lower = new Set(values.map((pv) => pv.toLowerCase()));
      return (v) => lower.has(v.toLowerCase());
    }
    if (values.length === 1) {
      const only = values[0]!;
      return (v) => v === only;
    }
    const exact = new Set(values);
    return (v) => exact.has(v);
  }
  const predicates: ValuePredicate[] = values.map((pv, i) => {
    const template = templates[i]!;
    if (!template) return compileGlob(pv, { literal: !like, ignoreCase });
    if (!like) {
      return (v, ctx) => {
        const r = resolveVariables(template, ctx);
        if (!r.ok) return false;
        return ignoreCase ? r.value.toLowerCase() === v.toLowerCase() : r.value === v;
      };
    }
    return (v, ctx) => {
      const r = templateTokens(template, ctx, [], false, ignoreCase);
      return r.ok && compileTokensCached(r.tokens).test(ignoreCase ? v.toLowerCase() : v);
    };
  });
  if (predicates.length === 1) return predicates[0]!;
  return (v, ctx) => {
    for (const p of predicates) if (p(v, ctx)) return true;
    return false;
  };
}

function op(name: string, negated: boolean, like: boolean, ignoreCase: boolean, verb: string): BaseOperator {
  return {
    name,
    negated,
    supportsVariables: true,
    verb,
    compile: (values, opts) => compileValues(values, opts, like, ignoreCase),
  };
}

export const stringOperators: BaseOperator[] = [
  op("StringEquals", false, false, false, "equals"),
  op("StringNotEquals", true, false, false, "equals"),
  op("StringEqualsIgnoreCase", false, false, true, "equals (ignoring case)"),
  op("StringNotEqualsIgnoreCase", true, false, true, "equals (ignoring case)"),
  op("StringLike", false, true, false, "is like"),
  op("StringNotLike", true, true, false, "is like"),
];
