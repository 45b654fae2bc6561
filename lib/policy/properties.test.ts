import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  POLICY_TYPE_ORDER,
  buildRequest,
  compilePolicyInput,
  evaluate,
  explain,
  summarize,
  type CompiledPolicySet,
  type ContextInput,
  type EvaluationOptions,
  type EvaluationResult,
  type PolicyKind,
} from "./index";

// Properties of the whole engine over generated policy sets and requests:
// (1) evaluation never throws; the result is internally consistent;
// (2) adding a Deny statement never turns a non-allowed decision into "allowed";
// (3) removing an Allow statement never turns a denied decision into "allowed".
// The vocabulary is small on purpose so that statements often match the request.

const A = "111122223333";
const B = "444455556666";
const NUM_RUNS = 300;

type Stmt = Record<string, unknown>;

interface RawSet {
  identity: Stmt[][];
  trust?: Stmt[];
  boundary?: Stmt[];
  session?: Stmt[];
  scps?: Stmt[][][];
  rcps?: Stmt[][][];
}

interface Scenario {
  set: RawSet;
  principal: string;
  action: string;
  resource: string;
  context: ContextInput;
  options: EvaluationOptions;
  version: "2012-10-17" | "2008-10-17";
}

// ---- vocabulary ----
const ACTIONS = ["sts:AssumeRole", "sts:*", "sts:Assume*", "sts:AssumeRol?", "STS:ASSUMEROLE", "sts:TagSession", "s3:GetObject", "s3:*", "*", "iam:PassRole", "kms:Decrypt"];
const RESOURCES = [
  "*",
  `arn:aws:iam::${A}:role/Target`,
  `arn:aws:iam::${B}:role/Target`,
  `arn:aws:iam::*:role/*`,
  `arn:aws:iam::${A}:role/T*`,
  `arn:aws:iam::${A}:role/\${aws:username}`,
  `arn:aws:iam::\${aws:PrincipalAccount}:role/*`,
  "arn:aws:s3:::reports/*",
  "arn:aws:s3:*",
  "arn:aws:s3:::reports/${*}",
];
const TRUST_PRINCIPALS: unknown[] = [
  "*",
  { AWS: "*" },
  { AWS: A },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: B },
  { AWS: `arn:aws:iam::${A}:user/alice` },
  { AWS: `arn:aws:iam::${A}:role/Deploy` },
  { AWS: `arn:aws:iam::${A}:role/Target` },
  { AWS: `arn:aws:sts::${A}:assumed-role/Deploy/build-42` },
  { AWS: `arn:aws:iam::${B}:user/carol` },
  { AWS: "AROA3XFRBF535PLBIFPI4" },
  { AWS: `arn:aws:iam::${A}:role/*` },
  { Service: "ec2.amazonaws.com" },
  { Federated: `arn:aws:iam::${A}:saml-provider/Okta` },
  { AWS: [A, `arn:aws:iam::${A}:user/alice`], Service: ["lambda.amazonaws.com"] },
];
const CALLERS = [
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:iam::${A}:user/bob`,
  `arn:aws:iam::${B}:user/carol`,
  `arn:aws:sts::${A}:assumed-role/Deploy/build-42`,
  `arn:aws:sts::${A}:assumed-role/Target/refresh`,
  `arn:aws:sts::${B}:assumed-role/Deploy/x`,
  `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForSupport/s`,
  `arn:aws:iam::${A}:role/Deploy`,
  `arn:aws:iam::${A}:root`,
  `arn:aws:sts::${A}:federated-user/dave`,
  "ec2.amazonaws.com",
  "lambda.amazonaws.com",
  `arn:aws:iam::${A}:saml-provider/Okta`,
];
const REQUEST_ACTIONS = ["sts:AssumeRole", "sts:AssumeRole", "sts:AssumeRole", "sts:TagSession", "s3:GetObject", "kms:Decrypt", "sts:GetCallerIdentity"];
const REQUEST_RESOURCES = [`arn:aws:iam::${A}:role/Target`, `arn:aws:iam::${B}:role/Target`, "arn:aws:s3:::reports/q1.csv", `arn:aws:kms:us-east-1:${A}:key/k1`];

const OPERATOR_BASES = [
  "StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
  "NumericLessThan", "NumericNotEquals", "DateGreaterThan", "DateNotEquals", "Bool", "BinaryEquals",
  "IpAddress", "NotIpAddress", "ArnLike", "ArnNotLike", "ArnEquals", "Null",
  // unknown ones: the statement must simply not apply
  "StringEqualz", "Foo", "",
];
const KEYS = [
  "aws:PrincipalArn", "aws:username", "sts:ExternalId", "aws:SourceIp", "aws:CurrentTime", "aws:MultiFactorAuthAge",
  "aws:MultiFactorAuthPresent", "aws:TagKeys", "aws:PrincipalTag/Team", "aws:PrincipalOrgID", "aws:PrincipalType", "aws:PrincipalIsAWSService",
];
const VALUES = [
  "alice", "${aws:username}", "${aws:PrincipalTag/team, 'none'}", `arn:aws:iam::${A}:role/*`, `arn:aws:iam::${A}:user/alice`,
  "10.0.0.0/8", "2001:db8::/32", "2026-01-01T00:00:00Z", "1767225600", "3600", "true", "false", "o-abc", "*", "YQ==", "User",
  "AssumedRole", "not-a-number", "",
];

// ---- arbitraries ----
const operatorArb = fc
  .tuple(fc.constantFrom("", "", "ForAnyValue:", "ForAllValues:", "ForSomeValues:"), fc.constantFrom(...OPERATOR_BASES), fc.constantFrom("", "", "IfExists"))
  .map(([set, base, ifExists]) => `${set}${base}${ifExists}`);

const conditionArb = fc.dictionary(
  operatorArb,
  fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...VALUES), fc.array(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 })), { minKeys: 1, maxKeys: 2 }),
  { minKeys: 1, maxKeys: 2 },
);

/** `arb` with the given weight, otherwise undefined */
const sometimes = <T,>(arb: fc.Arbitrary<T>, weight: number, otherwise = 10 - weight): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: otherwise, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });

const effectArb = fc.constantFrom("Allow", "Allow", "Allow", "Allow", "Allow", "Deny");
const actionElementArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ Action: fc.constantFrom("sts:AssumeRole", "*", "sts:*", "s3:*") }) },
  { weight: 3, arbitrary: fc.record({ Action: fc.oneof(fc.constantFrom(...ACTIONS), fc.subarray(ACTIONS, { minLength: 1, maxLength: 3 })) }) },
  { weight: 1, arbitrary: fc.record({ NotAction: fc.oneof(fc.constantFrom(...ACTIONS), fc.subarray(ACTIONS, { minLength: 1, maxLength: 2 })) }) },
);
const resourceElementArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ Resource: "*" }) },
  { weight: 4, arbitrary: fc.record({ Resource: fc.oneof(fc.constantFrom(...RESOURCES), fc.subarray(RESOURCES, { minLength: 1, maxLength: 3 })) }) },
  { weight: 1, arbitrary: fc.record({ NotResource: fc.constantFrom(...RESOURCES) }) },
);
const maybeCondition = sometimes(conditionArb, 2);

const permissionStatementArb = (effect: fc.Arbitrary<string> = effectArb): fc.Arbitrary<Stmt> =>
  fc.tuple(effect, actionElementArb, resourceElementArb, maybeCondition).map(([Effect, a, r, Condition]) => ({ Effect, ...a, ...r, ...(Condition ? { Condition } : {}) }));

const trustStatementArb = (effect: fc.Arbitrary<string> = effectArb): fc.Arbitrary<Stmt> =>
  fc
    .tuple(effect, fc.oneof(fc.constantFrom(...TRUST_PRINCIPALS), fc.constantFrom("*", { AWS: A }, { AWS: [A, B] })), fc.constantFrom("sts:AssumeRole", "sts:AssumeRole", "sts:*", "sts:TagSession", "sts:AssumeRoleWithSAML", "*"), maybeCondition)
    .map(([Effect, Principal, Action, Condition]) => ({ Effect, Principal, Action, ...(Condition ? { Condition } : {}) }));

const policyArb = fc.array(permissionStatementArb(), { minLength: 1, maxLength: 3 });
const allowAllPolicy: fc.Arbitrary<Stmt[]> = fc.constant([{ Effect: "Allow", Action: "*", Resource: "*" }]);
const levelArb: fc.Arbitrary<Stmt[][]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(allowAllPolicy, fc.array(policyArb, { maxLength: 1 })).map(([a, rest]) => [a, ...rest]) },
  { weight: 2, arbitrary: fc.array(policyArb, { minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.constant<Stmt[][]>([]) },
);
const levelsArb = fc.array(levelArb, { minLength: 1, maxLength: 3 });

const rawSetArb: fc.Arbitrary<RawSet> = fc.record(
  {
    identity: fc.array(policyArb, { minLength: 0, maxLength: 3 }),
    trust: sometimes(fc.array(trustStatementArb(), { minLength: 1, maxLength: 3 }), 8),
    boundary: sometimes(policyArb, 3),
    session: sometimes(policyArb, 3),
    scps: sometimes(levelsArb, 3),
    rcps: sometimes(levelsArb, 3),
  },
  { requiredKeys: ["identity"] },
);

const contextArb: fc.Arbitrary<ContextInput> = fc.record(
  {
    "sts:ExternalId": fc.constantFrom("x", "alice", ""),
    "aws:SourceIp": fc.constantFrom("10.1.2.3", "192.0.2.1", "::ffff:10.0.0.1", "2001:db8::5", "garbage"),
    "aws:TagKeys": fc.subarray(["team", "env", "cost"]),
    "aws:PrincipalTag/team": fc.constantFrom("alice", "none", "ops"),
    "aws:MultiFactorAuthPresent": fc.boolean(),
    "aws:MultiFactorAuthAge": fc.integer({ min: -5, max: 10_000 }),
    "aws:PrincipalOrgID": fc.constantFrom("o-abc", "o-xyz"),
    "aws:username": fc.constantFrom("alice", "Target", "*"),
    "aws:CurrentTime": fc.constantFrom("2026-06-01T00:00:00Z", "1767225600", "bogus"),
  },
  { requiredKeys: [] },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  set: rawSetArb,
  principal: fc.constantFrom(...CALLERS),
  action: fc.constantFrom(...REQUEST_ACTIONS),
  resource: fc.constantFrom(...REQUEST_RESOURCES),
  context: contextArb,
  options: fc.record({ boundaryLimitsUserGrants: fc.boolean() }),
  version: fc.constantFrom("2012-10-17", "2012-10-17", "2008-10-17"),
});

// ---- running a scenario ----
function compileSet(set: RawSet, version: string): CompiledPolicySet {
  const c = (statements: Stmt[], kind: PolicyKind, label: string) => compilePolicyInput({ Version: version, Statement: statements }, kind, label);
  return {
    identity: set.identity.map((p, i) => c(p, "identity", `identity[${i}]`)),
    resource: set.trust ? c(set.trust, "trust", "trust") : undefined,
    permissionBoundary: set.boundary ? c(set.boundary, "permissionBoundary", "boundary") : undefined,
    session: set.session ? c(set.session, "session", "session") : undefined,
    scps: set.scps?.map((level, l) => level.map((p, i) => c(p, "scp", `scps[${l}][${i}]`))),
    rcps: set.rcps?.map((level, l) => level.map((p, i) => c(p, "rcp", `rcps[${l}][${i}]`))),
  };
}

function runScenario(s: Scenario, set: RawSet = s.set, extra: EvaluationOptions = {}): EvaluationResult {
  const req = buildRequest({ principal: s.principal, action: s.action, resource: s.resource, context: s.context, now: new Date(Date.UTC(2026, 5, 1)) });
  if (typeof req === "string") throw new Error(`test vocabulary bug: ${req}`);
  return evaluate(req, compileSet(set, s.version), { ...s.options, ...extra });
}

const clone = (set: RawSet): RawSet => structuredClone(set);

/** Every policy (statement list) of a set, so that one can be picked by index. */
function policiesOf(set: RawSet): { kind: "trust" | "other"; statements: Stmt[] }[] {
  const out: { kind: "trust" | "other"; statements: Stmt[] }[] = [];
  for (const p of set.identity) out.push({ kind: "other", statements: p });
  if (set.trust) out.push({ kind: "trust", statements: set.trust });
  if (set.boundary) out.push({ kind: "other", statements: set.boundary });
  if (set.session) out.push({ kind: "other", statements: set.session });
  for (const level of [...(set.scps ?? []), ...(set.rcps ?? [])]) for (const p of level) out.push({ kind: "other", statements: p });
  return out;
}

function countStatements(set: RawSet): number {
  return policiesOf(set).reduce((n, p) => n + p.statements.length, 0);
}

describe("engine properties (fast-check)", () => {
  it("(1) evaluation never throws and its result is consistent", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = runScenario(s);
        // explanations never throw either
        expect(explain(r)).toHaveLength(r.traces.length);
        expect(typeof summarize(r)).toBe("string");

        expect(["allowed", "explicitDeny", "implicitDeny"]).toContain(r.decision);
        if (r.decision === "allowed") expect(r.blockedBy).toEqual([]);
        else expect(r.blockedBy.length).toBeGreaterThan(0);
        if (r.decision === "explicitDeny") {
          const denies = r.traces.filter((t) => t.applies && t.stmt.statement.effect === "Deny");
          expect(denies.length).toBeGreaterThan(0);
          expect(denies.every((t) => t.decisive)).toBe(true);
          // explicitDenyBy names exactly the types holding a matching Deny; blockedBy includes them
          const denyTypes = new Set(denies.map((t) => t.type));
          expect(r.explicitDenyBy).toEqual(POLICY_TYPE_ORDER.filter((t) => denyTypes.has(t)));
          for (const type of r.explicitDenyBy) expect(r.blockedBy).toContain(type);
        } else {
          expect(r.explicitDenyBy).toEqual([]);
        }
        // a decisive statement always applies
        for (const t of r.traces) if (t.decisive) expect(t.applies).toBe(true);
        // a trace that does not apply says why
        for (const t of r.traces) expect(t.applies || t.failed !== undefined).toBe(true);
        // GetCallerIdentity is always allowed
        if (s.action === "sts:GetCallerIdentity") expect(r.decision).toBe("allowed");
        // an allowed sts:AssumeRole always rests on a trust statement that applies (rules reference R1.5)
        if (r.decision === "allowed" && s.action === "sts:AssumeRole" && s.set.trust) {
          expect(r.traces.some((t) => t.type === "resource" && t.applies && t.stmt.statement.effect === "Allow")).toBe(true);
        }
        // the traces cover no more statements than the set has
        expect(r.traces.length).toBeLessThanOrEqual(countStatements(s.set));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(1b) parsing and compiling never throws anything but PolicyParseError on mangled documents", () => {
    const junk = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }));
    const mangled = fc.record(
      {
        Version: fc.oneof(fc.constant("2012-10-17"), junk),
        Statement: fc.oneof(junk, fc.array(fc.oneof(junk, permissionStatementArb(), fc.record({ Effect: effectArb, Action: junk, Resource: junk, Condition: junk }, { requiredKeys: [] })), { maxLength: 3 })),
        Id: junk,
      },
      { requiredKeys: [] },
    );
    const kinds: PolicyKind[] = ["identity", "resource", "trust", "permissionBoundary", "scp", "rcp", "session"];
    fc.assert(
      fc.property(mangled, fc.constantFrom(...kinds), fc.boolean(), (doc, kind, asString) => {
        try {
          compilePolicyInput(asString ? JSON.stringify(doc) : doc, kind, "p");
        } catch (e) {
          expect((e as Error).name).toBe("PolicyParseError");
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(2) adding a Deny statement never turns a non-allowed decision into allowed", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        permissionStatementArb(fc.constant("Deny")),
        trustStatementArb(fc.constant("Deny")),
        fc.nat(),
        (s, deny, trustDeny, pick) => {
          const before = runScenario(s);
          const set = clone(s.set);
          const slots = policiesOf(set);
          // one more slot: a new identity policy holding only the Deny
          const i = pick % (slots.length + 1);
          if (i === slots.length) set.identity.push([deny]);
          else {
            const slot = slots[i]!;
            slot.statements.push(slot.kind === "trust" ? trustDeny : deny);
          }
          const after = runScenario(s, set);
          if (before.decision !== "allowed") expect(after.decision).not.toBe("allowed");
          if (before.decision === "explicitDeny") expect(after.decision).toBe("explicitDeny");
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("(3) removing an Allow statement never turns a denied decision into allowed", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, pick) => {
        const set = clone(s.set);
        const allows: { statements: Stmt[]; index: number }[] = [];
        for (const p of policiesOf(set)) p.statements.forEach((st, index) => st.Effect === "Allow" && allows.push({ statements: p.statements, index }));
        fc.pre(allows.length > 0);
        const before = runScenario(s);
        const victim = allows[pick % allows.length]!;
        victim.statements.splice(victim.index, 1);
        const after = runScenario(s, set);
        if (before.decision !== "allowed") expect(after.decision).not.toBe("allowed");
        if (before.decision === "explicitDeny") expect(after.decision).toBe("explicitDeny");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("(4) with unknown condition keys, a pessimistic Allow is always an optimistic Allow", () => {
    fc.assert(
      fc.property(scenarioArb, fc.subarray(KEYS.map((k) => k.toLowerCase()), { minLength: 1 }), (s, unknown) => {
        const unknownKeys = new Set(unknown);
        const pessimistic = runScenario(s, s.set, { unknownKeys, assume: "pessimistic" });
        const optimistic = runScenario(s, s.set, { unknownKeys, assume: "optimistic" });
        if (pessimistic.decision === "allowed") expect(optimistic.decision).toBe("allowed");
        if (optimistic.decision === "explicitDeny") expect(pessimistic.decision).toBe("explicitDeny");
        for (const k of [...pessimistic.assumedKeys, ...optimistic.assumedKeys]) expect(unknownKeys.has(k.toLowerCase())).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
