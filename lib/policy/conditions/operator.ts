// The shape shared by every condition operator. An operator family compiles the policy's values
// once into a predicate "does this one request value match any of the policy values?"; the
// set qualifiers (ForAnyValue / ForAllValues), `…IfExists`, negation and missing keys are handled
// once, in ./evaluate.ts, for every family alike.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import type { RequestContext } from "../context";

export type ValuePredicate = (requestValue: string, ctx: RequestContext) => boolean;

export interface CompileOptions {
  /** policy variables are substituted (Version 2012-10-17, String* and Arn* operators only) */
  variables: boolean;
}

export interface BaseOperator {
  /** e.g. "StringNotLike" */
  name: string;
  /** a negated operator (StringNotEquals, NotIpAddress, …) is true when no policy value matches */
  negated: boolean;
  /** whether policy variables are substituted in its values */
  supportsVariables: boolean;
  /** compile the policy values; a string is an error message (the value can never match) */
  compile(policyValues: string[], opts: CompileOptions): ValuePredicate | string;
  /** how a match reads in an explanation: "equals", "is like", "is in", … */
  verb: string;
}

export type SetQualifier = "ForAnyValue" | "ForAllValues";

export interface ParsedOperatorName {
  /** as written in the policy */
  written: string;
  set?: SetQualifier;
  base: string;
  ifExists: boolean;
}

export function parseOperatorName(written: string): ParsedOperatorName {
  let rest = written;
  let set: SetQualifier | undefined;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q === "ForAnyValue" || q === "ForAllValues") set = q;
    else return { written, base: rest, ifExists: false };
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith("IfExists") && rest !== "IfExists") {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  return { written, set, base: rest, ifExists };
}
