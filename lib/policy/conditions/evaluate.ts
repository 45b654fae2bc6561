// Evaluates a Condition block: every operator and every key must hold (AND); the values under a
// key are alternatives (OR); a negated operator holds when no value matches (NOR). Missing keys,
// `…IfExists`, and the set qualifiers follow the IAM reference:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

import type { RequestContext } from "../context";
import type { ConditionBlock } from "../types";
import { arnOperators } from "./arn";
import { binaryOperators } from "./binary";
import { boolOperators } from "./bool";
import { dateOperators } from "./date";
import { ipOperators } from "./ip";
import { nullHolds, nullOperator } from "./null";
import { numericOperators } from "./numeric";
import { parseOperatorName, type BaseOperator, type ParsedOperatorName, type ValuePredicate } from "./operator";
import { stringOperators } from "./string";

export const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map(
  [...stringOperators, ...numericOperators, ...dateOperators, ...boolOperators, ...binaryOperators, ...ipOperators, ...arnOperators, nullOperator].map(
    (o) => [o.name, o],
  ),
);

export interface CompiledCondition {
  operator: ParsedOperatorName;
  base?: BaseOperator;
  key: string;
  lowerKey: string;
  policyValues: string[];
  predicate?: ValuePredicate;
  /** why this condition can never hold (unknown operator, a value of the wrong type) */
  invalid?: string;
}

export interface ConditionFailure {
  operator: string;
  key: string;
  policyValues: string[];
  /** null: the key is not in the request */
  requestValues: string[] | null;
  /** missing-key: not in the request; unknown: not known, its outcome assumed (EvaluationOptions.unknownKeys) */
  reason: "missing-key" | "no-match" | "invalid" | "unknown";
  message: string;
}

export function compileConditions(block: ConditionBlock, variables: boolean): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  for (const [written, keys] of Object.entries(block)) {
    const operator = parseOperatorName(written);
    const base = OPERATORS.get(operator.base);
    for (const [key, policyValues] of Object.entries(keys)) {
      // every field always there (undefined when not), so that all conditions share one shape
      const c: CompiledCondition = { operator, base, key, lowerKey: key.toLowerCase(), policyValues, predicate: undefined, invalid: undefined };
      if (!base) {
        c.invalid = `unknown condition operator "${written}": IAM would reject it, so the statement does not apply`;
      } else if (base === nullOperator && (operator.ifExists || operator.set)) {
        c.invalid = `"${written}" is not a valid operator (Null takes no IfExists or set qualifier)`;
      } else {
        const compiled = base.compile(policyValues, { variables: variables && base.supportsVariables });
        if (typeof compiled === "string") c.invalid = `${written} ${key}: ${compiled}`;
        else c.predicate = compiled;
      }
      out.push(c);
    }
  }
  return out;
}

/** true when the condition holds; otherwise a failure that says why. */
export function evaluateCondition(c: CompiledCondition, ctx: RequestContext): true | ConditionFailure {
  if (c.invalid || !c.base || !c.predicate) {
    return fail(c, ctx.getLower(c.lowerKey)?.values ?? null, "invalid", c.invalid ?? "invalid condition");
  }
  const entry = ctx.getLower(c.lowerKey);
  const values = entry?.values ?? [];
  const present = values.length > 0;
  const { set, ifExists } = c.operator;
  const negated = c.base.negated;

  if (c.base === nullOperator) {
    return nullHolds(c.policyValues, present)
      ? true
      : fail(c, present ? values : null, "no-match", present ? `${c.key} is present, but the policy requires it to be absent` : `${c.key} is absent, but the policy requires it to be present`);
  }

  if (!present) {
    // ForAllValues is vacuously true on an empty set; IfExists skips an absent key; a negated
    // operator is true because no request value equals a policy value.
    if (set === "ForAllValues" || ifExists || (negated && set !== "ForAnyValue")) return true;
    return fail(c, null, "missing-key", `${c.key} is not in the request`);
  }

  // "Multivalued context keys require a condition set operator": without ForAnyValue/ForAllValues
  // the condition does not match a multivalued key, whatever its values (AWS's simulator agrees).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  if (!set && entry?.multi) {
    return fail(c, values, "no-match", `${c.operator.written}: ${c.key} is a multivalued key ([${quote(values)}]); without ForAnyValue: or ForAllValues: the condition does not match it`);
  }
  const holds = setHolds(c.predicate, values, ctx, negated, set);
  if (holds) return true;
  return new MismatchFailure(c, values);
}

/** The set logic, with plain loops: this runs for every condition of every evaluation. */
function setHolds(pred: ValuePredicate, values: string[], ctx: RequestContext, negated: boolean, set: string | undefined): boolean {
  if (set === "ForAllValues") {
    for (const v of values) if (pred(v, ctx) === negated) return false;
    return true;
  }
  if (set === "ForAnyValue") {
    for (const v of values) if (pred(v, ctx) !== negated) return true;
    return false;
  }
  // No qualifier: a positive operator holds when a request value matches; a negated one when
  // none does.
  let any = false;
  for (const v of values) {
    if (pred(v, ctx)) {
      any = true;
      break;
    }
  }
  return negated ? !any : any;
}

function quote(vs: string[]): string {
  return vs.map((v) => `"${v}"`).join(", ");
}

function describeMismatch(c: CompiledCondition, values: string[], negated: boolean, set: string | undefined): string {
  const verb = c.base?.verb ?? "matches";
  const req = values.length === 1 ? `"${values[0]}"` : `[${quote(values)}]`;
  const pol = c.policyValues.length === 1 ? `"${c.policyValues[0]}"` : `one of ${quote(c.policyValues)}`;
  const which = set === "ForAllValues" ? "every value of " : set === "ForAnyValue" ? "any value of " : "";
  if (negated) return `${c.operator.written}: ${which}${c.key} (${req}) ${verb} ${pol}, which the policy excludes`;
  return `${c.operator.written}: ${which}${c.key} is ${req}, which does not satisfy "${verb} ${pol}"`;
}

/**
 * A request value that does not satisfy the condition: its message is built only when read, as
 * evaluation needs the failure and rarely its text (a class: an object literal with a getter is
 * slow to make).
 */
class MismatchFailure implements ConditionFailure {
  readonly operator: string;
  readonly key: string;
  readonly policyValues: string[];
  readonly reason = "no-match" as const;
  private text?: string;
  constructor(
    private readonly condition: CompiledCondition,
    readonly requestValues: string[],
  ) {
    this.operator = condition.operator.written;
    this.key = condition.key;
    this.policyValues = condition.policyValues;
  }
  get message(): string {
    const c = this.condition;
    return (this.text ??= describeMismatch(c, this.requestValues, c.base?.negated === true, c.operator.set));
  }
  toJSON(): ConditionFailure {
    return { operator: this.operator, key: this.key, policyValues: this.policyValues, requestValues: this.requestValues, reason: this.reason, message: this.message };
  }
}

function fail(c: CompiledCondition, requestValues: string[] | null, reason: ConditionFailure["reason"], message: string): ConditionFailure {
  return { operator: c.operator.written, key: c.key, policyValues: c.policyValues, requestValues, reason, message };
}

/** Evaluate all conditions; every failure is reported, not only the first. */
export function evaluateConditions(conds: CompiledCondition[], ctx: RequestContext): ConditionFailure[] {
  let failures: ConditionFailure[] | undefined;
  for (const c of conds) {
    const r = evaluateCondition(c, ctx);
    if (r !== true) (failures ??= []).push(r);
  }
  return failures ?? NO_FAILURES;
}

const NO_FAILURES: ConditionFailure[] = [];
