// Compile once, evaluate many: every pattern of a policy is prepared here, once, so that
// evaluating a request is only matching.

import { compileArnPattern, type ArnMatcher } from "./arn";
import { compileConditions, type CompiledCondition } from "./conditions/evaluate";
import { parsePolicy, type PolicyKind } from "./parse";
import { compilePrincipal, type CompiledPrincipal } from "./principal";
import type { Finding } from "./findings";
import type { PolicyDocument, Statement } from "./types";
import { globSource, hasWildcard } from "./wildcard";

/** Matches a lower-cased action name. */
export type ActionMatcher = (lowerAction: string) => boolean;

export interface CompiledStatement {
  statement: Statement;
  /** Action / NotAction, already folded: true when the statement covers the action */
  coversAction: ActionMatcher;
  /** Resource / NotResource; undefined when the statement has neither (trust policies) */
  resources?: ArnMatcher[];
  notResource: boolean;
  principal?: CompiledPrincipal;
  conditions: CompiledCondition[];
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
}

export function compileActions(patterns: string[]): ActionMatcher {
  const exact = new Set<string>();
  const globs: string[] = [];
  let all = false;
  for (const p of patterns) {
    if (p === "*") all = true;
    else if (hasWildcard(p)) globs.push(globSource(p.toLowerCase()));
    else exact.add(p.toLowerCase());
  }
  if (all) return () => true;
  if (globs.length === 0) {
    if (exact.size === 1) {
      const only = [...exact][0]!;
      return (a) => a === only;
    }
    return (a) => exact.has(a);
  }
  const re = new RegExp(`^(?:${globs.join("|")})$`);
  return (a) => exact.has(a) || re.test(a);
}

function compileStatement(st: Statement, variables: boolean, kind: PolicyKind): CompiledStatement {
  const actions = compileActions(st.action ?? st.notAction ?? []);
  const coversAction: ActionMatcher = st.notAction ? (a) => !actions(a) : actions;
  const patterns = st.resource ?? st.notResource;
  return {
    statement: st,
    coversAction,
    resources: patterns?.map((p) => compileArnPattern(p, variables)),
    notResource: st.notResource !== undefined,
    principal: st.principal ? compilePrincipal(st.principal, false, kind === "rcp") : st.notPrincipal ? compilePrincipal(st.notPrincipal, true, kind === "rcp") : undefined,
    conditions: st.condition ? compileConditions(st.condition, variables) : [],
  };
}

export function compilePolicy(doc: PolicyDocument, kind: PolicyKind, label: string, name?: string): CompiledPolicy {
  const variables = doc.version === "2012-10-17";
  const statements = doc.statements.map((s) => compileStatement(s, variables, kind));
  const notes: string[] = [];
  if (doc.versionMissing) {
    notes.push('no Version element: IAM treats the document as 2008-10-17, so policy variables such as ${aws:username} are literal text');
  } else if (!variables && JSON.stringify(doc.raw).includes("${")) {
    notes.push("Version 2008-10-17: policy variables such as ${aws:username} are literal text; use 2012-10-17");
  }
  for (const s of statements) {
    for (const n of s.principal?.notes ?? []) notes.push(`Statement ${s.statement.index}: ${n}`);
    for (const c of s.conditions) if (c.invalid) notes.push(`Statement ${s.statement.index}: ${c.invalid}`);
  }
  return { label, kind, name, document: doc, statements, notes, findings: [] };
}

/** Parse and compile in one step (throws PolicyParseError). */
export function compilePolicyInput(input: unknown, kind: PolicyKind, label: string, name?: string): CompiledPolicy {
  return compilePolicy(parsePolicy(input, kind), kind, label, name);
}

