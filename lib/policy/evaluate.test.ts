import { describe, expect, it } from "vitest";
import {
  POLICY_TYPE_ORDER,
  buildRequest,
  compilePolicyInput,
  evaluate,
  explain,
  isAssumeRoleAction,
  resourceAccountOf,
  type CompiledPolicy,
  type CompiledPolicySet,
  type ContextInput,
  type EvaluationOptions,
  type EvaluationResult,
  type PolicyKind,
} from "./index";

// Evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// Cross-account: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// Rules reference: /work/shared/reference/assume-role-rules.md §0, §1 (R1.x), §1C, §1D, §10.

const A = "111122223333";
const B = "444455556666";
const TARGET = `arn:aws:iam::${A}:role/Target`;
const X_TARGET = `arn:aws:iam::${B}:role/Target`;
const ALICE = `arn:aws:iam::${A}:user/alice`;
const DEPLOY = `arn:aws:iam::${A}:role/Deploy`;
const DEPLOY_SESSION = `arn:aws:sts::${A}:assumed-role/Deploy/build-42`;
const TARGET_SESSION = `arn:aws:sts::${A}:assumed-role/Target/refresh`;

type Stmt = Record<string, unknown>;

interface Setup {
  principal: string;
  action?: string;
  resource?: string;
  resourceAccount?: string;
  context?: ContextInput;
  /** one array of statements per identity policy */
  identity?: Stmt[][];
  trust?: Stmt[];
  /** a resource policy that is not a trust policy */
  resourcePolicy?: Stmt[];
  boundary?: Stmt[];
  session?: Stmt[];
  /** levels → policies → statements */
  scps?: Stmt[][][];
  rcps?: Stmt[][][];
  /** the VPC endpoint policy the request goes through */
  endpoint?: Stmt[];
  options?: EvaluationOptions;
  version?: string;
}

const compile = (statements: Stmt[], kind: PolicyKind, label: string, version = "2012-10-17"): CompiledPolicy =>
  compilePolicyInput({ Version: version, Statement: statements }, kind, label);

function policySet(s: Setup): CompiledPolicySet {
  return {
    identity: (s.identity ?? []).map((st, i) => compile(st, "identity", `identity[${i}]`, s.version)),
    resource: s.trust ? compile(s.trust, "trust", "trust", s.version) : s.resourcePolicy ? compile(s.resourcePolicy, "resource", "resource", s.version) : undefined,
    permissionBoundary: s.boundary ? compile(s.boundary, "permissionBoundary", "boundary") : undefined,
    session: s.session ? compile(s.session, "session", "session") : undefined,
    scps: s.scps?.map((level, l) => level.map((st, i) => compile(st, "scp", `scps[${l}][${i}]`))),
    rcps: s.rcps?.map((level, l) => level.map((st, i) => compile(st, "rcp", `rcps[${l}][${i}]`))),
    endpoint: s.endpoint ? compile(s.endpoint, "endpoint", "endpoint") : undefined,
  };
}

function run(s: Setup): EvaluationResult {
  const req = buildRequest({
    principal: s.principal,
    action: s.action ?? "sts:AssumeRole",
    resource: s.resource ?? TARGET,
    resourceAccount: s.resourceAccount,
    context: s.context,
    now: new Date(Date.UTC(2026, 0, 31)),
  });
  if (typeof req === "string") throw new Error(req);
  return evaluate(req, policySet(s), s.options);
}

/** labels of the decisive statements, as `policy#index` */
const decisive = (r: EvaluationResult) => r.traces.filter((t) => t.decisive).map((t) => `${t.policy.label}#${t.stmt.statement.index}`);

const allowAssume = (resource: string | string[] = "*"): Stmt => ({ Effect: "Allow", Action: "sts:AssumeRole", Resource: resource });
const denyAssume = (resource: string | string[] = "*"): Stmt => ({ Effect: "Deny", Action: "sts:AssumeRole", Resource: resource });
const allowAll: Stmt = { Effect: "Allow", Action: "*", Resource: "*" };
const onlyS3: Stmt = { Effect: "Allow", Action: "s3:*", Resource: "*" };
const trusts = (aws: string | string[], extra: Stmt = {}): Stmt => ({ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole", ...extra });
const trustsService = (service: string): Stmt => ({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });

describe("helpers", () => {
  it("isAssumeRoleAction covers the STS role actions, case-insensitively", () => {
    for (const a of ["sts:AssumeRole", "STS:assumerole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"]) {
      expect(isAssumeRoleAction(a), a).toBe(true);
    }
    expect(isAssumeRoleAction("sts:GetCallerIdentity")).toBe(false);
    expect(isAssumeRoleAction("s3:GetObject")).toBe(false);
  });

  it("resourceAccountOf: explicit, then the ARN's account, then the principal's", () => {
    const principal = { type: "user", arn: ALICE, partition: "aws", account: A, path: "/", name: "alice" } as const;
    expect(resourceAccountOf({ principal, resource: X_TARGET, resourceAccount: "999988887777" })).toBe("999988887777");
    expect(resourceAccountOf({ principal, resource: X_TARGET })).toBe(B);
    expect(resourceAccountOf({ principal, resource: "arn:aws:s3:::bucket" })).toBe(A);
    expect(resourceAccountOf({ principal: { type: "service", service: "ec2.amazonaws.com" }, resource: "*" })).toBeUndefined();
  });

  it("POLICY_TYPE_ORDER follows AWS's evaluation order", () => {
    expect(POLICY_TYPE_ORDER).toEqual(["rcp", "scp", "endpoint", "resource", "identity", "permissionBoundary", "session"]);
  });
});

describe("R1.5 the trust policy must always allow the caller", () => {
  it("identity Allow sts:AssumeRole * is not enough when the trust names only a service", () => {
    const r = run({ principal: ALICE, identity: [[allowAssume()]], trust: [trustsService("ec2.amazonaws.com")] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(r.resourceGrant).toBeUndefined();
    expect(decisive(r)).toEqual([]);
  });

  it("a trust statement for another action does not help", () => {
    const r = run({ principal: ALICE, identity: [[allowAssume()]], trust: [{ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRoleWithSAML" }] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(r.traces.find((t) => t.type === "resource")?.failed).toBe("action");
  });

  it("same account, a trust naming nobody: only the trust is blamed, not the missing identity Allow", () => {
    // the identity Allow would be needed only if the trust delegated to the account, which it does not
    const r = run({ principal: ALICE, trust: [trustsService("ec2.amazonaws.com")] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });

  it("cross-account, a trust naming nobody and no identity Allow: both are blamed", () => {
    const r = run({ principal: ALICE, resource: X_TARGET, trust: [trustsService("ec2.amazonaws.com")] });
    expect(r.blockedBy).toEqual(["resource", "identity"]);
  });

  it("sts:* in the trust covers sts:AssumeRole (actions are case-insensitive)", () => {
    const r = run({ principal: ALICE, trust: [{ Effect: "Allow", Principal: { AWS: ALICE }, Action: "STS:*" }] });
    expect(r.decision).toBe("allowed");
  });
});

describe("§1C same account, trust names the account (R1.6)", () => {
  it.each([A, `arn:aws:iam::${A}:root`])("trust %s + no identity policy → implicit deny by identity", (principal) => {
    const r = run({ principal: ALICE, trust: [trusts(principal)] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
    expect(r.resourceGrant).toBe("account");
    expect(r.crossAccount).toBe(false);
  });

  it("trust names the account + identity Allow → allowed; both statements are decisive", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[onlyS3], [allowAssume(TARGET)]] });
    expect(r.decision).toBe("allowed");
    expect(r.blockedBy).toEqual([]);
    expect(r.resourceGrant).toBe("account");
    expect(decisive(r)).toEqual(["trust#0", "identity[1]#0"]);
  });

  it("the identity Allow must name the role ARN exactly (case-sensitive, right account)", () => {
    // rules reference gotcha #2: wrong account, path or case in Resource
    for (const resource of [`arn:aws:iam::${A}:role/target`, `arn:aws:iam::${B}:role/Target`, `arn:aws:iam::${A}:role/Target2`]) {
      const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[allowAssume(resource)]] });
      expect(r.decision, resource).toBe("implicitDeny");
      expect(r.blockedBy, resource).toEqual(["identity"]);
    }
    expect(run({ principal: ALICE, trust: [trusts(A)], identity: [[allowAssume(`arn:aws:iam::${A}:role/*`)]] }).decision).toBe("allowed");
  });

  it("the caller's boundary limits an account-level grant (R1.10)", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[allowAssume()]], boundary: [onlyS3] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["permissionBoundary"]);
  });

  it("the caller's session policy limits an account-level grant (R1.11)", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(A)], identity: [[allowAssume()]], session: [onlyS3] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["session"]);
  });

  it("blockedBy lists every missing Allow in AWS's order", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(A)], boundary: [onlyS3], session: [onlyS3], scps: [[[onlyS3]]] });
    expect(r.blockedBy).toEqual(["scp", "identity", "permissionBoundary", "session"]);
  });

  it("with the boundary and session policy allowing too, all Allows are decisive", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(A)], identity: [[allowAssume()]], boundary: [allowAll], session: [allowAssume()] });
    expect(r.decision).toBe("allowed");
    expect(decisive(r)).toEqual(["trust#0", "identity[0]#0", "boundary#0", "session#0"]);
  });
});

describe("§1C same account, trust names the IAM user (R1.7, §10-Q2)", () => {
  it("no identity policy is needed", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)] });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("user");
    expect(decisive(r)).toEqual(["trust#0"]);
    expect(r.notes).toEqual([]);
  });

  it("identity Allow statements are not decisive for a direct grant", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)], identity: [[allowAssume()]] });
    expect(r.decision).toBe("allowed");
    expect(decisive(r)).toEqual(["trust#0"]);
  });

  it("by default the boundary does not limit it, and a note says the rule is disputed", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)], boundary: [onlyS3] });
    expect(r.decision).toBe("allowed");
    expect(r.blockedBy).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/disputed rule \(rules reference §10-Q2\)/);
    expect(r.notes[0]).toMatch(/probable cause/);
  });

  it("with boundaryLimitsUserGrants the boundary blocks it", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)], boundary: [onlyS3], options: { boundaryLimitsUserGrants: true } });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["permissionBoundary"]);
    expect(r.resourceGrant).toBe("user");
  });

  it("no note when the boundary allows", () => {
    expect(run({ principal: ALICE, trust: [trusts(ALICE)], boundary: [allowAll] }).notes).toEqual([]);
  });

  it("the user ARN in the trust must match exactly (another user is not trusted)", () => {
    const r = run({ principal: `arn:aws:iam::${A}:user/bob`, trust: [trusts(ALICE)], identity: [[allowAssume()]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });
});

describe("§1C same account, trust names the caller's role ARN (R1.8, §10-Q1)", () => {
  it("a session of the role needs no identity Allow; a note flags the disputed rule", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY)] });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("role");
    expect(r.notes.some((n) => /disputed rule \(rules reference §10-Q1\)/.test(n))).toBe(true);
  });

  it("no disputed note when the identity policy allows as well", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY)], identity: [[allowAssume()]] });
    expect(r.decision).toBe("allowed");
    expect(r.notes).toEqual([]);
  });

  it("the boundary limits it", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY)], identity: [[allowAssume()]], boundary: [onlyS3] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["permissionBoundary"]);
  });

  it("the session policy limits it", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY)], session: [onlyS3] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["session"]);
  });

  it("boundary and session policy both listed when both block", () => {
    expect(run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY)], boundary: [onlyS3], session: [onlyS3] }).blockedBy).toEqual(["permissionBoundary", "session"]);
  });

  it("a role ARN with a path in the trust admits sessions (session ARNs have no path)", () => {
    expect(run({ principal: DEPLOY_SESSION, trust: [trusts(`arn:aws:iam::${A}:role/ci/Deploy`)] }).decision).toBe("allowed");
  });

  it("the role ARN grant wins over an account grant in the same trust (most direct)", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(A), trusts(DEPLOY)] });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("role");
    expect(decisive(r)).toEqual(["trust#0", "trust#1"]);
  });
});

describe("§1C/§1D trust names the exact session ARN or \"*\" (R1.9, R1.13)", () => {
  it("exact session ARN: neither identity, boundary nor session policy limits it", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY_SESSION)], boundary: [onlyS3], session: [onlyS3] });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("session");
    expect(r.blockedBy).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it("another session of the same role is not admitted by a session ARN", () => {
    const r = run({ principal: `arn:aws:sts::${A}:assumed-role/Deploy/other`, trust: [trusts(DEPLOY_SESSION)], identity: [[allowAssume()]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });

  it('"*" in the same account: nothing else limits it', () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }], boundary: [onlyS3], session: [onlyS3] });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("wildcard");
  });

  it('"*" with an aws:PrincipalArn pattern (R1.14)', () => {
    const trust = [
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${A}:role/Dep*` } },
      },
    ];
    expect(run({ principal: DEPLOY_SESSION, trust }).decision).toBe("allowed");
    const other = run({ principal: `arn:aws:sts::${A}:assumed-role/Other/s`, trust, identity: [[allowAssume()]] });
    expect(other.decision).toBe("implicitDeny");
    expect(other.blockedBy).toEqual(["resource"]);
  });

  // A grant to the exact session ARN is not limited by the boundary, so the boundary does not decide.
  it("a boundary Allow is not decisive when the boundary does not limit the grant (exact session ARN)", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY_SESSION)], boundary: [allowAll] });
    expect(r.decision).toBe("allowed");
    expect(decisive(r)).toEqual(["trust#0"]);
  });
});

describe("R1.12 cross-account: identity Allow in A and trust in B are both needed", () => {
  const xUser = `arn:aws:iam::${A}:user/alice`;

  it("trust names the caller but no identity Allow → blocked by identity", () => {
    const r = run({ principal: xUser, resource: X_TARGET, trust: [trusts(xUser)] });
    expect(r.crossAccount).toBe(true);
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
    expect(r.resourceGrant).toBe("user");
  });

  it("identity Allow but the trust does not name the caller → blocked by the resource policy", () => {
    const r = run({ principal: xUser, resource: X_TARGET, trust: [trusts(`arn:aws:iam::${A}:user/bob`)], identity: [[allowAssume(X_TARGET)]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });

  it("neither → both listed", () => {
    expect(run({ principal: xUser, resource: X_TARGET, trust: [trustsService("ec2.amazonaws.com")] }).blockedBy).toEqual(["resource", "identity"]);
  });

  it("both → allowed, both decisive", () => {
    const r = run({ principal: xUser, resource: X_TARGET, trust: [trusts(A)], identity: [[allowAssume(X_TARGET)]] });
    expect(r.decision).toBe("allowed");
    expect(decisive(r)).toEqual(["trust#0", "identity[0]#0"]);
  });

  it("even an exact session ARN or \"*\" in the trust needs the identity Allow cross-account", () => {
    const xSession = `arn:aws:sts::${A}:assumed-role/Deploy/build-42`;
    for (const principal of [xSession, "*"]) {
      const r = run({ principal: xSession, resource: X_TARGET, trust: [trusts(principal)] });
      expect(r.decision, principal).toBe("implicitDeny");
      expect(r.blockedBy, principal).toEqual(["identity"]);
    }
  });

  it("the boundary still limits cross-account", () => {
    const r = run({ principal: xUser, resource: X_TARGET, trust: [trusts(xUser)], identity: [[allowAssume()]], boundary: [onlyS3] });
    expect(r.blockedBy).toEqual(["permissionBoundary"]);
  });

  it("resourceAccount overrides the account in the ARN", () => {
    const r = run({ principal: xUser, resource: TARGET, resourceAccount: B, trust: [trusts(xUser)] });
    expect(r.crossAccount).toBe(true);
    expect(r.blockedBy).toEqual(["identity"]);
  });

  it("the trust policy of B naming account A does not admit a caller from a third account", () => {
    const r = run({ principal: `arn:aws:iam::999988887777:user/eve`, resource: X_TARGET, trust: [trusts(A)], identity: [[allowAssume()]] });
    expect(r.blockedBy).toEqual(["resource"]);
  });
});

describe("R1.15 self-assumption", () => {
  it("a session of the role assuming its own role via a role-ARN trust also needs the identity Allow", () => {
    const r = run({ principal: TARGET_SESSION, trust: [trusts(TARGET)] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
    expect(r.notes.some((n) => n.startsWith("self-assumption"))).toBe(true);
  });

  it("with the identity Allow it is allowed (note kept)", () => {
    const r = run({ principal: TARGET_SESSION, trust: [trusts(TARGET)], identity: [[allowAssume(TARGET)]] });
    expect(r.decision).toBe("allowed");
    expect(r.notes.some((n) => n.startsWith("self-assumption"))).toBe(true);
    expect(decisive(r)).toEqual(["trust#0", "identity[0]#0"]);
  });

  it("a role no longer trusts itself implicitly: a trust naming only a service denies", () => {
    const r = run({ principal: TARGET_SESSION, trust: [trustsService("ec2.amazonaws.com")], identity: [[allowAssume()]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });

  it("role-name comparison for self-assumption ignores case", () => {
    const r = run({ principal: `arn:aws:sts::${A}:assumed-role/target/s`, trust: [trusts(TARGET)] });
    expect(r.blockedBy).toEqual(["identity"]);
  });
});

describe("R1.1 an explicit Deny anywhere wins", () => {
  it("identity Deny beats a direct user grant", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)], identity: [[allowAll, denyAssume(TARGET)]] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
    expect(r.explicitDenyBy).toEqual(["identity"]);
    expect(decisive(r)).toEqual(["identity[0]#1"]);
  });

  it("a Deny in the trust policy", () => {
    const r = run({ principal: ALICE, identity: [[allowAssume()]], trust: [trusts(A), { Effect: "Deny", Principal: { AWS: ALICE }, Action: "sts:AssumeRole" }] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(decisive(r)).toEqual(["trust#1"]);
  });

  it("a boundary Deny applies even to an exact-session grant", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY_SESSION)], boundary: [allowAll, denyAssume()] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["permissionBoundary"]);
  });

  it("a session-policy Deny", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts(DEPLOY_SESSION)], session: [denyAssume()] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["session"]);
  });

  it("every type holding a matching Deny is listed, in AWS's order", () => {
    const r = run({
      principal: ALICE,
      trust: [trusts(ALICE), { Effect: "Deny", Principal: "*", Action: "sts:*" }],
      identity: [[denyAssume()]],
      scps: [[[allowAll, denyAssume()]]],
      rcps: [[[{ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }]]],
    });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["rcp", "scp", "resource", "identity"]);
    expect(r.explicitDenyBy).toEqual(["rcp", "scp", "resource", "identity"]);
    expect(decisive(r)).toEqual(["rcps[0][0]#0", "scps[0][0]#1", "trust#1", "identity[0]#0"]);
  });

  it("blockedBy also names the policies that fail to allow; explicitDenyBy only the denying ones", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[denyAssume()]], boundary: [onlyS3] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.explicitDenyBy).toEqual(["identity"]);
    expect(r.blockedBy).toEqual(["identity", "permissionBoundary"]);
    expect(decisive(r)).toEqual(["identity[0]#0"]);
  });

  it("no Allow statement is decisive when an explicit Deny decides", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[allowAssume()]], boundary: [allowAll, denyAssume()] });
    expect(r.decision).toBe("explicitDeny");
    expect(decisive(r)).toEqual(["boundary#1"]);
  });

  it("implicit denies and allows report an empty explicitDenyBy", () => {
    expect(run({ principal: ALICE, trust: [trusts(A)] }).explicitDenyBy).toEqual([]);
    expect(run({ principal: ALICE, trust: [trusts(ALICE)] }).explicitDenyBy).toEqual([]);
  });

  it("a Deny whose condition does not hold does not deny", () => {
    const r = run({
      principal: ALICE,
      trust: [trusts(ALICE)],
      identity: [[{ ...denyAssume(), Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }]],
    });
    // the key is absent for long-term keys, so Bool false does not match (rules reference R3.9)
    expect(r.decision).toBe("allowed");
  });

  it("a Deny with NotAction covering the action denies; one excluding it does not", () => {
    expect(run({ principal: ALICE, trust: [trusts(ALICE)], identity: [[{ Effect: "Deny", NotAction: "s3:*", Resource: "*" }]] }).decision).toBe("explicitDeny");
    expect(run({ principal: ALICE, trust: [trusts(ALICE)], identity: [[{ Effect: "Deny", NotAction: "sts:*", Resource: "*" }]] }).decision).toBe("allowed");
  });

  it("a Deny with NotResource excluding the role does not deny it", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[allowAssume(), { Effect: "Deny", Action: "sts:AssumeRole", NotResource: TARGET }]] });
    expect(r.decision).toBe("allowed");
    const other = run({ principal: ALICE, trust: [trusts(A)], identity: [[allowAssume(), { Effect: "Deny", Action: "sts:AssumeRole", NotResource: `arn:aws:iam::${A}:role/Other` }]] });
    expect(other.decision).toBe("explicitDeny");
  });
});

describe("R1.3 SCPs: every level must allow", () => {
  const ok = { principal: ALICE, trust: [trusts(ALICE)] };

  it("FullAWSAccess at every level → allowed; SCP Allows are decisive", () => {
    const r = run({ ...ok, scps: [[[allowAll]], [[allowAll]], [[allowAll]]] });
    expect(r.decision).toBe("allowed");
    expect(decisive(r)).toEqual(["scps[0][0]#0", "scps[1][0]#0", "scps[2][0]#0", "trust#0"]);
  });

  it("an OU level that allows only ec2:* blocks sts:AssumeRole (implicit deny)", () => {
    const r = run({ ...ok, scps: [[[allowAll]], [[{ Effect: "Allow", Action: "ec2:*", Resource: "*" }]], [[allowAll]]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["scp"]);
  });

  it("one policy allowing at a level is enough for that level", () => {
    const r = run({ ...ok, scps: [[[onlyS3], [allowAssume()]]] });
    expect(r.decision).toBe("allowed");
  });

  it("a level with no policy attached blocks everything below it", () => {
    expect(run({ ...ok, scps: [[[allowAll]], []] }).blockedBy).toEqual(["scp"]);
  });

  it("scps undefined (not in an organization / management account) → no SCP check", () => {
    expect(run(ok).decision).toBe("allowed");
  });

  it("SCPs limit even a direct trust grant and are listed with the other blockers", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], scps: [[[onlyS3]]] });
    expect(r.blockedBy).toEqual(["scp", "identity"]);
  });

  it("SCPs don't apply to AWS service principals (a note says so)", () => {
    const r = run({ principal: "ec2.amazonaws.com", trust: [trustsService("ec2.amazonaws.com")], scps: [[[{ Effect: "Deny", Action: "*", Resource: "*" }]]] });
    expect(r.decision).toBe("allowed");
    expect(r.traces.some((t) => t.type === "scp")).toBe(false);
    expect(r.notes).toContain("SCPs do not apply: they limit principals of member accounts, not AWS services");
  });

  it("SCPs and RCPs don't apply to service-linked roles", () => {
    const slr = `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForSupport/s`;
    const r = run({ principal: slr, trust: [trusts(slr)], scps: [[[{ Effect: "Deny", Action: "*", Resource: "*" }]]], rcps: [[[{ Effect: "Deny", Action: "*", Resource: "*" }]]] });
    expect(r.decision).toBe("allowed");
    expect(r.notes).toContain("SCPs and RCPs do not apply to service-linked roles");
  });
});

describe("R1.4 RCPs: only their Denies matter (RCPFullAWSAccess implied)", () => {
  const orgGuard = {
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" }, Bool: { "aws:PrincipalIsAWSService": "false" } },
  };

  it("an RCP level with no Allow does not block", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)], rcps: [[[orgGuard]], []] , context: { "aws:PrincipalOrgID": "o-abc123" } });
    expect(r.decision).toBe("allowed");
    expect(r.blockedBy).toEqual([]);
  });

  it("an RCP Deny blocks an external account even though the trust names it", () => {
    const xUser = `arn:aws:iam::${A}:user/alice`;
    const r = run({ principal: xUser, resource: X_TARGET, trust: [trusts(xUser)], identity: [[allowAssume()]], rcps: [[[orgGuard]]], context: { "aws:PrincipalOrgID": "o-other" } });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["rcp"]);
    expect(decisive(r)).toEqual(["rcps[0][0]#0"]);
  });

  it("a caller in the organization passes the same RCP", () => {
    const xUser = `arn:aws:iam::${A}:user/alice`;
    const r = run({ principal: xUser, resource: X_TARGET, trust: [trusts(xUser)], identity: [[allowAssume()]], rcps: [[[orgGuard]]], context: { "aws:PrincipalOrgID": "o-abc123" } });
    expect(r.decision).toBe("allowed");
  });

  it("an RCP Deny without a Principal applies to AWS service principals", () => {
    const r = run({ principal: "ec2.amazonaws.com", trust: [trustsService("ec2.amazonaws.com")], rcps: [[[{ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }]]] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.blockedBy).toEqual(["rcp"]);
  });

  // An RCP statement carries `"Principal": "*"` (RCP syntax), and AWS's own RCP examples exclude
  // services with `aws:PrincipalIsAWSService`, so "*" there covers service principals.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
  it('an RCP Deny with "Principal": "*" applies to AWS service principals', () => {
    const r = run({ principal: "ec2.amazonaws.com", trust: [trustsService("ec2.amazonaws.com")], rcps: [[[{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }]]] });
    expect(r.decision).toBe("explicitDeny");
  });
});

describe("AWS service principals", () => {
  it("a trust naming the service allows it; nothing else is needed", () => {
    const r = run({ principal: "ec2.amazonaws.com", trust: [trustsService("ec2.amazonaws.com")] });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("service");
    expect(r.crossAccount).toBe(false);
    expect(decisive(r)).toEqual(["trust#0"]);
  });

  it("a trust naming another service denies, blocked by the resource policy", () => {
    const r = run({ principal: "lambda.amazonaws.com", trust: [trustsService("ec2.amazonaws.com")] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });

  it("identity policies, boundary and session policy are ignored for a service (with a note)", () => {
    const r = run({ principal: "ec2.amazonaws.com", trust: [trustsService("ec2.amazonaws.com")], identity: [[denyAssume()]], boundary: [denyAssume()] });
    expect(r.decision).toBe("allowed");
    expect(r.traces.some((t) => t.type === "identity" || t.type === "permissionBoundary")).toBe(false);
    expect(r.notes.some((n) => n.startsWith("an AWS service principal has no identity policies"))).toBe(true);
  });

  it('"*" in a trust does not admit a service principal (rules reference §10-Q9)', () => {
    const r = run({ principal: "ec2.amazonaws.com", trust: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] });
    expect(r.decision).toBe("implicitDeny");
  });

  it("a Federated principal needs a trust naming its provider", () => {
    const saml = `arn:aws:iam::${A}:saml-provider/Okta`;
    const trust = [{ Effect: "Allow", Principal: { Federated: saml }, Action: "sts:AssumeRoleWithSAML" }];
    expect(run({ principal: saml, action: "sts:AssumeRoleWithSAML", trust }).decision).toBe("allowed");
    // a SAML trust does not cover sts:AssumeRole (rules reference R2.11)
    expect(run({ principal: saml, action: "sts:AssumeRole", trust }).decision).toBe("implicitDeny");
  });
});

describe("sts:GetCallerIdentity is always allowed", () => {
  it("even with an explicit Deny and no Allow anywhere", () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    const r = run({ principal: ALICE, action: "sts:GetCallerIdentity", resource: "*", identity: [[{ Effect: "Deny", Action: "*", Resource: "*" }]], scps: [[[{ Effect: "Deny", Action: "*", Resource: "*" }]]] });
    expect(r.decision).toBe("allowed");
    expect(r.blockedBy).toEqual([]);
    expect(r.notes.some((n) => n.startsWith("sts:GetCallerIdentity is always allowed"))).toBe(true);
    expect(decisive(r)).toEqual([]);
  });

  it("the action name is case-insensitive", () => {
    expect(run({ principal: ALICE, action: "STS:getcalleridentity", resource: "*" }).decision).toBe("allowed");
  });
});

describe("unknown condition operators", () => {
  it("a trust Allow with an unknown operator does not apply, and the explanation says why", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE, { Condition: { StringEqualsAnyCase: { "sts:ExternalId": "x" } } })], identity: [[allowAssume()]], context: { "sts:ExternalId": "x" } });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    const [e] = explain(r);
    expect(e?.failed).toBe("invalid");
    expect(e?.reason).toMatch(/unknown condition operator "StringEqualsAnyCase"/);
    expect(r.traces[0]?.policy.findings[0]).toMatchObject({ code: "invalid-condition-operator", statement: 0 });
  });

  // Never a confident wrong "allowed": a Deny whose condition IAM would refuse takes it as holding.
  it("a Deny with an unknown operator still denies (its undefined condition is taken as holding)", () => {
    const r = run({ principal: ALICE, trust: [trusts(ALICE)], identity: [[{ ...denyAssume(), Condition: { NotAnOperator: { "aws:username": "v" } } }]] });
    expect(r.decision).toBe("explicitDeny");
    expect(explain(r).find((e) => e.effect === "Deny")?.reason).toMatch(/IAM would refuse this statement/);
  });
});

describe("conditions in the trust policy", () => {
  const withExternalId = trusts(`arn:aws:iam::${A}:root`, { Condition: { StringEquals: { "sts:ExternalId": "8f1c-example" } } });

  it("sts:ExternalId missing → trust does not apply; missingKeys names it", () => {
    const r = run({ principal: ALICE, trust: [withExternalId], identity: [[allowAssume()]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(r.missingKeys).toEqual(["sts:ExternalId"]);
  });

  it("wrong sts:ExternalId → no match, not a missing key", () => {
    const r = run({ principal: ALICE, trust: [withExternalId], identity: [[allowAssume()]], context: { "sts:ExternalId": "wrong" } });
    expect(r.decision).toBe("implicitDeny");
    expect(r.missingKeys).toEqual([]);
    expect(r.traces[0]?.conditionFailures?.[0]?.reason).toBe("no-match");
  });

  it("right sts:ExternalId → allowed", () => {
    expect(run({ principal: ALICE, trust: [withExternalId], identity: [[allowAssume()]], context: { "sts:ExternalId": "8f1c-example" } }).decision).toBe("allowed");
  });

  it("aws:username conditions fail for role sessions (rules reference R3.7)", () => {
    const trust = [trusts(A, { Condition: { StringLike: { "sts:RoleSessionName": "${aws:username}" } } })];
    const user = run({ principal: ALICE, trust, identity: [[allowAssume()]], context: { "sts:RoleSessionName": "alice" } });
    expect(user.decision).toBe("allowed");
    const role = run({ principal: DEPLOY_SESSION, trust, identity: [[allowAssume()]], context: { "sts:RoleSessionName": "alice" } });
    expect(role.decision).toBe("implicitDeny");
  });

  it("derived aws:PrincipalType can be used in conditions", () => {
    const trust = [trusts(A, { Condition: { StringEquals: { "aws:PrincipalType": "User" } } })];
    expect(run({ principal: ALICE, trust, identity: [[allowAssume()]] }).decision).toBe("allowed");
    expect(run({ principal: DEPLOY_SESSION, trust, identity: [[allowAssume()]] }).decision).toBe("implicitDeny");
  });
});

describe("unknown condition keys (EvaluationOptions.unknownKeys / assume)", () => {
  const trust = [trusts(A, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } })];
  const deny = { ...denyAssume(), Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } };
  const unknownKeys = new Set(["aws:principalorgid", "aws:multifactorauthpresent"]);

  it("pessimistic (the default): an Allow that depends on an unknown key does not apply", () => {
    const r = run({ principal: ALICE, trust, identity: [[allowAssume()]], options: { unknownKeys } });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(r.assumedKeys).toEqual(["aws:PrincipalOrgID"]);
    expect(r.traces[0]?.conditionFailures?.[0]?.message).toBe("aws:PrincipalOrgID is not known (give it in the request to decide)");
  });

  it("optimistic: the Allow applies", () => {
    const r = run({ principal: ALICE, trust, identity: [[allowAssume()]], options: { unknownKeys, assume: "optimistic" } });
    expect(r.decision).toBe("allowed");
    expect(r.assumedKeys).toEqual(["aws:PrincipalOrgID"]);
  });

  it("a Deny on an unknown key applies when pessimistic and not when optimistic", () => {
    const base = { principal: ALICE, trust: [trusts(ALICE)], identity: [[deny]] };
    expect(run({ ...base, options: { unknownKeys, assume: "pessimistic" } }).decision).toBe("explicitDeny");
    expect(run({ ...base, options: { unknownKeys, assume: "optimistic" } }).decision).toBe("allowed");
  });

  it("known conditions in the same statement are still evaluated", () => {
    const mixed = [trusts(A, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123", "sts:ExternalId": "x" } } })];
    const r = run({ principal: ALICE, trust: mixed, identity: [[allowAssume()]], context: { "sts:ExternalId": "wrong" }, options: { unknownKeys, assume: "optimistic" } });
    expect(r.decision).toBe("implicitDeny");
  });

  it("without unknownKeys nothing is assumed", () => {
    const r = run({ principal: ALICE, trust, identity: [[allowAssume()]], options: { assume: "optimistic" } });
    expect(r.decision).toBe("implicitDeny");
    expect(r.assumedKeys).toEqual([]);
    expect(r.missingKeys).toEqual(["aws:PrincipalOrgID"]);
  });
});

describe("deleted principals in the trust (R2.6)", () => {
  it("a unique ID matches nobody; the explanation says it is a deleted principal", () => {
    const r = run({ principal: DEPLOY_SESSION, trust: [trusts("AROA3XFRBF535PLBIFPI4")], identity: [[allowAssume()]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    const [e] = explain(r);
    expect(e?.failed).toBe("principal");
    expect(e?.reason).toMatch(/AROA3XFRBF535PLBIFPI4 is the unique ID of a deleted role/);
    expect(r.traces[0]?.policy.notes).toEqual([expect.stringMatching(/^Statement 0: AROA3XFRBF535PLBIFPI4 is the unique ID of a deleted role/)]);
  });
});

describe("identity policies", () => {
  it("Allow with NotAction covers other actions", () => {
    const r = run({ principal: ALICE, trust: [trusts(A)], identity: [[{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]] });
    expect(r.decision).toBe("allowed");
    expect(run({ principal: ALICE, trust: [trusts(A)], identity: [[{ Effect: "Allow", NotAction: "sts:*", Resource: "*" }]] }).decision).toBe("implicitDeny");
  });

  it("Allow with NotResource covers other resources", () => {
    expect(run({ principal: ALICE, trust: [trusts(A)], identity: [[{ Effect: "Allow", Action: "sts:AssumeRole", NotResource: `arn:aws:iam::${A}:role/Admin*` }]] }).decision).toBe("allowed");
    expect(run({ principal: ALICE, trust: [trusts(A)], identity: [[{ Effect: "Allow", Action: "sts:AssumeRole", NotResource: `arn:aws:iam::${A}:role/T*` }]] }).decision).toBe("implicitDeny");
  });

  it("action wildcards: sts:Assume* and sts:AssumeRol? match, sts:Assume does not", () => {
    for (const [action, want] of [["sts:Assume*", "allowed"], ["sts:AssumeRol?", "allowed"], ["sts:Assume", "implicitDeny"], ["sts:AssumeRole?", "implicitDeny"]] as const) {
      expect(run({ principal: ALICE, trust: [trusts(A)], identity: [[{ Effect: "Allow", Action: action, Resource: "*" }]] }).decision, action).toBe(want);
    }
  });

  it("an Allow in any one identity policy is enough", () => {
    expect(run({ principal: ALICE, trust: [trusts(A)], identity: [[onlyS3], [onlyS3], [allowAssume()]] }).decision).toBe("allowed");
  });

  it("policy variables in Resource: ${aws:username} for a user", () => {
    const identity = [[allowAssume(`arn:aws:iam::${A}:role/\${aws:username}-*`)]];
    const trust = [trusts(A)];
    expect(run({ principal: ALICE, resource: `arn:aws:iam::${A}:role/alice-ops`, trust, identity }).decision).toBe("allowed");
    expect(run({ principal: ALICE, resource: `arn:aws:iam::${A}:role/bob-ops`, trust, identity }).decision).toBe("implicitDeny");
  });

  it("a variable with no value in Resource matches nothing and the trace names the key", () => {
    const r = run({ principal: DEPLOY_SESSION, resource: `arn:aws:iam::${A}:role/alice-ops`, trust: [trusts(A)], identity: [[allowAssume(`arn:aws:iam::${A}:role/\${aws:username}-*`)]] });
    expect(r.decision).toBe("implicitDeny");
    const t = r.traces.find((x) => x.type === "identity");
    expect(t?.failed).toBe("resource");
    expect(t?.missingVariable).toBe("aws:username");
    expect(explain(r).find((e) => e.policyType === "identity")?.reason).toBe("Resource uses ${aws:username}, which the request does not have, so it matches nothing");
  });

  it("a 2008-10-17 document keeps ${…} literal, and a note explains it", () => {
    const r = run({ principal: ALICE, resource: `arn:aws:iam::${A}:role/alice-ops`, trust: [trusts(A)], identity: [[allowAssume(`arn:aws:iam::${A}:role/\${aws:username}-*`)]], version: "2008-10-17" });
    expect(r.decision).toBe("implicitDeny");
    const idPolicy = r.traces.find((x) => x.type === "identity")?.policy;
    expect(idPolicy?.notes[0]).toMatch(/Version 2008-10-17: policy variables/);
  });

  it("a document without Version is 2008-10-17 (note says so)", () => {
    const pol = compilePolicyInput({ Statement: [allowAssume(`arn:aws:iam::${A}:role/\${aws:username}`)] }, "identity", "identity[0]");
    expect(pol.notes[0]).toMatch(/^no Version element/);
    const req = buildRequest({ principal: ALICE, action: "sts:AssumeRole", resource: `arn:aws:iam::${A}:role/alice` });
    if (typeof req === "string") throw new Error(req);
    expect(evaluate(req, { identity: [pol] }).decision).toBe("implicitDeny");
  });
});

describe("resource-based policies other than trust policies (§1D)", () => {
  const bucket = "arn:aws:s3:::reports/q1.csv";
  const bucketPolicy = (principal: string | string[]): Stmt[] => [{ Effect: "Allow", Principal: { AWS: principal }, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }];

  it("no resource policy, same account: the identity Allow decides", () => {
    expect(run({ principal: ALICE, action: "s3:GetObject", resource: bucket, identity: [[onlyS3]] }).decision).toBe("allowed");
    const r = run({ principal: ALICE, action: "s3:GetObject", resource: bucket });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
  });

  it("same account, the bucket policy names the user: no identity Allow needed", () => {
    const r = run({ principal: ALICE, action: "s3:GetObject", resource: bucket, resourcePolicy: bucketPolicy(ALICE) });
    expect(r.decision).toBe("allowed");
    expect(r.resourceGrant).toBe("user");
  });

  it("same account, the bucket policy names the account: the identity Allow is needed", () => {
    const r = run({ principal: ALICE, action: "s3:GetObject", resource: bucket, resourcePolicy: bucketPolicy(A) });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
  });

  it("same account, the bucket policy does not name the caller: the identity Allow alone suffices", () => {
    const r = run({ principal: ALICE, action: "s3:GetObject", resource: bucket, resourcePolicy: bucketPolicy(`arn:aws:iam::${A}:user/bob`), identity: [[onlyS3]] });
    expect(r.decision).toBe("allowed");
    expect(decisive(r)).toEqual(["identity[0]#0"]);
  });

  it("cross-account: the bucket policy and the identity policy must both allow", () => {
    const r = run({ principal: ALICE, action: "s3:GetObject", resource: bucket, resourceAccount: B, identity: [[onlyS3]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
    expect(run({ principal: ALICE, action: "s3:GetObject", resource: bucket, resourceAccount: B, identity: [[onlyS3]], resourcePolicy: bucketPolicy(A) }).decision).toBe("allowed");
  });

  it("a KMS key policy must allow even in the same account", () => {
    const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const keyPolicy: Stmt[] = [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: "kms:*", Resource: "*" }];
    const r = run({ principal: ALICE, action: "kms:Decrypt", resource: key, resourcePolicy: keyPolicy, identity: [[allowAll]] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });

  it("a resource policy's NotPrincipal Deny spares only the named principals", () => {
    const deny: Stmt = { Effect: "Deny", NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`, ALICE] }, Action: "s3:*", Resource: "*" };
    expect(run({ principal: ALICE, action: "s3:GetObject", resource: bucket, identity: [[onlyS3]], resourcePolicy: [deny] }).decision).toBe("allowed");
    expect(run({ principal: `arn:aws:iam::${A}:user/bob`, action: "s3:GetObject", resource: bucket, identity: [[onlyS3]], resourcePolicy: [deny] }).decision).toBe("explicitDeny");
  });
});

describe("traces", () => {
  it("every statement of every applicable policy is traced once, in AWS's order", () => {
    const r = run({
      principal: DEPLOY_SESSION,
      trust: [trusts(A), trustsService("ec2.amazonaws.com")],
      identity: [[onlyS3, allowAssume()]],
      boundary: [allowAll],
      session: [allowAll],
      scps: [[[allowAll]]],
      rcps: [[[{ Effect: "Deny", Action: "s3:*", Resource: "*" }]]],
    });
    expect(r.traces.map((t) => `${t.type}:${t.policy.label}#${t.stmt.statement.index}`)).toEqual([
      "rcp:rcps[0][0]#0",
      "scp:scps[0][0]#0",
      "resource:trust#0",
      "resource:trust#1",
      "identity:identity[0]#0",
      "identity:identity[0]#1",
      "permissionBoundary:boundary#0",
      "session:session#0",
    ]);
    expect(r.traces.map((t) => t.failed)).toEqual(["action", undefined, undefined, "principal", "action", undefined, undefined, undefined]);
    expect(r.traces.find((t) => t.policy.label === "trust")?.principalMatch).toBe("account");
  });
});

describe("engine rules added after review", () => {
  const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const trustAccount = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" }] };
  const go = (principal: string, resourcePolicy?: object) => {
    const req = buildRequest({ principal, action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/R" });
    if (typeof req === "string") throw new Error(req);
    return evaluate(req, {
      identity: [compilePolicyInput(allowAll, "identity", "identity[0]")],
      resource: resourcePolicy ? compilePolicyInput(resourcePolicy, "trust", "resource") : undefined,
    });
  };
  it("the root user can never assume a role (R1.16: Roles may not be assumed by root accounts.)", () => {
    const r = go("arn:aws:iam::111122223333:root", trustAccount);
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["identity"]);
    expect(r.notes.join(" ")).toMatch(/root user can never assume a role/);
    expect(go("arn:aws:iam::111122223333:user/alice", trustAccount).decision).toBe("allowed");
  });
  it("sts:AssumeRole on a role needs a trust grant even when no trust policy is supplied (R1.5)", () => {
    const r = go("arn:aws:iam::111122223333:user/alice");
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["resource"]);
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html:
// "Both the endpoint policy and the caller's applicable policies must allow a request".
describe("VPC endpoint policies (R1.20, R12.6)", () => {
  const base = { principal: ALICE, identity: [[allowAssume()]], trust: [trusts(`arn:aws:iam::${A}:root`)] };
  it("an endpoint policy that allows does not change an allowed request", () => {
    const r = run({ ...base, endpoint: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });
    expect(r.decision).toBe("allowed");
  });
  it("an endpoint policy that does not allow the action blocks it, although every other policy allows", () => {
    const r = run({ ...base, endpoint: [{ Effect: "Allow", Principal: "*", Action: "sts:GetCallerIdentity", Resource: "*" }] });
    expect(r.decision).toBe("implicitDeny");
    expect(r.blockedBy).toEqual(["endpoint"]);
  });
  it("a Deny in the endpoint policy is an explicit deny", () => {
    const r = run({ ...base, endpoint: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }, { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: TARGET }] });
    expect(r.decision).toBe("explicitDeny");
    expect(r.explicitDenyBy).toEqual(["endpoint"]);
  });
  it("limits AWS service callers too", () => {
    const r = run({ principal: "ecs-tasks.amazonaws.com", trust: [trustsService("ecs-tasks.amazonaws.com")], endpoint: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "*", Resource: "*" }] });
    expect(r.blockedBy).toContain("endpoint");
  });
});
