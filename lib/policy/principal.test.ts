import { describe, expect, it } from "vitest";
import {
  UNIQUE_ID,
  compilePrincipal,
  isAwsPrincipal,
  matchPrincipal,
  mostDirect,
  parseRequestPrincipal,
  principalAccount,
  principalLabel,
  type RequestPrincipal,
} from "./principal";
import type { PrincipalBlock } from "./types";

// Principal element: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// NotPrincipal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html

const A = "111122223333";
const B = "444455556666";

function caller(s: string): RequestPrincipal {
  const p = parseRequestPrincipal(s);
  if (typeof p === "string") throw new Error(p);
  return p;
}

const alice = caller(`arn:aws:iam::${A}:user/alice`);
const session = caller(`arn:aws:sts::${A}:assumed-role/Deploy/build-42`);
const roleCaller = caller(`arn:aws:iam::${A}:role/ci/Deploy`);
const root = caller(`arn:aws:iam::${A}:root`);
const ec2 = caller("ec2.amazonaws.com");
const fedUser = caller(`arn:aws:sts::${A}:federated-user/bob`);

const match = (block: PrincipalBlock, p: RequestPrincipal) => matchPrincipal(compilePrincipal(block, false), p);
const notMatch = (block: PrincipalBlock, p: RequestPrincipal) => matchPrincipal(compilePrincipal(block, true), p);

describe("parseRequestPrincipal", () => {
  it("IAM user with a path", () => {
    expect(caller(`arn:aws:iam::${A}:user/division_abc/bob`)).toEqual({
      type: "user",
      arn: `arn:aws:iam::${A}:user/division_abc/bob`,
      partition: "aws",
      account: A,
      path: "/division_abc/",
      name: "bob",
    });
  });

  it("IAM role (a session whose name is unknown)", () => {
    expect(roleCaller).toMatchObject({ type: "role", account: A, path: "/ci/", name: "Deploy" });
  });

  it("assumed-role session", () => {
    expect(session).toEqual({ type: "assumed-role", arn: `arn:aws:sts::${A}:assumed-role/Deploy/build-42`, partition: "aws", account: A, roleName: "Deploy", sessionName: "build-42" });
  });

  it("federated user, root, other partitions", () => {
    expect(fedUser).toMatchObject({ type: "federated-user", name: "bob", account: A });
    expect(root).toMatchObject({ type: "root", account: A });
    expect(caller(`arn:aws-cn:iam::${A}:user/li`)).toMatchObject({ type: "user", partition: "aws-cn" });
  });

  it("service principals, lower-cased", () => {
    expect(ec2).toEqual({ type: "service", service: "ec2.amazonaws.com" });
    expect(caller("ECS-Tasks.amazonaws.com")).toEqual({ type: "service", service: "ecs-tasks.amazonaws.com" });
    expect(caller("ec2.amazonaws.com.cn")).toMatchObject({ type: "service" });
  });

  it("SAML / OIDC providers and canonical users", () => {
    expect(caller(`arn:aws:iam::${A}:saml-provider/Okta`)).toEqual({ type: "federated", provider: `arn:aws:iam::${A}:saml-provider/Okta` });
    expect(caller(`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`)).toMatchObject({ type: "federated" });
    expect(caller("accounts.google.com")).toEqual({ type: "federated", provider: "accounts.google.com" });
    expect(caller("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be")).toMatchObject({ type: "canonical" });
  });

  // "cognito-identity.amazonaws.com" looks like a service principal but is a Federated one
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-federated-web-identity).
  it("cognito-identity.amazonaws.com is a federated (web identity) provider, not a service", () => {
    expect(caller("cognito-identity.amazonaws.com")).toEqual({ type: "federated", provider: "cognito-identity.amazonaws.com" });
  });

  it("trims spaces", () => {
    expect(caller(`  arn:aws:iam::${A}:user/alice `)).toMatchObject({ type: "user", name: "alice" });
  });

  it.each([
    ["alice", /is not a principal/],
    ["", /is not a principal/],
    [`arn:aws:iam::1234:user/alice`, /12 digits/],
    [`arn:aws:iam::${A}:user/`, /is not a principal ARN/],
    [`arn:aws:iam::${A}:group/Admins`, /is not a principal ARN/],
    [`arn:aws:sts::${A}:assumed-role/Deploy`, /is not a principal ARN/],
    [`arn:aws:sts::${A}:assumed-role/Deploy/s/extra`, /is not a principal ARN/],
    [`arn:aws:s3:::bucket`, /account ID must be 12 digits/],
  ])("rejects %j with a message", (s, msg) => {
    const r = parseRequestPrincipal(s);
    expect(typeof r).toBe("string");
    expect(r).toMatch(msg);
  });
});

describe("helpers", () => {
  it("isAwsPrincipal / principalAccount", () => {
    expect(isAwsPrincipal(alice)).toBe(true);
    expect(isAwsPrincipal(ec2)).toBe(false);
    expect(principalAccount(session)).toBe(A);
    expect(principalAccount(ec2)).toBeUndefined();
  });

  it("principalLabel is the ARN, service name, provider or canonical ID", () => {
    expect(principalLabel(alice)).toBe(`arn:aws:iam::${A}:user/alice`);
    expect(principalLabel(ec2)).toBe("ec2.amazonaws.com");
    expect(principalLabel(caller("accounts.google.com"))).toBe("accounts.google.com");
    expect(principalLabel({ type: "canonical", id: "abc" })).toBe("abc");
  });

  it("UNIQUE_ID recognises the IDs a deleted principal leaves behind", () => {
    expect(UNIQUE_ID.test("AROA3XFRBF535PLBIFPI4")).toBe(true);
    expect(UNIQUE_ID.test("AIDAJQABLZS4A3QDU576Q")).toBe(true);
    expect(UNIQUE_ID.test("aroa3xfrbf535plbifpi4")).toBe(false);
    expect(UNIQUE_ID.test("AROA123")).toBe(false);
    expect(UNIQUE_ID.test(A)).toBe(false);
  });

  it("mostDirect prefers the grant that needs the fewest other policies", () => {
    expect(mostDirect(undefined, "account")).toBe("account");
    expect(mostDirect("account", "role")).toBe("role");
    expect(mostDirect("role", "user")).toBe("user");
    expect(mostDirect("user", "wildcard")).toBe("wildcard");
    expect(mostDirect("wildcard", "session")).toBe("session");
    expect(mostDirect("session", "account")).toBe("session");
  });
});

describe("matchPrincipal: AWS principals", () => {
  it("an account ID and its :root ARN are the same thing (kind account)", () => {
    for (const v of [A, `arn:aws:iam::${A}:root`]) {
      expect(match({ AWS: [v] }, alice), v).toBe("account");
      expect(match({ AWS: [v] }, session), v).toBe("account");
      expect(match({ AWS: [v] }, root), v).toBe("account");
      expect(match({ AWS: [v] }, caller(`arn:aws:iam::${B}:user/alice`)), v).toBeNull();
    }
  });

  it(":root of another partition does not match", () => {
    expect(match({ AWS: [`arn:aws-cn:iam::${A}:root`] }, alice)).toBeNull();
  });

  it("a user ARN matches exactly that user, case-sensitively, with its path", () => {
    expect(match({ AWS: [`arn:aws:iam::${A}:user/alice`] }, alice)).toBe("user");
    expect(match({ AWS: [`arn:aws:iam::${A}:user/Alice`] }, alice)).toBeNull();
    expect(match({ AWS: [`arn:aws:iam::${A}:user/team/alice`] }, alice)).toBeNull();
    expect(match({ AWS: [`arn:aws:iam::${B}:user/alice`] }, alice)).toBeNull();
  });

  it("a user ARN does not match a role session of the same name", () => {
    expect(match({ AWS: [`arn:aws:iam::${A}:user/Deploy`] }, session)).toBeNull();
  });

  it("a role ARN matches every session of that role (rules reference R2.3)", () => {
    expect(match({ AWS: [`arn:aws:iam::${A}:role/Deploy`] }, session)).toBe("role");
    expect(match({ AWS: [`arn:aws:iam::${A}:role/Deploy`] }, caller(`arn:aws:sts::${A}:assumed-role/Deploy/other-session`))).toBe("role");
  });

  it("a role ARN with a path matches sessions (session ARNs carry no path)", () => {
    expect(match({ AWS: [`arn:aws:iam::${A}:role/ci/Deploy`] }, session)).toBe("role");
    expect(match({ AWS: [`arn:aws:iam::${A}:role/ci/Deploy`] }, roleCaller)).toBe("role");
  });

  it("role names are compared case-insensitively (IAM role names are unique regardless of case)", () => {
    expect(match({ AWS: [`arn:aws:iam::${A}:role/deploy`] }, session)).toBe("role");
  });

  it("a role ARN does not match another role, account or partition", () => {
    expect(match({ AWS: [`arn:aws:iam::${A}:role/Deploy2`] }, session)).toBeNull();
    expect(match({ AWS: [`arn:aws:iam::${B}:role/Deploy`] }, session)).toBeNull();
    expect(match({ AWS: [`arn:aws-us-gov:iam::${A}:role/Deploy`] }, session)).toBeNull();
    expect(match({ AWS: [`arn:aws:iam::${A}:role/Deploy`] }, alice)).toBeNull();
  });

  it("an exact session ARN matches only that session name (case-sensitive session name)", () => {
    expect(match({ AWS: [`arn:aws:sts::${A}:assumed-role/Deploy/build-42`] }, session)).toBe("session");
    expect(match({ AWS: [`arn:aws:sts::${A}:assumed-role/Deploy/build-43`] }, session)).toBeNull();
    expect(match({ AWS: [`arn:aws:sts::${A}:assumed-role/Deploy/BUILD-42`] }, session)).toBeNull();
    // a role given as the caller has no known session name
    expect(match({ AWS: [`arn:aws:sts::${A}:assumed-role/Deploy/build-42`] }, roleCaller)).toBeNull();
  });

  it("a federated-user ARN matches that federated user", () => {
    expect(match({ AWS: [`arn:aws:sts::${A}:federated-user/bob`] }, fedUser)).toBe("federated-user");
    expect(match({ AWS: [`arn:aws:sts::${A}:federated-user/eve`] }, fedUser)).toBeNull();
  });

  it('"*" matches every AWS principal but no service principal (rules reference §10-Q9)', () => {
    expect(match({ AWS: ["*"], star: true }, alice)).toBe("wildcard");
    expect(match({ AWS: ["*"] }, caller(`arn:aws:sts::${B}:assumed-role/X/y`))).toBe("wildcard");
    expect(match({ AWS: ["*"], star: true }, ec2)).toBeNull();
  });

  it("picks the most direct way the caller is named", () => {
    expect(match({ AWS: [A, `arn:aws:iam::${A}:role/Deploy`, `arn:aws:sts::${A}:assumed-role/Deploy/build-42`] }, session)).toBe("session");
    expect(match({ AWS: [A, `arn:aws:iam::${A}:user/alice`] }, alice)).toBe("user");
    expect(match({ AWS: ["*", `arn:aws:iam::${A}:user/alice`] }, alice)).toBe("wildcard");
  });

  it("a unique ID (deleted principal) matches nobody and the note says it is deleted", () => {
    // rules reference R2.6
    const cp = compilePrincipal({ AWS: ["AROA3XFRBF535PLBIFPI4"] }, false);
    expect(matchPrincipal(cp, session)).toBeNull();
    expect(matchPrincipal(cp, roleCaller)).toBeNull();
    expect(cp.notes).toHaveLength(1);
    expect(cp.notes[0]).toMatch(/AROA3XFRBF535PLBIFPI4 is the unique ID of a deleted role/);
    expect(cp.notes[0]).toMatch(/matches nobody/);
    expect(compilePrincipal({ AWS: ["AIDAJQABLZS4A3QDU576Q"] }, false).notes[0]).toMatch(/deleted user/);
  });

  it("partial wildcards and malformed values match nobody, with a note", () => {
    // rules reference R2.8: only a full "*" is allowed
    for (const v of [`arn:aws:iam::${A}:role/*`, "arn:aws:iam::*:root", `arn:aws:iam::${A}:user/al?ce`, "alice", "1234"]) {
      const cp = compilePrincipal({ AWS: [v] }, false);
      expect(matchPrincipal(cp, alice), v).toBeNull();
      expect(matchPrincipal(cp, session), v).toBeNull();
      expect(cp.notes[0], v).toMatch(/not a valid principal/);
    }
  });

  it("an IAM ARN of another resource type matches nobody", () => {
    const cp = compilePrincipal({ AWS: [`arn:aws:iam::${A}:group/Admins`] }, false);
    expect(matchPrincipal(cp, alice)).toBeNull();
    expect(cp.notes[0]).toMatch(/is not a principal ARN/);
  });
});

describe("matchPrincipal: Service, Federated, CanonicalUser", () => {
  it("Service matches the service principal, case-insensitively", () => {
    expect(match({ Service: ["EC2.amazonaws.com"] }, ec2)).toBe("service");
    expect(match({ Service: ["lambda.amazonaws.com"] }, ec2)).toBeNull();
    expect(match({ Service: ["ec2.amazonaws.com"] }, alice)).toBeNull();
  });

  it("an AWS account does not match a service principal", () => {
    expect(match({ AWS: [A] }, ec2)).toBeNull();
  });

  it("Federated matches the identity provider", () => {
    const saml = caller(`arn:aws:iam::${A}:saml-provider/Okta`);
    expect(match({ Federated: [`arn:aws:iam::${A}:saml-provider/Okta`] }, saml)).toBe("federated");
    expect(match({ Federated: [`arn:aws:iam::${A}:saml-provider/Other`] }, saml)).toBeNull();
    expect(match({ Federated: ["accounts.google.com"] }, caller("accounts.google.com"))).toBe("federated");
    expect(match({ Federated: [`arn:aws:iam::${A}:saml-provider/Okta`] }, alice)).toBeNull();
  });

  it("CanonicalUser matches the canonical ID exactly", () => {
    const id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    expect(match({ CanonicalUser: [id] }, { type: "canonical", id })).toBe("canonical");
    expect(match({ CanonicalUser: [id] }, { type: "canonical", id: id.replace("7", "8") })).toBeNull();
  });

  it("values across principal types OR", () => {
    expect(match({ AWS: [`arn:aws:iam::${B}:root`], Service: ["ec2.amazonaws.com"] }, ec2)).toBe("service");
  });
});

describe("matchPrincipal: NotPrincipal", () => {
  const acct = `arn:aws:iam::${A}:root`;
  const role = `arn:aws:iam::${A}:role/Deploy`;
  const sess = `arn:aws:sts::${A}:assumed-role/Deploy/build-42`;

  it("excludes a session only when its account, role and session ARNs are all listed", () => {
    expect(notMatch({ AWS: [acct, role, sess] }, session)).toBeNull();
    expect(notMatch({ AWS: [role, sess] }, session)).toBe("wildcard");
    expect(notMatch({ AWS: [acct, sess] }, session)).toBe("wildcard");
    expect(notMatch({ AWS: [acct, role] }, session)).toBe("wildcard");
    expect(notMatch({ AWS: [sess] }, session)).toBe("wildcard");
  });

  it("excludes a user when its account and user ARN are listed", () => {
    expect(notMatch({ AWS: [acct, `arn:aws:iam::${A}:user/alice`] }, alice)).toBeNull();
    expect(notMatch({ AWS: [`arn:aws:iam::${A}:user/alice`] }, alice)).toBe("wildcard");
  });

  it("applies to everyone not named", () => {
    expect(notMatch({ AWS: [`arn:aws:iam::${B}:root`] }, alice)).toBe("wildcard");
    expect(notMatch({ Service: ["lambda.amazonaws.com"] }, ec2)).toBe("wildcard");
    expect(notMatch({ Service: ["ec2.amazonaws.com"] }, ec2)).toBeNull();
  });

  it('NotPrincipal "*" excludes every AWS principal', () => {
    expect(notMatch({ AWS: ["*"] }, alice)).toBeNull();
  });

  it("the account root is excluded by its account alone", () => {
    expect(notMatch({ AWS: [A] }, root)).toBeNull();
  });

  it("compilePrincipal records negation and notes", () => {
    const cp = compilePrincipal({ AWS: ["AROA3XFRBF535PLBIFPI4", A] }, true);
    expect(cp.negated).toBe(true);
    expect(cp.values.map((v) => v.text)).toEqual(["AROA3XFRBF535PLBIFPI4", A]);
    expect(cp.notes).toHaveLength(1);
  });
});
