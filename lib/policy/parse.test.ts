import { describe, expect, it } from "vitest";
import { PolicyParseError, decodePolicyInput, kindLabel, parsePolicy, type PolicyKind } from "./parse";
import type { PolicyDocument } from "./types";
import { MAX_GLOB_LENGTH } from "./wildcard";

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

/** The findings of a document without their messages (the messages are checked where they matter). */
const found = (doc: PolicyDocument) => doc.findings.map((f) => ({ code: f.code, severity: f.severity, path: f.path, ...(f.statement !== undefined ? { statement: f.statement } : {}) }));

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

  it.each([["2012-10-18"], [20121017], ["2012-10-17 "]])("reports Version %j as invalid-version, and its statements as undefined", (v) => {
    const doc = parsePolicy({ ...identityDoc, Version: v });
    expect(found(doc)).toContainEqual({ code: "invalid-version", severity: "error", path: "Version" });
    expect(doc.statements[0]?.problems).toContain("the document's Version is not valid");
  });

  it("keeps Id and reports a non-string Id", () => {
    expect(parsePolicy({ ...identityDoc, Id: "policy-1" }).id).toBe("policy-1");
    expect(found(parsePolicy({ ...identityDoc, Id: 7 }))).toContainEqual({ code: "data-type-mismatch", severity: "error", path: "Id" });
  });

  it("reports unknown top-level elements, naming them", () => {
    const doc = parsePolicy({ ...identityDoc, Statements: [] });
    expect(doc.findings[0]).toMatchObject({ code: "invalid-policy-element", path: "Statements" });
    expect(doc.findings[0]?.message).toMatch(/"Statements" is not valid/);
  });

  it("a missing Version is a warning (IAM then uses 2008-10-17)", () => {
    expect(found(parsePolicy({ Statement: identityDoc.Statement }))).toEqual([{ code: "missing-version", severity: "warning", path: "Version" }]);
  });

  it("a clean document has no findings", () => {
    expect(parsePolicy(identityDoc, "identity").findings).toEqual([]);
    expect(parsePolicy(trustDoc, "trust").findings).toEqual([]);
  });

  it("needs a Statement: without one it is not a policy at all (PolicyParseError)", () => {
    expect(parseError(() => parsePolicy({ Version: "2012-10-17" })).path).toBe("Statement");
    expect(parseError(() => parsePolicy({ Version: "2012-10-17", Statement: "x" })).path).toBe("Statement");
  });

  it.each([null, 42, [], "not json"])("rejects a document that is not an object: %j", (input) => {
    expect(() => parsePolicy(input)).toThrow(PolicyParseError);
  });
});

describe("parsePolicy: statements", () => {
  it("reports the statement that is not an object and keeps the others", () => {
    const doc = parsePolicy({ Version: "2012-10-17", Statement: [identityDoc.Statement[0], "oops"] });
    expect(found(doc)).toEqual([{ code: "data-type-mismatch", severity: "error", path: "Statement[1]", statement: 1 }]);
    expect(doc.statements).toHaveLength(1);
  });

  it("uses `Statement` (no index) in paths when Statement is a single object", () => {
    const doc = parsePolicy({ Version: "2012-10-17", Statement: { Effect: "Permit", Action: "*", Resource: "*" } });
    expect(doc.findings[0]?.path).toBe("Statement.Effect");
  });

  it("reports unknown statement elements (e.g. a misspelt Resources)", () => {
    const doc = parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resources: "*" }));
    expect(found(doc)).toContainEqual({ code: "invalid-policy-element", severity: "error", path: "Statement[0].Resources", statement: 0 });
    expect(doc.statements[0]?.problems?.length).toBeGreaterThan(0);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html (Invalid effect, Missing effect)
  it.each(["allow", "ALLOW", "", true])("Effect must be exactly Allow or Deny (%j): invalid-effect, and it grants nothing", (effect) => {
    const doc = parsePolicy(withStatement({ Effect: effect, Action: "*", Resource: "*" }));
    expect(doc.findings[0]).toMatchObject({ code: "invalid-effect", path: "Statement[0].Effect", statement: 0 });
    expect(doc.statements[0]).toMatchObject({ effect: "Allow" });
    expect(doc.statements[0]?.problems).toBeDefined();
  });

  it('a misspelt "deny" still denies (never spare a Deny), and a missing Effect is missing-effect', () => {
    expect(parsePolicy(withStatement({ Effect: "deny", Action: "*", Resource: "*" })).statements[0]?.effect).toBe("Deny");
    expect(parsePolicy(withStatement({ Action: "*", Resource: "*" })).findings[0]?.code).toBe("missing-effect");
  });

  it("Sid must be a string (an error that leaves the meaning clear)", () => {
    const doc = parsePolicy(withStatement({ Sid: 1, Effect: "Allow", Action: "*", Resource: "*" }));
    expect(found(doc)).toEqual([{ code: "data-type-mismatch", severity: "error", path: "Statement[0].Sid", statement: 0 }]);
    expect(doc.statements[0]?.problems).toBeUndefined();
  });

  it("duplicate Sids: unique-sids-required, both statements still evaluated", () => {
    const st = { Sid: "Same", Effect: "Allow", Action: "*", Resource: "*" };
    const doc = parsePolicy({ Version: "2012-10-17", Statement: [st, st] });
    expect(found(doc)).toEqual([{ code: "unique-sids-required", severity: "error", path: "Statement[1].Sid", statement: 1 }]);
    expect(doc.statements.every((s) => s.problems === undefined)).toBe(true);
  });

  it("needs Action or NotAction, not both", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Resource: "*" })).findings[0]?.code).toBe("missing-action");
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*", NotAction: "s3:*", Resource: "*" })).findings[0]?.code).toBe("unsupported-element-combination");
  });

  it('reports "Action": "invalid" (no service prefix) and an empty NotAction', () => {
    expect(found(parsePolicy(withStatement({ Effect: "Allow", Action: "invalid", Resource: "*" })))).toEqual([{ code: "invalid-action", severity: "error", path: "Statement[0].Action", statement: 0 }]);
    expect(found(parsePolicy(withStatement({ Effect: "Allow", NotAction: "", Resource: "*" })))).toEqual([{ code: "invalid-action", severity: "error", path: "Statement[0].NotAction", statement: 0 }]);
  });

  it("reports malformed Resource and NotResource ARNs", () => {
    expect(found(parsePolicy(withStatement({ Effect: "Allow", Action: "*", NotResource: "bucket/*" })))).toEqual([{ code: "invalid-arn-prefix", severity: "error", path: "Statement[0].NotResource", statement: 0 }]);
    expect(found(parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3" })))).toEqual([{ code: "missing-arn-field", severity: "error", path: "Statement[0].Resource", statement: 0 }]);
  });

  it("NotAction and NotResource are kept apart from Action and Resource", () => {
    const [st] = parsePolicy(withStatement({ Effect: "Deny", NotAction: ["iam:*", "sts:*"], NotResource: "arn:aws:s3:::logs/*" }), "identity").statements;
    expect(st).toMatchObject({ notAction: ["iam:*", "sts:*"], notResource: ["arn:aws:s3:::logs/*"] });
    expect(st?.action).toBeUndefined();
    expect(st?.resource).toBeUndefined();
  });

  it("reports Resource with NotResource and Principal with NotPrincipal", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resource: "*", NotResource: "*" })).findings[0]?.message).toMatch(/Resource and NotResource can not be used/);
    expect(parsePolicy(withStatement({ Effect: "Deny", Action: "*", Resource: "*", Principal: "*", NotPrincipal: { AWS: "111122223333" } })).findings[0]?.message).toMatch(/Principal and NotPrincipal/);
  });

  it("reports an empty Action array and non-string members, pointing at the member", () => {
    expect(found(parsePolicy(withStatement({ Effect: "Allow", Action: [], Resource: "*" })))).toEqual([{ code: "data-type-mismatch", severity: "error", path: "Statement[0].Action", statement: 0 }]);
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: ["s3:GetObject", 5], Resource: "*" })).findings[0]?.path).toBe("Statement[0].Action[1]");
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: { a: 1 }, Resource: "*" })).findings[0]?.path).toBe("Statement[0].Action");
  });

  it("reports a non-string Resource", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resource: 5 })).findings[0]?.path).toBe("Statement[0].Resource");
  });

  it("bounds pattern sizes: a value longer than MAX_GLOB_LENGTH is pattern-too-long", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*", Resource: `arn:aws:s3:::${"a".repeat(MAX_GLOB_LENGTH)}` })).findings[0]?.code).toBe("pattern-too-long");
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

  // R12.8; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  it("reports a bare ARN string as Principal (only \"*\" may be a string)", () => {
    const doc = parsePolicy(trust("arn:aws:iam::111122223333:root"), "trust");
    expect(found(doc)).toEqual([{ code: "invalid-principal-format", severity: "error", path: "Statement[0].Principal", statement: 0 }]);
    expect(doc.statements[0]).toMatchObject({ principalInvalid: true });
  });

  it("reports an empty principal object, unknown principal types and empty lists", () => {
    expect(parsePolicy(trust({}), "trust").findings[0]?.code).toBe("invalid-principal-format");
    expect(parsePolicy(trust({ Group: "x" }), "trust").findings[0]).toMatchObject({ code: "invalid-principal-key", path: "Statement[0].Principal.Group" });
    expect(parsePolicy(trust({ AWS: [] }), "trust").findings[0]?.path).toBe("Statement[0].Principal.AWS");
    expect(parsePolicy(trust(5), "trust").findings[0]?.path).toBe("Statement[0].Principal");
  });

  // R2.8: only the full "*" is a wildcard principal
  it("reports partial wildcards in principals", () => {
    expect(found(parsePolicy(trust({ AWS: "arn:aws:iam::111122223333:role/*" }), "trust"))).toEqual([
      { code: "unsupported-wildcard-in-principal", severity: "error", path: "Statement[0].Principal.AWS", statement: 0 },
    ]);
    expect(parsePolicy(trust({ Service: "*.amazonaws.com" }), "trust").findings[0]?.code).toBe("unsupported-wildcard-in-principal");
  });
});

describe("parsePolicy: Condition", () => {
  const cond = (condition: unknown) => withStatement({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition });

  it("normalises single values to arrays and stringifies numbers and booleans", () => {
    const [st] = parsePolicy(cond({ StringEquals: { "sts:ExternalId": "abc", "aws:PrincipalTag/team": ["a", "b"] }, Bool: { "aws:MultiFactorAuthPresent": true }, NumericLessThan: { "aws:MultiFactorAuthAge": [3600] } })).statements;
    expect(JSON.parse(JSON.stringify(st?.condition))).toEqual({
      StringEquals: { "sts:ExternalId": ["abc"], "aws:PrincipalTag/team": ["a", "b"] },
      Bool: { "aws:MultiFactorAuthPresent": ["true"] },
      NumericLessThan: { "aws:MultiFactorAuthAge": ["3600"] },
    });
  });

  it("keeps operator names as written (unknown operators are judged at compile)", () => {
    const [st] = parsePolicy(cond({ StringEqualz: { "k:k": "v" } })).statements;
    expect(JSON.parse(JSON.stringify(st?.condition))).toEqual({ StringEqualz: { "k:k": ["v"] } });
  });

  // Issue 15 item 4: a key named __proto__ used to vanish into the object's prototype.
  it("keeps a __proto__ key and a __proto__ operator (maps without prototypes), and reports the key's format", () => {
    const doc = parsePolicy(JSON.stringify(cond({ StringEquals: { __proto__: "x" } }).valueOf()).replace('"StringEquals":{}', '"StringEquals":{"__proto__":"x"}'));
    const c = doc.statements[0]?.condition;
    expect(c && Object.keys(c.StringEquals ?? {})).toEqual(["__proto__"]);
    expect(doc.findings[0]).toMatchObject({ code: "invalid-condition-key-format" });
    const op = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"__proto__":{"aws:username":"x"}}}]}');
    expect(Object.keys(op.statements[0]?.condition ?? {})).toEqual(["__proto__"]);
  });

  it("reports the operator whose block is not an object: Statement[2].Condition.StringEquals", () => {
    const ok = { Effect: "Allow", Action: "*", Resource: "*" };
    const doc = parsePolicy({ Version: "2012-10-17", Statement: [ok, ok, { ...ok, Condition: { StringEquals: "aws:username" } }] }, "identity");
    expect(found(doc)).toEqual([{ code: "data-type-mismatch", severity: "error", path: "Statement[2].Condition.StringEquals", statement: 2 }]);
  });

  it("reports a Condition that is not an object", () => {
    expect(parsePolicy(cond(["StringEquals"])).findings[0]?.path).toBe("Statement[0].Condition");
  });

  it("reports a bad value, including its index in a list", () => {
    expect(parsePolicy(cond({ StringEquals: { "k:k": null } })).findings[0]?.path).toBe("Statement[0].Condition.StringEquals.k:k");
    expect(parsePolicy(cond({ StringEquals: { "k:k": ["a", { x: 1 }] } })).findings[0]?.path).toBe("Statement[0].Condition.StringEquals.k:k[1]");
  });
});

describe("parsePolicy: rules per policy kind", () => {
  it("a trust policy needs a Principal (IAM: Missing required field Principal)", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "sts:AssumeRole" }), "trust").findings[0]?.code).toBe("missing-principal");
  });

  it("a trust policy may not have Resource or NotResource (IAM: Has prohibited field Resource)", () => {
    // rules reference R2.16, R12.8
    const doc = parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }), "trust");
    expect(doc.findings).toEqual([
      {
        statement: 0,
        severity: "error",
        code: "trust-policy-resource",
        message: 'IAM rejects this document: a trust policy statement may not have Resource ("Has prohibited field Resource"). Remove it: the role is the resource.',
        path: "Statement[0].Resource",
      },
    ]);
    expect(parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", NotResource: "*" }), "trust").findings[0]?.message).toMatch(/Has prohibited field NotResource/);
  });

  it("a trust policy rejects NotPrincipal", () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    const doc = parsePolicy(withStatement({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }), "trust");
    expect(doc.findings[0]?.path).toBe("Statement[0].NotPrincipal");
  });

  it.each<PolicyKind>(["identity", "permissionBoundary", "session", "scp"])("a %s policy may not have a Principal (unsupported-principal)", (kind) => {
    const doc = parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }), kind);
    expect(doc.findings[0]).toMatchObject({ code: "unsupported-principal", path: "Statement[0].Principal" });
    expect(doc.findings[0]?.message).toContain(kindLabel(kind));
  });

  it.each<PolicyKind>(["identity", "permissionBoundary", "session"])("a %s policy needs Resource or NotResource", (kind) => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*" }), kind).findings[0]?.code).toBe("missing-resource");
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::x" }), kind).findings).toEqual([]);
  });

  it("an SCP may leave out Resource", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*" }), "scp").findings).toEqual([]);
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
    expect(parsePolicy(withStatement({ Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: "*" }), "rcp").findings).toEqual([]);
    expect(parsePolicy(withStatement({ Effect: "Deny", Action: "*", Resource: "*" }), "rcp").findings).toEqual([]);
    expect(parsePolicy(withStatement({ Effect: "Deny", Principal: { AWS: "111122223333" }, Action: "*", Resource: "*" }), "rcp").findings[0]?.path).toBe("Statement[0].Principal");
    expect(parsePolicy(withStatement({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "*", Resource: "*" }), "rcp").findings[0]?.path).toBe("Statement[0].NotPrincipal");
  });

  it("a resource-based or endpoint policy statement needs a Principal or NotPrincipal (IAM: Missing required field Principal)", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), "resource").findings[0]?.code).toBe("missing-principal");
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }), "endpoint").findings[0]?.code).toBe("missing-principal");
    expect(parsePolicy(withStatement({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "s3:*", Resource: "*" }), "resource").findings).toEqual([]);
  });

  it("without a kind only the grammar is checked", () => {
    expect(parsePolicy(withStatement({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" })).findings).toEqual([]);
    expect(parsePolicy(withStatement({ Effect: "Allow", Action: "*" })).findings).toEqual([]);
  });

  it("kindLabel names every kind", () => {
    const kinds: PolicyKind[] = ["identity", "resource", "trust", "permissionBoundary", "scp", "rcp", "session", "endpoint"];
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
