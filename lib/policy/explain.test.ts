import { describe, expect, it } from "vitest";
import {
  TYPE_LABEL,
  buildRequest,
  compilePolicyInput,
  evaluate,
  explain,
  explainTrace,
  policyNotes,
  summarize,
  type CompiledPolicySet,
  type ContextInput,
  type EvaluationResult,
} from "./index";

// Explanations of traces. The wording is what the UI shows; the rules behind it are in
// evaluate.test.ts.

const A = "111122223333";
const B = "444455556666";
const TARGET = `arn:aws:iam::${A}:role/Target`;
const ALICE = `arn:aws:iam::${A}:user/alice`;

type Stmt = Record<string, unknown>;
const doc = (...s: Stmt[]) => ({ Version: "2012-10-17", Statement: s });

function run(principal: string, policies: CompiledPolicySet, opts: { resource?: string; context?: ContextInput; action?: string } = {}): EvaluationResult {
  const req = buildRequest({ principal, action: opts.action ?? "sts:AssumeRole", resource: opts.resource ?? TARGET, context: opts.context });
  if (typeof req === "string") throw new Error(req);
  return evaluate(req, policies);
}

const trust = (...s: Stmt[]) => compilePolicyInput(doc(...s), "trust", "resource", "Target trust policy");
const identity = (...s: Stmt[]) => compilePolicyInput(doc(...s), "identity", "identity[0]", "arn:aws:iam::111122223333:policy/assume");

describe("explainTrace / explain", () => {
  it("explains a statement that applies, with how the principal was named", () => {
    const r = run(ALICE, { identity: [], resource: trust({ Sid: "TrustAlice", Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole" }) });
    expect(explain(r)).toEqual([
      {
        policy: "resource",
        policyType: "resource",
        policyName: "Target trust policy",
        statement: 0,
        sid: "TrustAlice",
        effect: "Allow",
        applies: true,
        decisive: true,
        reason: "Allows: action match and names the caller's IAM user",
      },
    ]);
  });

  it("mentions resource and conditions when the statement has them", () => {
    const r = run(ALICE, {
      identity: [identity({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*", Condition: { StringEquals: { "aws:PrincipalType": "User" } } })],
    });
    const [e] = explain(r);
    expect(e).toMatchObject({ effect: "Deny", applies: true, decisive: true, reason: "Denies: action, resource, conditions match", policyName: "arn:aws:iam::111122223333:policy/assume" });
    expect(e?.sid).toBeUndefined();
    expect("failed" in (e ?? {})).toBe(false);
  });

  it("Action does not cover the action (lists up to four, then counts the rest)", () => {
    const r = run(ALICE, { identity: [identity({ Effect: "Allow", Action: ["s3:a", "s3:b", "s3:c", "s3:d", "s3:e", "s3:f"], Resource: "*" })] });
    expect(explain(r)[0]).toMatchObject({ failed: "action", applies: false, decisive: false, reason: 'Action "s3:a", "s3:b", "s3:c", "s3:d" (+2 more) does not cover the action' });
  });

  it("NotAction excludes the action", () => {
    const r = run(ALICE, { identity: [identity({ Effect: "Allow", NotAction: "sts:*", Resource: "*" })] });
    expect(explain(r)[0]?.reason).toBe('NotAction "sts:*" excludes the action');
  });

  it("Resource does not match / NotResource excludes", () => {
    const a = run(ALICE, { identity: [identity({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${B}:role/Target` })] });
    expect(explain(a)[0]).toMatchObject({ failed: "resource", reason: `Resource "arn:aws:iam::${B}:role/Target" does not match the resource` });
    const b = run(ALICE, { identity: [identity({ Effect: "Allow", Action: "sts:AssumeRole", NotResource: TARGET })] });
    expect(explain(b)[0]?.reason).toBe(`NotResource "${TARGET}" excludes the resource`);
  });

  it("a missing policy variable in Resource", () => {
    const r = run(`arn:aws:sts::${A}:assumed-role/Deploy/s`, { identity: [identity({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/\${aws:username}` })] });
    expect(explain(r)[0]?.reason).toBe("Resource uses ${aws:username}, which the request does not have, so it matches nothing");
  });

  it("Principal does not name the caller, listing every principal type", () => {
    const r = run(ALICE, { identity: [], resource: trust({ Effect: "Allow", Principal: { AWS: B, Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) });
    expect(explain(r)[0]).toMatchObject({ failed: "principal", reason: `Principal "${B}", "ec2.amazonaws.com" does not name the caller` });
  });

  it("Principal explanation carries the deleted-principal note", () => {
    const r = run(ALICE, { identity: [], resource: trust({ Effect: "Allow", Principal: { AWS: "AIDAJQABLZS4A3QDU576Q" }, Action: "sts:AssumeRole" }) });
    expect(explain(r)[0]?.reason).toMatch(/^Principal "AIDAJQABLZS4A3QDU576Q" does not name the caller \(AIDAJQABLZS4A3QDU576Q is the unique ID of a deleted user: it matches nobody/);
  });

  it("NotPrincipal excludes the caller", () => {
    const bucket = compilePolicyInput(doc({ Effect: "Deny", NotPrincipal: { AWS: [A, ALICE] }, Action: "s3:*", Resource: "*" }), "resource", "resource");
    const r = run(ALICE, { identity: [], resource: bucket }, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" });
    expect(explain(r)[0]).toMatchObject({ failed: "principal", reason: "NotPrincipal excludes the caller" });
  });

  it("condition failures are joined and missing keys listed", () => {
    const r = run(ALICE, {
      identity: [],
      resource: trust({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x", "aws:PrincipalTag/team": "ops" }, Bool: { "aws:SecureTransport": "true" } } }),
    }, { context: { "aws:PrincipalTag/team": "dev" } });
    const [e] = explain(r);
    expect(e?.failed).toBe("condition");
    expect(e?.missingKeys).toEqual(["sts:ExternalId", "aws:SecureTransport"]);
    expect(e?.reason).toBe(
      'sts:ExternalId is not in the request; StringEquals: aws:PrincipalTag/team is "dev", which does not satisfy "equals "ops""; aws:SecureTransport is not in the request',
    );
  });

  it("explainTrace leaves out missingKeys when no key is missing", () => {
    const r = run(ALICE, { identity: [], resource: trust({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "x" } } }) }, { context: { "sts:ExternalId": "y" } });
    const e = explainTrace(r.traces[0]!);
    expect(e.failed).toBe("condition");
    expect("missingKeys" in e).toBe(false);
  });

  it("explain returns one explanation per trace, in order", () => {
    const r = run(ALICE, { identity: [identity({ Effect: "Allow", Action: "s3:*", Resource: "*" }, { Effect: "Allow", Action: "sts:*", Resource: "*" })] });
    expect(explain(r).map((e) => [e.statement, e.applies])).toEqual([
      [0, false],
      [1, true],
    ]);
  });
});

describe("summarize", () => {
  it("allowed through a trust grant", () => {
    const r = run(ALICE, { identity: [], resource: trust({ Effect: "Allow", Principal: { AWS: ALICE }, Action: "sts:AssumeRole" }) });
    expect(summarize(r)).toBe("Allowed: the resource policy names the caller's IAM user.");
  });

  it("allowed cross-account mentions the identity policies", () => {
    const xTrust = compilePolicyInput(doc({ Effect: "Allow", Principal: { AWS: A }, Action: "sts:AssumeRole" }), "trust", "resource");
    const r = run(ALICE, { identity: [identity({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" })], resource: xTrust }, { resource: `arn:aws:iam::${B}:role/Target` });
    expect(summarize(r)).toBe("Allowed: the resource policy names the caller's account, and the caller's identity policies allow it.");
  });

  it("allowed without any resource policy", () => {
    const r = run(ALICE, { identity: [identity({ Effect: "Allow", Action: "s3:*", Resource: "*" })] }, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" });
    expect(summarize(r)).toBe("Allowed.");
  });

  it("explicit deny names the policy types with 'and'", () => {
    const r = run(ALICE, {
      identity: [identity({ Effect: "Deny", Action: "*", Resource: "*" })],
      resource: trust({ Effect: "Deny", Principal: "*", Action: "*" }),
      permissionBoundary: compilePolicyInput(doc({ Effect: "Deny", Action: "*", Resource: "*" }), "permissionBoundary", "boundary"),
    });
    expect(summarize(r)).toBe("Denied by an explicit Deny in resource-based policy, identity-based policy and permissions boundary.");
  });

  it("implicit deny names the missing allows with 'or'", () => {
    const xTrust = compilePolicyInput(doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), "trust", "resource");
    const r = run(ALICE, { identity: [], resource: xTrust }, { resource: `arn:aws:iam::${B}:role/Target` });
    expect(summarize(r)).toBe("Denied: no resource-based policy or identity-based policy allows it.");
    const one = run(ALICE, { identity: [] }, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" });
    expect(summarize(one)).toBe("Denied: no identity-based policy allows it.");
  });

  it("TYPE_LABEL names every policy type", () => {
    expect(TYPE_LABEL).toEqual({
      identity: "identity-based policy",
      resource: "resource-based policy",
      permissionBoundary: "permissions boundary",
      scp: "service control policy",
      rcp: "resource control policy",
      session: "session policy",
      endpoint: "VPC endpoint policy",
    });
  });
});

describe("policyNotes", () => {
  it("prefixes each note with the policy label, and marks trust policies", () => {
    const t = compilePolicyInput(doc({ Effect: "Allow", Principal: { AWS: "AROA3XFRBF535PLBIFPI4" }, Action: "sts:AssumeRole" }), "trust", "resource");
    const i = compilePolicyInput({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "identity", "identity[0]");
    const notes = policyNotes([t, i]);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^resource \(role trust policy\): Statement 0: AROA3XFRBF535PLBIFPI4 is the unique ID of a deleted role/);
    expect(notes[1]).toMatch(/^identity\[0\]: no Version element/);
  });

  it("is empty for clean policies", () => {
    expect(policyNotes([compilePolicyInput(doc({ Effect: "Allow", Action: "*", Resource: "*" }), "identity", "identity[0]")])).toEqual([]);
  });

  it("2008-10-17 documents with ${…} get a note; without ${…} they do not", () => {
    const withVar = compilePolicyInput({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::${aws:username}" }] }, "identity", "identity[0]");
    expect(policyNotes([withVar])).toEqual(["identity[0]: Version 2008-10-17: policy variables such as ${aws:username} are literal text; use 2012-10-17"]);
    const plain = compilePolicyInput({ Version: "2008-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "identity", "identity[0]");
    expect(policyNotes([plain])).toEqual([]);
  });

  it("invalid condition values become findings, not notes", () => {
    const p = compilePolicyInput(doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "one hour" } } }), "identity", "identity[0]");
    expect(policyNotes([p])).toEqual([]);
    expect(p.findings).toEqual([
      { statement: 0, severity: "error", code: "data-type-mismatch", message: 'Data type mismatch: NumericLessThan aws:MultiFactorAuthAge: "one hour" is not a number.', path: "Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge" },
    ]);
  });
});
