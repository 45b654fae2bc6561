// ArnEquals, ArnLike, ArnNotEquals, ArnNotLike: case-sensitive, segment by segment, wildcards
// honoured by both forms; policy variables substituted (2012-10-17).

import { compileArnPattern } from "../arn";
import type { BaseOperator } from "./operator";

function op(name: string, negated: boolean, verb: string): BaseOperator {
  return {
    name,
    negated,
    supportsVariables: true,
    verb,
    compile(values, opts) {
      const matchers = values.map((p) => compileArnPattern(p, opts.variables));
      return (v, ctx) => {
        if (!v.startsWith("arn:")) return false;
        for (const m of matchers) if (m(v, ctx) === true) return true;
        return false;
      };
    },
  };
}

export const arnOperators: BaseOperator[] = [
  op("ArnEquals", false, "equals"),
  op("ArnLike", false, "is like"),
  op("ArnNotEquals", true, "equals"),
  op("ArnNotLike", true, "is like"),
];
