import { describe, expect, it } from "vitest";
import { PolicyParseError, decodePolicyInput, kindLabel, parsePolicy, type PolicyKind } from "./parse";

// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// URL-encoded documents from the IAM API: rules reference R9.2,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html

const identityDoc = {
  Version: "2012-10-17",
  Statement: [{ Sid: "Assume", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/Deploy" }],
};

const trustDoc = {
  Version: "2012-10-17",
  Statement: { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" },
};

/** The PolicyParseError thrown by fn (fails the test if none). */
function parseError(fn: () => unknown): PolicyParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyParseError);
    return e as PolicyParseError;
  }
  throw new Error("expected a PolicyParseError");
}

const withStatement = (st: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [st] });

describe("decodePolicyInput", () => {
  it("passes objects through untouched", () => {
    const o = { a: 1 };
    expect(decodePolicyInput(o)).toBe(o);
  });

  it("parses a JSON string, ignoring surrounding whitespace", () => {
    expect(decodePolicyInput(`  ${JSON.stringify(identityDoc)}\n`)).toEqual(identityDoc);
  });

  it("decodes a URL-encoded JSON string (as IAM's API returns it)", () => {
    expect(decodePolicyInput(encodeURIComponent(JSON.stringify(trustDoc)))).toEqual(trustDoc);
  });

  it("does not URL-decode a plain JSON string that contains percent signs", () => {
    const doc = { Version: "2012-10-17", Statement: [{ Sid: "a%20b", Effect: "Allow", Action: "*", Resource: "*" }] };
    expect(decodePolicyInput(JSON.stringify(doc))).toEqual(doc);
  });

  it("rejects broken percent-encoding", () => {
    expect(parseError(() => decodePolicyInput("%7B%E0%A4%A")).message).toMatch(/not valid percent-encoding/);
  });

  it("rejects text that is not a JSON object", () => {
    expect(parseError(() => decodePolicyInput("[1,2]")).message).toMatch(/expected a JSON object/);
    expect(parseError(() => decodePolicyInput("Version: 2012-10-17")).message).toMatch(/expected a JSON object/);
  });

  it("reports invalid JSON", () => {
    const e = parseError(() => decodePolicyInput('{"Version": "2012-10-17",'));
    expect(e.path).toBe("");
    expect(e.message).toMatch(/^invalid JSON: /);
  });
});

describe("parsePolicy: documents", () => {
  it("accepts the three input forms and gives the same result", () => {
    const a = parsePolicy(identityDoc, "identity");
    const b = parsePolicy(JSON.stringify(identityDoc), "identity");
    const c = parsePolicy(encodeURIComponent(JSON.stringify(identityDoc)), "identity");
    expect(b.statements).toEqual(a.statements);
    expect(c.statements).toEqual(a.statements);
    expect(a.raw).toEqual(identityDoc);
  });

  it("normalises single values to arrays and keeps Sid and index", () => {
    const doc = parsePolicy(identityDoc, "identity");
    expect(doc.version).toBe("2012-10-17");
    expect(doc.versionMissing).toBe(false);
    expect(doc.statements).toEqual([
      { sid: "Assume", effect: "Allow", action: ["sts:AssumeRole"], resource: ["arn:aws:iam::111122223333:role/Deploy"], index: 0 },
    ]);
  });

  it("accepts a single Statement object and numbers it 0", () => {
    const doc = parsePolicy(trustDoc, "trust");
    expect(doc.statements).toHaveLength(1);
    expect(doc.statements[0]).toMatchObject({ index: 0, principal: { AWS: ["arn:aws:iam::111122223333:root"] } });
  });

  it("a missing Version means 2008-10-17 (no policy variables) and is flagged", () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
    const doc = parsePolicy({ Statement: identityDoc.Statement }, "identity");
    expect(doc.version).toBe("2008-10-17");
    expect(doc.versionMissing).toBe(true);
  });

  it("accepts Version 2008-10-17 explicitly", () => {
    const doc = parsePolicy({ ...identityDoc, Version: "2008-10-17" });
    expect(doc).toMatchObject({ version: "2008-10-17", versionMissing: false });
  });

  it.each([["2012-10-18"], [20121017], ["2012-10-17 "]])("rejects Version %j", (v) => {
    expect(parseError(() => parsePolicy({ ...identityDoc, Version: v })).path).toBe("Version");
  });

  it("keeps Id and rejects a non-string Id", () => {
    expect(parsePolicy({ ...identityDoc, Id: "policy-1" }).id).toBe("policy-1");
    expect(parseError(() => parsePolicy({ ...identityDoc, Id: 7 })).path).toBe("Id");
  });

  it("rejects unknown top-level elements, naming them", () => {
    const e = parseError(() => parsePolicy({ ...identityDoc, Statements: [] }));
    expect(e.path).toBe("Statements");
    expect(e.message).toBe("Statements: unknown top-level element (expected Version, Id, Statement)");
  });

  it("needs a Statement", () => {
    expect(parseError(() => parsePolicy({ Version: "2012-10-17" })).message).toBe("Statement: is missing");
  });

  it.each([null, 42, [], "not json"])("rejects a document that is not an object: %j", (input) => {
    expect(() => parsePolicy(input)).toThrow(PolicyParseError);
  });
});

describe("parsePolicy: statements", () => {
  it("points at the statement that is not an object", () => {
    const e = parseError(() => parsePolicy({ Version: "2012-10-17", Statement: [identityDoc.Statement[0], "oops"] }));
    expect(e.message).toBe("Statement[1]: expected an object");
  });

  it("uses `Statement` (no index) in paths when Statement is a single object", () => {
    const e = parseError(() => parsePolicy({ Version: "2012-10-17", Statement: { Effect: "Permit", Action: "*", Resource: "*" } }));
    expect(e.path).toBe("Statement.Effect");
  });

  it("rejects unknown statement elements (e.g. a misspelt Resources)", () => {
    const e = parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resources: "*" })));
    expect(e.path).toBe("Statement[0].Resources");
    expect(e.detail).toMatch(/unknown element/);
  });

  it.each(["allow", "ALLOW", "", undefined, true])("Effect must be exactly Allow or Deny (%j)", (effect) => {
    expect(parseError(() => parsePolicy(withStatement({ Effect: effect, Action: "*", Resource: "*" }))).path).toBe("Statement[0].Effect");
  });

  it("Sid must be a string", () => {
    expect(parseError(() => parsePolicy(withStatement({ Sid: 1, Effect: "Allow", Action: "*", Resource: "*" }))).path).toBe("Statement[0].Sid");
  });

  it("needs Action or NotAction, not both", () => {
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Resource: "*" }))).detail).toMatch(/needs an Action or NotAction/);
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*", NotAction: "s3:*", Resource: "*" }))).detail).toMatch(/both Action and NotAction/);
  });

  it("NotAction and NotResource are kept apart from Action and Resource", () => {
    const [st] = parsePolicy(withStatement({ Effect: "Deny", NotAction: ["iam:*", "sts:*"], NotResource: "arn:aws:s3:::logs/*" }), "identity").statements;
    expect(st).toMatchObject({ notAction: ["iam:*", "sts:*"], notResource: ["arn:aws:s3:::logs/*"] });
    expect(st?.action).toBeUndefined();
    expect(st?.resource).toBeUndefined();
  });

  it("rejects Resource with NotResource and Principal with NotPrincipal", () => {
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resource: "*", NotResource: "*" }))).detail).toMatch(/both Resource and NotResource/);
    expect(
      parseError(() => parsePolicy(withStatement({ Effect: "Deny", Action: "*", Resource: "*", Principal: "*", NotPrincipal: { AWS: "111122223333" } }))).detail,
    ).toMatch(/both Principal and NotPrincipal/);
  });

  it("rejects an empty Action array and non-string members, pointing at the member", () => {
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: [], Resource: "*" }))).message).toBe("Statement[0].Action: must not be an empty array");
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: ["s3:GetObject", 5], Resource: "*" }))).path).toBe("Statement[0].Action[1]");
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: { a: 1 }, Resource: "*" }))).path).toBe("Statement[0].Action");
  });

  it("rejects a non-string Resource", () => {
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resource: 5 }))).path).toBe("Statement[0].Resource");
  });
});

describe("parsePolicy: Principal", () => {
  const trust = (principal: unknown) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });

  it('"*" becomes AWS:["*"] and remembers it was written as "*"', () => {
    expect(parsePolicy(trust("*"), "trust").statements[0]?.principal).toEqual({ AWS: ["*"], star: true });
  });

  it('{"AWS":"*"} is kept without the star marker', () => {
    expect(parsePolicy(trust({ AWS: "*" }), "trust").statements[0]?.principal).toEqual({ AWS: ["*"] });
  });

  it("normalises every principal type to arrays", () => {
    const p = parsePolicy(
      trust({ AWS: ["111122223333", "arn:aws:iam::444455556666:role/ci"], Service: "ec2.amazonaws.com", Federated: "cognito-identity.amazonaws.com", CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }),
      "trust",
    ).statements[0]?.principal;
    expect(p).toEqual({
      AWS: ["111122223333", "arn:aws:iam::444455556666:role/ci"],
      Service: ["ec2.amazonaws.com"],
      Federated: ["cognito-identity.amazonaws.com"],
      CanonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"],
    });
  });

  it("rejects a bare ARN string as Principal", () => {
    const e = parseError(() => parsePolicy(trust("arn:aws:iam::111122223333:root"), "trust"));
    expect(e.path).toBe("Statement[0].Principal");
    expect(e.detail).toMatch(/expected "\*" or an object/);
  });

  it("rejects an empty principal object, unknown principal types and empty lists", () => {
    expect(parseError(() => parsePolicy(trust({}), "trust")).detail).toMatch(/at least one principal/);
    expect(parseError(() => parsePolicy(trust({ Group: "x" }), "trust")).path).toBe("Statement[0].Principal.Group");
    expect(parseError(() => parsePolicy(trust({ AWS: [] }), "trust")).path).toBe("Statement[0].Principal.AWS");
    expect(parseError(() => parsePolicy(trust(5), "trust")).path).toBe("Statement[0].Principal");
  });
});

describe("parsePolicy: Condition", () => {
  const cond = (condition: unknown) => withStatement({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition });

  it("normalises single values to arrays and stringifies numbers and booleans", () => {
    const [st] = parsePolicy(cond({ StringEquals: { "sts:ExternalId": "abc", "aws:PrincipalTag/team": ["a", "b"] }, Bool: { "aws:MultiFactorAuthPresent": true }, NumericLessThan: { "aws:MultiFactorAuthAge": [3600] } })).statements;
    expect(st?.condition).toEqual({
      StringEquals: { "sts:ExternalId": ["abc"], "aws:PrincipalTag/team": ["a", "b"] },
      Bool: { "aws:MultiFactorAuthPresent": ["true"] },
      NumericLessThan: { "aws:MultiFactorAuthAge": ["3600"] },
    });
  });

  it("keeps operator names as written (unknown operators are judged later, not here)", () => {
    const [st] = parsePolicy(cond({ StringEqualz: { k: "v" } })).statements;
    expect(st?.condition).toEqual({ StringEqualz: { k: ["v"] } });
  });

  it("points at the operator whose block is not an object: Statement[2].Condition.StringEquals", () => {
    const ok = { Effect: "Allow", Action: "*", Resource: "*" };
    const doc = { Version: "2012-10-17", Statement: [ok, ok, { ...ok, Condition: { StringEquals: "aws:username" } }] };
    const e = parseError(() => parsePolicy(doc, "identity"));
    expect(e.message).toBe("Statement[2].Condition.StringEquals: expected an object");
    expect(e.path).toBe("Statement[2].Condition.StringEquals");
    expect(e.detail).toBe("expected an object");
  });

  it("rejects a Condition that is not an object", () => {
    expect(parseError(() => parsePolicy(cond(["StringEquals"]))).path).toBe("Statement[0].Condition");
  });

  it("points at a bad value, including its index in a list", () => {
    expect(parseError(() => parsePolicy(cond({ StringEquals: { k: null } }))).path).toBe("Statement[0].Condition.StringEquals.k");
    expect(parseError(() => parsePolicy(cond({ StringEquals: { k: ["a", { x: 1 }] } }))).path).toBe("Statement[0].Condition.StringEquals.k[1]");
  });
});

describe("parsePolicy: rules per policy kind", () => {
  it("a trust policy needs a Principal", () => {
    const e = parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: "sts:AssumeRole" }), "trust"));
    expect(e.detail).toMatch(/needs a Principal/);
  });

  it("a trust policy rejects Resource and NotResource (IAM: Has prohibited field Resource)", () => {
    // rules reference R2.16
    const e = parseError(() => parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }), "trust"));
    expect(e.detail).toMatch(/must not have Resource/);
    expect(() => parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", NotResource: "*" }), "trust")).toThrow(/must not have Resource/);
  });

  it("a trust policy rejects NotPrincipal", () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    const e = parseError(() => parsePolicy(withStatement({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }), "trust"));
    expect(e.path).toBe("Statement[0].NotPrincipal");
  });

  it.each<PolicyKind>(["identity", "permissionBoundary", "session", "scp"])("a %s policy rejects Principal", (kind) => {
    const e = parseError(() => parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }), kind));
    expect(e.detail).toContain(`a ${kindLabel(kind)} must not have a Principal`);
  });

  it.each<PolicyKind>(["identity", "permissionBoundary", "session"])("a %s policy needs Resource or NotResource", (kind) => {
    const e = parseError(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*" }), kind));
    expect(e.detail).toMatch(/needs a Resource or NotResource/);
    expect(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::x" }), kind)).not.toThrow();
  });

  it("an SCP may leave out Resource", () => {
    expect(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*" }), "scp")).not.toThrow();
  });

  it('an RCP takes "Principal": "*" (RCP syntax), and no other principal', () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
    const rcp = withStatement({
      Effect: "Deny",
      Principal: "*",
      Action: "sts:AssumeRole",
      Resource: "*",
      Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" }, Bool: { "aws:PrincipalIsAWSService": "false" } },
    });
    expect(parsePolicy(rcp, "rcp").statements[0]?.principal).toEqual({ AWS: ["*"], star: true });
    expect(() => parsePolicy(withStatement({ Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: "*" }), "rcp")).not.toThrow();
    expect(() => parsePolicy(withStatement({ Effect: "Deny", Action: "*", Resource: "*" }), "rcp")).not.toThrow();
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Deny", Principal: { AWS: "111122223333" }, Action: "*", Resource: "*" }), "rcp")).path).toBe("Statement[0].Principal");
    expect(parseError(() => parsePolicy(withStatement({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "*", Resource: "*" }), "rcp")).path).toBe(
      "Statement[0].NotPrincipal",
    );
  });

  it("a resource-based policy needs a Principal or NotPrincipal", () => {
    expect(() => parsePolicy(withStatement({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), "resource")).toThrow(/needs a Principal or NotPrincipal/);
    expect(() => parsePolicy(withStatement({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "s3:*", Resource: "*" }), "resource")).not.toThrow();
  });

  it("without a kind only the grammar is checked", () => {
    expect(() => parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }))).not.toThrow();
    expect(() => parsePolicy(withStatement({ Effect: "Allow", Action: "*" }))).not.toThrow();
  });

  it("kindLabel names every kind", () => {
    const kinds: PolicyKind[] = ["identity", "resource", "trust", "permissionBoundary", "scp", "rcp", "session"];
    const labels = kinds.map(kindLabel);
    expect(new Set(labels).size).toBe(kinds.length);
    expect(kindLabel("trust")).toBe("role trust policy");
  });
});

describe("PolicyParseError", () => {
  it("carries path and detail and formats the message", () => {
    const e = new PolicyParseError("Statement[0].Action", "expected a string");
    expect(e.name).toBe("PolicyParseError");
    expect(e.message).toBe("Statement[0].Action: expected a string");
    expect(new PolicyParseError("", "bad").message).toBe("bad");
    expect(e).toBeInstanceOf(Error);
  });
});
