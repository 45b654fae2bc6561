// Compile once, evaluate many: every pattern of a policy is prepared here, once, so that
// evaluating a request is only matching. Statements are also indexed by the service prefix of
// their actions, so that a request looks only at the statements that can match its action.

import { parseArn } from "./arn";
import { compileConditions, type CompiledCondition } from "./conditions/evaluate";
import { finding, type Finding } from "./findings";
import { compileArnPattern, type ArnMatcher } from "./arn";
import { isMultiValuedKey, isSingleValuedKey } from "./context";
import { ACTION_PATTERN, parsePolicy, type PolicyKind } from "./parse";
import { compilePrincipal, type CompiledPrincipal } from "./principal";
import type { PolicyDocument, Statement } from "./types";
import { compileGlob, hasWildcard, type Matcher } from "./wildcard";

/** Matches a lower-cased action name. */
export type ActionMatcher = (lowerAction: string) => boolean;

export interface CompiledStatement {
  statement: Statement;
  /** statement.effect === "Deny", read on every evaluation */
  deny: boolean;
  /** Action / NotAction, already folded: true when the statement covers the action */
  coversAction: ActionMatcher;
  /** Resource / NotResource; undefined when the statement has neither (trust policies) */
  resources?: ArnMatcher[];
  notResource: boolean;
  principal?: CompiledPrincipal;
  conditions: CompiledCondition[];
  /**
   * Why IAM would refuse this statement, when its meaning is not defined: an Allow then grants
   * nothing, and a Deny takes the undefined elements as matching (never a wrong "allowed").
   */
  invalid?: string;
}

export interface CompiledPolicy {
  /** where the policy sits in the request, e.g. `identity[1]`, `scps[0][2]` */
  label: string;
  kind: PolicyKind;
  /** a name or ARN a person knows it by, when there is one */
  name?: string;
  document: PolicyDocument;
  statements: CompiledStatement[];
  /** things a reader should know about this document (deleted principals, 2008 version, …) */
  notes: string[];
  /** what IAM's policy validation would report for this document (lib/policy/findings.ts) */
  findings: Finding[];
  /**
   * The statements that can match an action of a service prefix (lower-cased), in document
   * order. Built at compile time; `statementsFor` reads it.
   */
  byService?: ReadonlyMap<string, CompiledStatement[]>;
  /** statements that can match an action of any service (`*`, NotAction, wildcard prefixes) */
  anyService?: CompiledStatement[];
  /** the statements that cover an action, per action seen: made by the first evaluation (`statementsCovering`) */
  coverage?: Coverage;
}

/**
 * Which statements of a policy cover an action, remembered per lower-cased action: a policy is
 * evaluated for few distinct actions, and each answer is a list of the policy's own statements.
 * Bounded (cleared when full), and tied to the statement list it was computed from, so a policy
 * object given other statements (a copy with `...`) never reads another's answers.
 */
export class Coverage {
  private readonly byAction = new Map<string, CompiledStatement[]>();
  /** the last answer read: evaluations mostly repeat the action */
  private lastAction: string | undefined;
  private last: CompiledStatement[] | undefined;
  constructor(readonly statements: CompiledStatement[]) {}

  get(lowerAction: string): CompiledStatement[] | undefined {
    if (lowerAction === this.lastAction) return this.last;
    const covering = this.byAction.get(lowerAction);
    if (covering !== undefined) {
      this.lastAction = lowerAction;
      this.last = covering;
    }
    return covering;
  }

  set(lowerAction: string, covering: CompiledStatement[]): void {
    if (this.byAction.size >= COVERAGE_MAX) this.byAction.clear();
    this.byAction.set(lowerAction, covering);
    this.lastAction = lowerAction;
    this.last = covering;
  }

  get size(): number {
    return this.byAction.size;
  }

  /** a cache, not data: left out of any JSON the policy is written into */
  toJSON(): undefined {
    return undefined;
  }
}

/** distinct actions remembered per policy before its coverage is cleared */
export const COVERAGE_MAX = 64;

/**
 * The statements of `policy` whose Action / NotAction covers `lowerAction`, in document order:
 * the service-prefix index narrows them, `coversAction` decides, and the answer is remembered.
 * `prefix` is servicePrefix(lowerAction).
 */
export function statementsCovering(policy: CompiledPolicy, lowerAction: string, prefix: string): CompiledStatement[] {
  let coverage = policy.coverage;
  if (coverage === undefined || coverage.statements !== policy.statements) coverage = policy.coverage = new Coverage(policy.statements);
  let covering = coverage.get(lowerAction);
  if (covering === undefined) {
    covering = statementsForService(policy, prefix).filter((s) => s.coversAction(lowerAction));
    coverage.set(lowerAction, covering);
  }
  return covering;
}

/** The statements of `policy` that can cover `lowerAction`, in document order. */
export function statementsFor(policy: CompiledPolicy, lowerAction: string): CompiledStatement[] {
  return statementsForService(policy, servicePrefix(lowerAction));
}

export function servicePrefix(lowerAction: string): string {
  const colon = lowerAction.indexOf(":");
  return colon < 0 ? lowerAction : lowerAction.slice(0, colon);
}

/** As statementsFor, with the action's service prefix already taken. */
export function statementsForService(policy: CompiledPolicy, prefix: string): CompiledStatement[] {
  if (!policy.byService) return policy.statements;
  return policy.byService.get(prefix) ?? policy.anyService ?? policy.statements;
}

const ALL: ActionMatcher = () => true;
const NOTHING: ActionMatcher = () => false;

/** `lenient`: invalid entries (no service prefix) match every action instead of none. */
export function compileActions(patterns: string[], lenient = false): ActionMatcher {
  const exact = new Set<string>();
  const globs: Matcher[] = [];
  for (const p of patterns) {
    if (p === "*") return ALL;
    if (!ACTION_PATTERN.test(p)) {
      if (lenient) return ALL;
      continue;
    }
    const lower = p.toLowerCase();
    if (hasWildcard(lower)) globs.push(compileGlob(lower));
    else exact.add(lower);
  }
  if (globs.length === 0) {
    if (exact.size === 0) return NOTHING;
    if (exact.size === 1) {
      const only = [...exact][0]!;
      return (a) => a === only;
    }
    return (a) => exact.has(a);
  }
  if (exact.size === 0 && globs.length === 1) return globs[0]!;
  return (a) => {
    if (exact.has(a)) return true;
    for (const g of globs) if (g(a)) return true;
    return false;
  };
}

function compileCoverage(st: Statement, lenient: boolean): ActionMatcher {
  const action = st.action ? compileActions(st.action, lenient) : undefined;
  const notAction = st.notAction ? compileActions(st.notAction) : undefined;
  const excluded: ActionMatcher | undefined = notAction ? (a) => !notAction(a) : undefined;
  if (action && excluded) return lenient ? (a) => action(a) || excluded(a) : NOTHING;
  if (action) return action;
  if (excluded) return excluded;
  return lenient ? ALL : NOTHING;
}

function compileStatement(st: Statement, variables: boolean, kind: PolicyKind, findings: Finding[]): CompiledStatement {
  // A Deny whose meaning is not defined is evaluated with its undefined elements taken as matching.
  let problems = st.problems ? [...st.problems] : [];
  const conditions = st.condition ? compileConditions(st.condition, variables) : [];
  const path = (at: string) => `Statement[${st.index}].${at}`;
  for (const c of conditions) {
    if (c.invalid) {
      findings.push(finding(st.index, "error", conditionCode(c), conditionMessage(c), path(`Condition.${c.operator.written}.${c.key}`)));
      problems.push(c.invalid);
    } else if (!c.operator.set && c.base?.name !== "Null" && isMultiValuedKey(c.key)) {
      findings.push(
        finding(
          st.index,
          "error",
          "missing-qualifier",
          `Missing qualifier: the request can include multiple values for the condition key ${c.key}. Use ForAllValues: or ForAnyValue: with ${c.operator.written}; without one, the condition does not match a multivalued key.`,
          path(`Condition.${c.operator.written}.${c.key}`),
        ),
      );
    } else if (c.operator.set === "ForAllValues" && isSingleValuedKey(c.key)) {
      findings.push(
        finding(
          st.index,
          "security-warning",
          "forallvalues-with-single-valued-key",
          `Using ForAllValues qualifier with the single-valued condition key ${c.key} can be overly permissive (it also holds when the key is absent). We recommend that you remove ForAllValues:.`,
          path(`Condition.${c.operator.written}.${c.key}`),
        ),
      );
    }
  }
  if (problems.length === 0) problems = [];
  const invalid = problems.length > 0 ? problems.join("; ") : undefined;
  const lenient = invalid !== undefined && st.effect === "Deny";
  const patterns = kind === "trust" && lenient ? undefined : st.resource ?? st.notResource;
  const resourceOk = (p: string) => p === "*" || parseArn(p) !== null;
  const resources = patterns && lenient && st.resource && !st.resource.every(resourceOk) ? undefined : patterns?.filter((p) => !lenient || resourceOk(p));
  const principalKinds = kind === "trust" || kind === "resource" || kind === "endpoint" || kind === "rcp";
  const principalBlock = st.principal ?? st.notPrincipal;
  const badPrincipal = principalBlock !== undefined && [...(principalBlock.AWS ?? [])].some((v) => v !== "*" && (v.includes("*") || v.includes("?")));
  const principal = !principalKinds || !principalBlock || (lenient && (st.principalInvalid || badPrincipal)) ? undefined : compilePrincipal(principalBlock, st.notPrincipal !== undefined, kind === "rcp");
  // every field always there (undefined when not), so that all statements share one shape
  return {
    statement: st,
    deny: st.effect === "Deny",
    coversAction: compileCoverage(st, lenient),
    resources: resources?.map((p) => compileArnPattern(p, variables)),
    notResource: st.resource === undefined && st.notResource !== undefined,
    principal,
    conditions: lenient ? conditions.filter((c) => !c.invalid) : conditions,
    invalid,
  };
}

function conditionCode(c: CompiledCondition): string {
  if (!c.base) return "invalid-condition-operator";
  if (c.base.name === "Null") return "null-with-if-exists";
  if (c.base.name.startsWith("Date")) return "invalid-date-value";
  if (c.base.name.includes("IpAddress")) return "type-mismatch-ip-range";
  return "data-type-mismatch";
}

function conditionMessage(c: CompiledCondition): string {
  const w = c.operator.written;
  if (!c.base) return `Invalid condition operator: the condition operator "${w}" is not valid. Use a valid condition operator, such as StringEquals or ArnLike.`;
  if (c.base.name === "Null") return `Null with if exists: the Null condition operator cannot be used with the IfExists suffix or a set qualifier ("${w}"). Use Null.`;
  const detail = c.invalid?.replace(`${w} ${c.key}: `, "") ?? "";
  if (c.base.name.startsWith("Date")) return `Invalid date value: ${w} ${c.key}: ${detail}. Use an ISO 8601 date (2026-01-31T00:00:00Z) or epoch seconds.`;
  if (c.base.name.includes("IpAddress")) return `Type mismatch IP range: ${w} ${c.key}: ${detail}. Specify the IP range in standard CIDR format (203.0.113.0/24).`;
  return `Data type mismatch: ${w} ${c.key}: ${detail}.`;
}

/** Index statements by the service prefix of their actions (see statementsFor). */
function indexByService(statements: CompiledStatement[]): { byService: Map<string, CompiledStatement[]>; anyService: CompiledStatement[] } {
  const prefixesOf = (cs: CompiledStatement): Set<string> | null => {
    const st = cs.statement;
    if (!st.action || st.notAction || cs.invalid) return null;
    const out = new Set<string>();
    for (const a of st.action) {
      const colon = a.indexOf(":");
      const prefix = a.slice(0, colon).toLowerCase();
      if (colon < 0 || hasWildcard(prefix)) return null;
      out.add(prefix);
    }
    return out;
  };
  const per = statements.map(prefixesOf);
  const all = new Set<string>();
  for (const p of per) if (p) for (const x of p) all.add(x);
  const anyService = statements.filter((_, i) => per[i] === null);
  const byService = new Map<string, CompiledStatement[]>();
  for (const prefix of all) byService.set(prefix, statements.filter((_, i) => per[i] === null || per[i]!.has(prefix)));
  return { byService, anyService };
}

export function compilePolicy(doc: PolicyDocument, kind: PolicyKind, label: string, name?: string): CompiledPolicy {
  const variables = doc.version === "2012-10-17";
  const findings: Finding[] = [...(doc.findings ?? [])];
  const statements = doc.statements.map((s) => compileStatement(s, variables, kind, findings));
  const notes: string[] = [];
  if (doc.versionMissing) {
    notes.push('no Version element: IAM treats the document as 2008-10-17, so policy variables such as ${aws:username} are literal text');
  } else if (!variables && JSON.stringify(doc.raw).includes("${")) {
    notes.push("Version 2008-10-17: policy variables such as ${aws:username} are literal text; use 2012-10-17");
  }
  for (const s of statements) {
    for (const n of s.principal?.notes ?? []) notes.push(`Statement ${s.statement.index}: ${n}`);
  }
  const { byService, anyService } = indexByService(statements);
  return { label, kind, name, document: doc, statements, notes, findings: sortByStatement(findings), byService, anyService, coverage: undefined };
}

function sortByStatement(fs: Finding[]): Finding[] {
  return fs.map((f, i) => [f, i] as const).sort((a, b) => (a[0].statement ?? -1) - (b[0].statement ?? -1) || a[1] - b[1]).map(([f]) => f);
}

/** Parse and compile in one step (throws PolicyParseError only for input that is not a policy). */
export function compilePolicyInput(input: unknown, kind: PolicyKind, label: string, name?: string): CompiledPolicy {
  return compilePolicy(parsePolicy(input, kind), kind, label, name);
}
