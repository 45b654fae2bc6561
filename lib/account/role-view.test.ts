import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AccountModel, type IamRole, type IamUser, type PolicyDocumentJson } from "./model";
import { admitsOf, rolePolicyFindings, roleWarnings, trustPrincipals, type RoleWarning } from "./role-view";
import { loadSnapshot } from "./snapshot";

const OWN = "111111111111";
const OTHER = "222222222222";
const UNLOADED = "999988887777";
const iam = (account: string, resource: string) => `arn:aws:iam::${account}:${resource}`;

function role(name: string, trustPolicy: PolicyDocumentJson, extra: Partial<IamRole> = {}): IamRole {
  return {
    arn: iam(OWN, `role/${name}`),
    name,
    path: "/",
    account: OWN,
    trustPolicy,
    inlinePolicies: [],
    attachedPolicies: [],
    maxSessionDuration: 3600,
    tags: {},
    instanceProfiles: [],
    ...extra,
  };
}

function user(account: string, name: string): IamUser {
  return { arn: iam(account, `user/${name}`), name, path: "/", account, groups: [], inlinePolicies: [], attachedPolicies: [], tags: {} };
}

/** Two loaded accounts (OWN, OTHER) with a few principals; UNLOADED is not loaded. */
function smallModel(): AccountModel {
  const m = new AccountModel();
  m.account(OWN).loaded = true;
  m.account(OTHER).loaded = true;
  for (const u of [user(OWN, "alice"), user(OTHER, "kim")]) m.users.set(u.arn, u);
  const deployer = role("deployer", { Statement: [] }, { arn: iam(OWN, "role/ci/deployer"), path: "/ci/" });
  m.roles.set(deployer.arn, deployer);
  return m;
}

const trust = (...statements: Array<Record<string, unknown>>): PolicyDocumentJson => ({ Version: "2012-10-17", Statement: statements });
const codes = (w: RoleWarning[]) => w.map((x) => x.code);

describe("trustPrincipals", () => {
  it("resolves every kind of principal to a label, known or not, and marks cross-account ones", () => {
    const m = smallModel();
    const r = role(
      "everything",
      trust(
        {
          Sid: "People",
          Effect: "Allow",
          Principal: {
            AWS: [
              iam(OWN, "root"),
              OTHER,
              iam(UNLOADED, "root"),
              iam(OWN, "user/alice"),
              iam(OWN, "user/nobody"),
              iam(UNLOADED, "user/vendor"),
              iam(OWN, "role/ci/deployer"),
              iam(OWN, "role/deployer"), // without the path, still the role
              iam(OTHER, "role/gone"),
              `arn:aws:sts::${OWN}:assumed-role/deployer/build-7`,
              "AROA3XFRBF535PLBIFPI4",
              "AIDA3XFRBF535PLBIFPI5",
              "not-an-arn",
              iam(OWN, "group/developers"),
            ],
          },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        },
        { Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole" },
        {
          Effect: "Allow",
          Principal: { Federated: [iam(OWN, "oidc-provider/token.actions.githubusercontent.com"), iam(OWN, "saml-provider/Okta"), "cognito-identity.amazonaws.com"] },
          Action: "sts:AssumeRoleWithWebIdentity",
        },
        { Effect: "Deny", Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, Action: "sts:AssumeRole", Condition: {} },
        { Effect: "Allow", Principal: { AWS: `arn:aws:s3:::${"bucket"}` }, Action: "sts:AssumeRole" },
      ),
    );
    const ps = trustPrincipals(m, r);
    const rows = ps.map((p) => [p.statement, p.effect, p.kind, p.value, p.label, p.known, p.crossAccount, p.conditional]);
    expect(rows).toEqual([
      [0, "Allow", "account", iam(OWN, "root"), `account ${OWN}`, true, false, true],
      [0, "Allow", "account", OTHER, `account ${OTHER}`, true, true, true],
      [0, "Allow", "account", iam(UNLOADED, "root"), `account ${UNLOADED} (not loaded)`, false, true, true],
      [0, "Allow", "user", iam(OWN, "user/alice"), `user alice (${OWN})`, true, false, true],
      [0, "Allow", "user", iam(OWN, "user/nobody"), `user nobody (${OWN}) — not found in the account`, false, false, true],
      [0, "Allow", "user", iam(UNLOADED, "user/vendor"), `user vendor (${UNLOADED}) (not loaded)`, false, true, true],
      [0, "Allow", "role", iam(OWN, "role/ci/deployer"), `role deployer and its sessions (${OWN})`, true, false, true],
      [0, "Allow", "role", iam(OWN, "role/deployer"), `role deployer and its sessions (${OWN})`, true, false, true],
      [0, "Allow", "role", iam(OTHER, "role/gone"), `role gone and its sessions (${OTHER}) — not found in the account`, false, true, true],
      [0, "Allow", "session", `arn:aws:sts::${OWN}:assumed-role/deployer/build-7`, `the session deployer/build-7 (${OWN})`, true, false, true],
      [0, "Allow", "deleted", "AROA3XFRBF535PLBIFPI4", "a deleted role (unique ID AROA3XFRBF535PLBIFPI4)", false, false, true],
      [0, "Allow", "deleted", "AIDA3XFRBF535PLBIFPI5", "a deleted user (unique ID AIDA3XFRBF535PLBIFPI5)", false, false, true],
      [0, "Allow", "invalid", "not-an-arn", "not a valid principal: not-an-arn", false, false, true],
      [0, "Allow", "invalid", iam(OWN, "group/developers"), `not a principal: ${iam(OWN, "group/developers")}`, false, false, true],
      [1, "Allow", "service", "ec2.amazonaws.com", "the AWS service ec2.amazonaws.com", true, false, false],
      [1, "Allow", "service", "lambda.amazonaws.com", "the AWS service lambda.amazonaws.com", true, false, false],
      [2, "Allow", "federated", iam(OWN, "oidc-provider/token.actions.githubusercontent.com"), "OIDC provider token.actions.githubusercontent.com", true, false, false],
      [2, "Allow", "federated", iam(OWN, "saml-provider/Okta"), "SAML provider Okta", true, false, false],
      [2, "Allow", "federated", "cognito-identity.amazonaws.com", "identity provider cognito-identity.amazonaws.com", true, false, false],
      [3, "Deny", "canonical", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", "canonical user 79a59df900b9…", false, false, false],
      [4, "Allow", "invalid", "arn:aws:s3:::bucket", "not a principal: arn:aws:s3:::bucket", false, false, false],
    ]);
    expect(ps[0]!.actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(ps[16]!.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
  });

  it('reads "*" as a principal and as an AWS value, a single statement object, and a role with no statements', () => {
    const m = smallModel();
    expect(trustPrincipals(m, role("a", { Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } })).map((p) => [p.kind, p.label])).toEqual([["wildcard", "everyone (any AWS principal)"]]);
    expect(trustPrincipals(m, role("b", trust({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }))).map((p) => p.kind)).toEqual(["wildcard"]);
    expect(trustPrincipals(m, role("c", {}))).toEqual([]);
    expect(trustPrincipals(m, role("d", trust({ Effect: "Allow", NotPrincipal: { AWS: OTHER }, Action: "sts:AssumeRole" })))).toEqual([]);
  });
});

describe("admitsOf", () => {
  it("sums up who the Allow statements admit; Deny, deleted, invalid and canonical principals admit nobody", () => {
    const m = smallModel();
    const admits = (doc: PolicyDocumentJson) => {
      const r = role("x", doc);
      return admitsOf(r, trustPrincipals(m, r)).sort();
    };
    expect(admits(trust({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }))).toEqual(["service"]);
    expect(admits(trust({ Effect: "Allow", Principal: { AWS: [iam(OWN, "root"), iam(OWN, "user/alice")] }, Action: "sts:AssumeRole" }))).toEqual(["own-account"]);
    expect(admits(trust({ Effect: "Allow", Principal: { AWS: [OTHER, iam(UNLOADED, "role/auditor")] }, Action: "sts:AssumeRole" }))).toEqual(["other-account"]);
    expect(admits(trust({ Effect: "Allow", Principal: { Federated: iam(OWN, "saml-provider/Okta") }, Action: "sts:AssumeRoleWithSAML" }))).toEqual(["federated"]);
    expect(admits(trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }))).toEqual(["anyone"]);
    expect(
      admits(
        trust(
          { Effect: "Allow", Principal: { AWS: ["AROA3XFRBF535PLBIFPI4", "not-an-arn"], CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, Action: "sts:AssumeRole" },
          { Effect: "Deny", Principal: { AWS: OTHER, Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ),
      ),
    ).toEqual([]);
    expect(
      admits(
        trust(
          { Effect: "Allow", Principal: { AWS: [iam(OWN, "role/ci/deployer"), OTHER], Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
          { Effect: "Allow", Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity" },
        ),
      ),
    ).toEqual(["federated", "other-account", "own-account", "service"]);
  });
});

describe("roleWarnings on small fixtures", () => {
  const warnings = (m: AccountModel, r: IamRole) => roleWarnings(m, r, trustPrincipals(m, r));
  const ec2 = trust({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });

  it("EC2 without an instance profile; with one, no warning", () => {
    const m = smallModel();
    const w = warnings(m, role("batch", ec2));
    expect(codes(w)).toEqual(["ec2-without-instance-profile"]);
    expect(w[0]!.message).toContain("--role-name batch");
    expect(warnings(m, role("web", ec2, { instanceProfiles: [{ arn: iam(OWN, "instance-profile/web"), name: "web", path: "/" }] }))).toEqual([]);
    // a Deny for EC2 is no reason to want an instance profile
    const denyEc2 = trust({ Effect: "Allow", Principal: { AWS: iam(OWN, "root") }, Action: "sts:AssumeRole" }, { Effect: "Deny", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
    expect(codes(warnings(m, role("deny-ec2", denyEc2)))).toEqual([]);
  });

  it("a deleted principal next to a live one warns, but the trust is satisfiable", () => {
    const m = smallModel();
    const w = warnings(m, role("legacy", trust({ Effect: "Allow", Principal: { AWS: ["AROA3XFRBF535PLBIFPI4", iam(OWN, "user/alice")] }, Action: "sts:AssumeRole" })));
    expect(codes(w)).toEqual(["deleted-principal"]);
    expect(w[0]!.message).toContain("AROA3XFRBF535PLBIFPI4");
  });

  it("a trust policy whose only Allow names a deleted ID is unsatisfiable", () => {
    const m = smallModel();
    const w = warnings(m, role("orphan", trust({ Effect: "Allow", Principal: { AWS: "AIDA3XFRBF535PLBIFPI5" }, Action: "sts:AssumeRole" })));
    expect(codes(w)).toEqual(["deleted-principal", "unsatisfiable-trust"]);
  });

  it("unsatisfiable too: only invalid principals, no assume-role action, only Deny, or no statement", () => {
    const m = smallModel();
    expect(codes(warnings(m, role("a", trust({ Effect: "Allow", Principal: { AWS: "not-an-arn" }, Action: "sts:AssumeRole" }))))).toEqual(["unsatisfiable-trust"]);
    expect(codes(warnings(m, role("b", trust({ Effect: "Allow", Principal: { AWS: iam(OWN, "root") }, Action: "sts:TagSession" }))))).toEqual(["unsatisfiable-trust"]);
    expect(codes(warnings(m, role("c", trust({ Effect: "Deny", Principal: { AWS: iam(OWN, "root") }, Action: "sts:AssumeRole" }))))).toEqual(["unsatisfiable-trust"]);
    expect(codes(warnings(m, role("d", {})))).toEqual(["unsatisfiable-trust"]);
    // the wildcard actions and the other assume-role flavours admit
    for (const action of ["sts:*", "*", "sts:AssumeRoleWithSAML", "STS:assumerole"]) {
      expect(codes(warnings(m, role("e", trust({ Effect: "Allow", Principal: { AWS: iam(OWN, "root") }, Action: action }))))).toEqual([]);
    }
  });

  it('public trust: "*" without conditions warns; with a condition it does not', () => {
    const m = smallModel();
    expect(codes(warnings(m, role("pub", trust({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }))))).toEqual(["public-trust"]);
    expect(codes(warnings(m, role("pub2", trust({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }))))).toEqual(["public-trust"]);
    const orgOnly = trust({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } });
    expect(codes(warnings(m, role("org", orgOnly)))).toEqual([]);
  });

  it("unknown MaxSessionDuration, with the model's reason", () => {
    const m = smallModel();
    const r = role("no-msd", trust({ Effect: "Allow", Principal: { AWS: iam(OWN, "root") }, Action: "sts:AssumeRole" }), { maxSessionDuration: null });
    expect(warnings(m, r)).toEqual([{ code: "unknown-max-session", message: "MaxSessionDuration unknown: not loaded." }]);
    m.addUnknown(r.arn, "MaxSessionDuration", "the snapshot has no list-roles file (aws iam list-roles > roles.json)");
    expect(warnings(m, r)[0]!.message).toBe("MaxSessionDuration unknown: the snapshot has no list-roles file (aws iam list-roles > roles.json).");
  });
});

describe("roleWarnings on the demo roles", () => {
  let demo: AccountModel;
  beforeAll(async () => {
    demo = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
  });
  const dev = (name: string) => `arn:aws:iam::111111111111:role/${name}`;
  const view = (arn: string) => {
    const r = demo.roles.get(arn);
    if (!r) throw new Error(`no role ${arn} in the demo`);
    const principals = trustPrincipals(demo, r);
    return { principals, admits: admitsOf(r, principals).sort(), warnings: roleWarnings(demo, r, principals) };
  };

  it("batch-ec2-no-profile: EC2 may assume it, but no instance profile holds it", () => {
    expect(codes(view(dev("batch-ec2-no-profile")).warnings)).toEqual(["ec2-without-instance-profile"]);
    expect(codes(view(dev("app-ec2-implicit")).warnings)).toEqual([]);
  });

  it("legacy-reporting: names a deleted principal next to alice", () => {
    const v = view(dev("legacy-reporting"));
    expect(codes(v.warnings)).toEqual(["deleted-principal"]);
    expect(v.principals.map((p) => [p.kind, p.known])).toEqual([
      ["deleted", false],
      ["user", true],
    ]);
    expect(v.admits).toEqual(["own-account"]);
  });

  it("public-trust-misconfigured: admits everyone", () => {
    const v = view(dev("public-trust-misconfigured"));
    expect(codes(v.warnings)).toEqual(["public-trust"]);
    expect(v.admits).toEqual(["anyone"]);
  });

  it("prod roles: MaxSessionDuration unknown, because prod has no list-roles file", () => {
    const prod = [...demo.roles.values()].filter((r) => r.account === "333333333333");
    expect(prod.length).toBeGreaterThanOrEqual(4);
    for (const r of prod) {
      const w = view(r.arn).warnings.find((x) => x.code === "unknown-max-session");
      expect(w?.message).toBe("MaxSessionDuration unknown: no list-roles file includes this role (account 333333333333).");
    }
    // dev and shared roles have list-roles files
    for (const r of [...demo.roles.values()].filter((x) => x.account !== "333333333333")) expect(codes(view(r.arn).warnings)).not.toContain("unknown-max-session");
  });

  it("cross-account and federated trusts are labelled as such", () => {
    const partner = view(dev("partner-audit"));
    expect(partner.principals).toMatchObject([{ kind: "account", value: "arn:aws:iam::999988887777:root", label: "account 999988887777 (not loaded)", known: false, crossAccount: true, conditional: true }]);
    expect(partner.admits).toEqual(["other-account"]);
    expect(view(dev("github-actions-deploy")).admits).toEqual(["federated"]);
    expect(view("arn:aws:iam::333333333333:role/prod-readonly").principals[0]).toMatchObject({ kind: "account", label: "account 111111111111", known: true, crossAccount: true });
  });

  it("no demo role is unsatisfiable, and the three warning roles are the only ones with those warnings", () => {
    const all = [...demo.roles.values()].map((r) => ({ name: r.name, codes: codes(view(r.arn).warnings).filter((c) => c !== "unknown-max-session") }));
    expect(all.filter((x) => x.codes.length > 0)).toEqual([
      { name: "batch-ec2-no-profile", codes: ["ec2-without-instance-profile"] },
      { name: "legacy-reporting", codes: ["deleted-principal"] },
      { name: "public-trust-misconfigured", codes: ["public-trust"] },
    ]);
  });
});

// R12.8: the role page lists what IAM's validation says of the role's loaded policies.
describe("rolePolicyFindings", () => {
  it("reports the trust policy's and the inline policies' findings, naming the policy and statement", () => {
    const m = smallModel();
    const r = role("drafty", trust({ Effect: "Allow", Principal: iam(OWN, "root"), Action: "sts:AssumeRole", Resource: "*" }));
    r.inlinePolicies = [{ name: "loose", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "", Resource: "*" }] } }];
    expect(rolePolicyFindings(m, r).map((f) => [f.policy, f.kind, f.statement, f.code])).toEqual([
      ["Trust policy", "trust", 0, "invalid-principal-format"],
      ["Trust policy", "trust", 0, "trust-policy-resource"],
      ["loose", "inline", 0, "invalid-action"],
    ]);
  });
  it("is empty for clean policies", () => {
    const m = smallModel();
    expect(rolePolicyFindings(m, role("clean", trust({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" })))).toEqual([]);
  });
});
