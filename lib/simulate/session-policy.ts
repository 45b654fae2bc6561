// iam-sudo's "simulate": a role's permissions rebuilt as session policies for AssumeRole on a
// base role. The session's permissions are the base role's ∩ (inline session policy ∪ policy
// ARNs) — for most calls, the simulated role's. Limits (rules reference R4.6–R4.8): the inline
// session policy and managed session policies share 2,048 plaintext characters; at most 10
// PolicyArns, which must be managed policies in the base role's account (or AWS managed).

type Json = Record<string, unknown>;
export type Stmt = Json;

export const SESSION_POLICY_LIMIT = 2048;
export const MAX_POLICY_ARNS = 10;

export interface ManagedInput {
  arn: string;
  document?: Json;
}

export interface SessionPolicyPlan {
  /** minified JSON, or null when there is nothing to put inline */
  sessionPolicy: string | null;
  sessionPolicyChars: number;
  policyArns: string[];
  /** managed policies whose documents were inlined (over 10, or from another account) */
  inlined: string[];
  /** what does not fit, when it does not */
  overflow?: { chars: number; limit: number; parts: { name: string; chars: number }[] };
  notes: string[];
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

function statementsOf(doc: Json): Stmt[] {
  const s = doc.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Stmt[];
}

/** A canonical key for a JSON value (sorted object keys), to compare conditions. */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon((v as Json)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

function one(xs: string[]): string | string[] {
  return xs.length === 1 ? xs[0]! : xs;
}

/** Drop exact duplicates (actions case-insensitively) and entries a wildcard in the list covers. */
export function dedupePatterns(xs: string[], ignoreCase: boolean): string[] {
  const seen = new Map<string, string>();
  for (const x of xs) {
    const k = ignoreCase ? x.toLowerCase() : x;
    if (!seen.has(k)) seen.set(k, x);
  }
  const unique = [...seen.values()];
  const globs = unique.filter((x) => x.includes("*") || x.includes("?")).map((g) => ({ g, re: new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, ignoreCase ? "i" : "") }));
  return unique.filter((x) => !globs.some(({ g, re }) => g !== x && re.test(x)));
}

interface Norm {
  effect: string;
  actionKey: "Action" | "NotAction";
  actions: string[];
  resourceKey: "Resource" | "NotResource" | null;
  resources: string[];
  condition?: Json;
  condKey: string;
}

function normalise(st: Stmt): Norm {
  const actionKey = st.NotAction !== undefined ? "NotAction" : "Action";
  const resourceKey = st.NotResource !== undefined ? "NotResource" : st.Resource !== undefined ? "Resource" : null;
  const condition = st.Condition as Json | undefined;
  return {
    effect: String(st.Effect),
    actionKey,
    actions: list(st[actionKey]),
    resourceKey,
    resources: resourceKey ? list(st[resourceKey]) : [],
    condition: condition && Object.keys(condition).length ? condition : undefined,
    condKey: condition ? canon(condition) : "",
  };
}

function render(n: Norm): Stmt {
  const st: Stmt = { Effect: n.effect, [n.actionKey]: one(n.actions) };
  if (n.resourceKey) st[n.resourceKey] = one(n.resources);
  if (n.condition) st.Condition = n.condition;
  return st;
}

/**
 * Merge statements without changing what they mean: Sids dropped; statements with the same
 * effect, resources and conditions pool their actions; then those with the same effect, actions
 * and conditions pool their resources. NotAction / NotResource statements pool only with their own
 * kind where that is exact (the same NotAction list pools resources; the same NotResource list
 * pools actions).
 */
export function mergeStatements(statements: Stmt[]): Stmt[] {
  let ns = statements.map(normalise);
  // 1. same effect + resources + condition (+ plain Action) → union actions
  const byRes = new Map<string, Norm>();
  const rest: Norm[] = [];
  for (const n of ns) {
    if (n.actionKey !== "Action") {
      rest.push(n);
      continue;
    }
    const key = `${n.effect}|${n.resourceKey}|${canon([...new Set(n.resources)].sort())}|${n.condKey}`;
    const m = byRes.get(key);
    if (m) m.actions.push(...n.actions);
    else byRes.set(key, { ...n, actions: [...n.actions], resources: [...new Set(n.resources)] });
  }
  ns = [...byRes.values(), ...rest];
  for (const n of ns) if (n.actionKey === "Action") n.actions = dedupePatterns(n.actions, true);
  // 2. same effect + actions + condition (+ plain Resource) → union resources
  const byAct = new Map<string, Norm>();
  const rest2: Norm[] = [];
  for (const n of ns) {
    if (n.resourceKey !== "Resource") {
      rest2.push(n);
      continue;
    }
    const key = `${n.effect}|${n.actionKey}|${canon([...n.actions].map((a) => a.toLowerCase()).sort())}|${n.condKey}`;
    const m = byAct.get(key);
    if (m) m.resources.push(...n.resources);
    else byAct.set(key, { ...n, resources: [...n.resources] });
  }
  ns = [...byAct.values(), ...rest2];
  for (const n of ns) if (n.resourceKey === "Resource") n.resources = dedupePatterns(n.resources, false);
  // identical statements (NotAction/NotResource ones included) collapse
  const seen = new Set<string>();
  const out: Stmt[] = [];
  for (const n of ns) {
    const st = render(n);
    const k = canon(st);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(st);
    }
  }
  return out;
}

export function minify(statements: Stmt[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements.length === 1 ? statements[0] : statements });
}

function accountOfPolicy(arn: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}|aws):policy\//.exec(arn)?.[1];
}

/**
 * Plan the session policies: inline documents merged into one minimised policy; managed
 * policies as PolicyArns where they may be (≤ 10, in the base role's account or AWS managed),
 * otherwise inlined while they fit.
 */
export function planSessionPolicy(inline: { name: string; document: Json }[], managed: ManagedInput[], baseAccount: string): SessionPolicyPlan {
  const notes: string[] = [];
  const inlinedNames: string[] = [];
  const statements: Stmt[] = inline.flatMap((p) => statementsOf(p.document));
  const arns: string[] = [];
  const mustInline: ManagedInput[] = [];
  for (const m of managed) {
    const acct = accountOfPolicy(m.arn);
    if (acct === "aws" || acct === baseAccount) arns.push(m.arn);
    else mustInline.push(m);
  }
  if (mustInline.length) notes.push(`${mustInline.map((m) => m.arn).join(", ")} ${mustInline.length === 1 ? "is" : "are"} in another account than the base role: PolicyArns must name managed policies of the base role's account (or AWS managed ones), so ${mustInline.length === 1 ? "its document is" : "their documents are"} inlined.`);
  // Beyond 10 ARNs: inline the rest (smallest documents first keeps the most ARNs).
  const extra = arns.length > MAX_POLICY_ARNS ? arns.splice(MAX_POLICY_ARNS) : [];
  for (const arn of extra) {
    const m = managed.find((x) => x.arn === arn)!;
    mustInline.push(m);
  }
  if (extra.length) notes.push(`More than ${MAX_POLICY_ARNS} managed policies: ${extra.join(", ")} inlined.`);
  const missing = mustInline.filter((m) => !m.document);
  for (const m of mustInline) {
    if (m.document) {
      statements.push(...statementsOf(m.document));
      inlinedNames.push(m.arn);
    }
  }
  const merged = mergeStatements(statements);
  const sessionPolicy = merged.length ? minify(merged) : null;
  const chars = sessionPolicy?.length ?? 0;
  const plan: SessionPolicyPlan = { sessionPolicy, sessionPolicyChars: chars, policyArns: arns, inlined: inlinedNames, notes };
  if (missing.length) {
    plan.overflow = { chars, limit: SESSION_POLICY_LIMIT, parts: missing.map((m) => ({ name: `${m.arn} (document not loaded, cannot be inlined)`, chars: 0 })) };
  }
  if (chars > SESSION_POLICY_LIMIT) {
    const parts = [
      ...inline.map((p) => ({ name: `inline policy ${p.name}`, chars: minify(mergeStatements(statementsOf(p.document))).length })),
      ...mustInline.filter((m) => m.document).map((m) => ({ name: `managed policy ${m.arn} (inlined)`, chars: minify(mergeStatements(statementsOf(m.document!))).length })),
    ].sort((a, b) => b.chars - a.chars);
    plan.overflow = { chars, limit: SESSION_POLICY_LIMIT, parts };
  }
  return plan;
}
