import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicyInput } from "@/lib/policy/compile";
import { evaluate } from "@/lib/policy/evaluate";
import { buildRequest } from "@/lib/policy/request";
import { MAX_POLICY_ARNS, SESSION_POLICY_LIMIT, dedupePatterns, mergeStatements, minify, planSessionPolicy } from "./session-policy";

const ACCT = "111111111111";
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });

/** Decision of the role's own policies vs the built session policy on an allow-all base role. */
function decide(policies: object[], action: string, resource: string, context: Record<string, string> = {}) {
  const req = buildRequest({ principal: `arn:aws:iam::${ACCT}:role/base`, action, resource, context });
  if (typeof req === "string") throw new Error(req);
  return evaluate(req, { identity: policies.map((p, i) => compilePolicyInput(p, "identity", `identity[${i}]`)) }).decision;
}
function decideSession(session: string, action: string, resource: string, context: Record<string, string> = {}) {
  const req = buildRequest({ principal: `arn:aws:iam::${ACCT}:role/base`, action, resource, context });
  if (typeof req === "string") throw new Error(req);
  const allowAll = compilePolicyInput(doc({ Effect: "Allow", Action: "*", Resource: "*" }), "identity", "base");
  return evaluate(req, { identity: [allowAll], session: compilePolicyInput(session, "session", "session") }).decision;
}

describe("mergeStatements keeps meaning while shrinking", () => {
  const inline = [
    doc({ Sid: "Read", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders" }),
    doc(
      { Sid: "Write", Effect: "Allow", Action: "dynamodb:PutItem", Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders" },
      { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObject", "S3:getobject"], Resource: ["arn:aws:s3:::rc-orders-dev/*"] },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::rc-orders-dev/in/*" },
      { Effect: "Allow", Action: "sqs:*", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } },
      { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
      { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:logs:*:*:*" },
    ),
  ];
  const merged = mergeStatements(inline.flatMap((d) => d.Statement));
  const session = minify(merged);

  it("drops Sids, whitespace, duplicate and covered actions and resources", () => {
    expect(session).not.toMatch(/Sid|\s/);
    const s3 = merged.find((s) => JSON.stringify(s).includes("s3:GetObject"))!;
    expect(s3).toEqual({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::rc-orders-dev/*" });
    const ddb = merged.find((s) => JSON.stringify(s).includes("dynamodb"))!;
    expect(ddb.Action).toEqual(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"]);
    expect(merged.filter((s) => JSON.stringify(s).includes("sqs"))).toEqual([{ Effect: "Allow", Action: "sqs:*", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }]);
    expect(session.length).toBeLessThan(JSON.stringify(inline).length);
  });

  it("gives the same decisions as the role's policies for a sample of requests", () => {
    const cases: [string, string, Record<string, string>?][] = [
      ["dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111111111111:table/orders"],
      ["dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111111111111:table/orders"],
      ["dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:111111111111:table/orders"],
      ["dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111111111111:table/other"],
      ["s3:GetObject", "arn:aws:s3:::rc-orders-dev/in/x.json"],
      ["s3:GetObject", "arn:aws:s3:::elsewhere/x"],
      ["s3:DeleteObject", "arn:aws:s3:::rc-orders-dev/x"],
      ["sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", { "aws:RequestedRegion": "us-east-1" }],
      ["sqs:SendMessage", "arn:aws:sqs:eu-west-1:111111111111:q", { "aws:RequestedRegion": "eu-west-1" }],
      ["logs:PutLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:x"],
      ["iam:PassRole", "arn:aws:logs:us-east-1:111111111111:log-group:x"],
    ];
    for (const [action, resource, ctx] of cases) {
      expect(`${action} ${resource}: ${decideSession(session, action, resource, ctx)}`).toBe(`${action} ${resource}: ${decide(inline, action, resource, ctx)}`);
    }
  });

  it("property: merging never changes a decision", () => {
    const actions = ["s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "dynamodb:GetItem", "sqs:SendMessage"];
    const resources = ["*", "arn:aws:s3:::a/*", "arn:aws:s3:::a/b", "arn:aws:s3:::b/*", "arn:aws:dynamodb:us-east-1:111111111111:table/t"];
    const cond = fc.option(fc.constantFrom({ StringEquals: { "aws:RequestedRegion": "us-east-1" } }, { Bool: { "aws:SecureTransport": "true" } }), { nil: undefined });
    const stmt = fc.record({
      Effect: fc.constantFrom("Allow", "Allow", "Deny"),
      Action: fc.subarray(actions, { minLength: 1 }),
      Resource: fc.subarray(resources, { minLength: 1 }),
      Condition: cond,
    }).map((s) => (s.Condition ? s : { Effect: s.Effect, Action: s.Action, Resource: s.Resource }));
    fc.assert(
      fc.property(fc.array(stmt, { minLength: 1, maxLength: 6 }), fc.constantFrom(...actions.filter((a) => !a.includes("*"))), fc.constantFrom("arn:aws:s3:::a/b", "arn:aws:s3:::b/c", "arn:aws:dynamodb:us-east-1:111111111111:table/t"), fc.constantFrom("us-east-1", "eu-west-1"), (sts, action, resource, region) => {
        const ctx = { "aws:RequestedRegion": region, "aws:SecureTransport": "true" };
        const session = minify(mergeStatements(sts));
        expect(decideSession(session, action, resource, ctx)).toBe(decide([doc(...sts)], action, resource, ctx));
      }),
      { numRuns: 300 },
    );
  });

  it("dedupePatterns: case-insensitive for actions, covered entries dropped", () => {
    expect(dedupePatterns(["s3:GetObject", "S3:GETOBJECT", "s3:Get*", "s3:List*"], true)).toEqual(["s3:Get*", "s3:List*"]);
    expect(dedupePatterns(["arn:aws:s3:::A/x", "arn:aws:s3:::a/x"], false)).toEqual(["arn:aws:s3:::A/x", "arn:aws:s3:::a/x"]);
  });
});

describe("planSessionPolicy limits (AssumeRole: 2,048 characters, 10 policy ARNs)", () => {
  const bigStatement = (n: number, pad: number) => ({ Effect: "Allow", Action: `s3:GetObject`, Resource: `arn:aws:s3:::bucket-${n}-${"x".repeat(pad)}/*` });

  it("exactly at the limit fits; one more character does not", () => {
    const base = minify([bigStatement(1, 0)]).length;
    const pad = SESSION_POLICY_LIMIT - base;
    const at = planSessionPolicy([{ name: "p", document: doc(bigStatement(1, pad)) }], [], ACCT);
    expect(at.sessionPolicyChars).toBe(SESSION_POLICY_LIMIT);
    expect(at.overflow).toBeUndefined();
    const over = planSessionPolicy([{ name: "p", document: doc(bigStatement(1, pad + 1)) }], [], ACCT);
    expect(over.sessionPolicyChars).toBe(SESSION_POLICY_LIMIT + 1);
    expect(over.overflow).toMatchObject({ chars: SESSION_POLICY_LIMIT + 1, limit: SESSION_POLICY_LIMIT, parts: [{ name: "inline policy p", chars: SESSION_POLICY_LIMIT + 1 }] });
  });

  it("more than 10 managed policies: the first 10 as ARNs, the rest inlined", () => {
    const managed = Array.from({ length: 12 }, (_, i) => ({ arn: `arn:aws:iam::${ACCT}:policy/p${i}`, document: doc({ Effect: "Allow", Action: `svc${i}:Get`, Resource: "*" }) }));
    const plan = planSessionPolicy([], managed, ACCT);
    expect(plan.policyArns).toHaveLength(MAX_POLICY_ARNS);
    expect(plan.inlined).toEqual([`arn:aws:iam::${ACCT}:policy/p10`, `arn:aws:iam::${ACCT}:policy/p11`]);
    expect(JSON.parse(plan.sessionPolicy!).Statement.Action).toEqual(["svc10:Get", "svc11:Get"]);
  });

  it("a customer managed policy of another account cannot be a PolicyArn: it is inlined", () => {
    const plan = planSessionPolicy([], [{ arn: "arn:aws:iam::222222222222:policy/x", document: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }) }, { arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }], ACCT);
    expect(plan.policyArns).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(plan.inlined).toEqual(["arn:aws:iam::222222222222:policy/x"]);
    expect(plan.notes[0]).toMatch(/another account than the base role/);
  });

  it("a managed policy that must be inlined but is not loaded is reported as not fitting", () => {
    const plan = planSessionPolicy([], [{ arn: "arn:aws:iam::222222222222:policy/x" }], ACCT);
    expect(plan.overflow?.parts[0]!.name).toMatch(/not loaded/);
  });
});
