// Access paths: every hop a full diagnosis, chaining's one-hour cap, cycles, cross-account hops,
// unknown conditions listed (never guessed), services as starting points.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { AccountModel, type IamRole, type IamUser } from "@/lib/account/model";
import { loadSnapshot } from "@/lib/account/snapshot";
import { diagnoseAssumeRole } from "@/lib/diagnose/diagnose";
import { alternativesFor, invalidateReachability, pathsTo, reachabilityIndex, reachableFrom, reachersOf } from "./index";

const A = "111111111111";
const B = "222222222222";
const arn = (acct: string, r: string) => `arn:aws:iam::${acct}:${r}`;
const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const allowAssume = (...Resource: string[]) => doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource });
const trust = (AWS: string | string[], Condition?: object) => doc({ Effect: "Allow", Principal: { AWS }, Action: "sts:AssumeRole", ...(Condition ? { Condition } : {}) });

function role(m: AccountModel, account: string, name: string, trustPolicy: object, identity?: object, extra: Partial<IamRole> = {}): IamRole {
  const r: IamRole = {
    arn: arn(account, `role/${name}`),
    name,
    path: "/",
    account,
    trustPolicy: trustPolicy as IamRole["trustPolicy"],
    inlinePolicies: identity ? [{ name: "assume", document: identity as IamRole["trustPolicy"] }] : [],
    attachedPolicies: [],
    maxSessionDuration: 43200,
    tags: {},
    instanceProfiles: [],
    ...extra,
  };
  m.roles.set(r.arn, r);
  return r;
}

function user(m: AccountModel, account: string, name: string, identity: object): IamUser {
  const u: IamUser = { arn: arn(account, `user/${name}`), name, path: "/", account, groups: [], inlinePolicies: [{ name: "assume", document: identity as IamUser["inlinePolicies"][0]["document"] }], attachedPolicies: [], tags: {} };
  m.users.set(u.arn, u);
  return u;
}

function model(): AccountModel {
  const m = new AccountModel();
  for (const a of [A, B]) m.account(a).loaded = true;
  return m;
}

describe("paths through other roles", () => {
  it("alice → ci (MFA) → prod: the first hop requires MFA, the second is role chaining (3600 s)", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume(arn(A, "role/ci")));
    role(m, A, "ci", trust(arn(A, "root"), { Bool: { "aws:MultiFactorAuthPresent": "true" } }), allowAssume(arn(B, "role/prod")));
    const prod = role(m, B, "prod", trust(arn(A, "role/ci")));
    const r = pathsTo(m, prod, alice.arn);
    expect(r.direct).toBe("denied");
    expect(r.paths).toHaveLength(1);
    const [p] = r.paths;
    expect(p!.hops).toEqual([
      { from: alice.arn, role: arn(A, "role/ci"), verdict: "unknown", requires: ["aws:MultiFactorAuthPresent"], maxSessionSeconds: 43200 },
      { from: `arn:aws:sts::${A}:assumed-role/ci/alice`, role: prod.arn, verdict: "allowed", requires: [], maxSessionSeconds: 3600 },
    ]);
    expect(p).toMatchObject({ verdict: "unknown", maxSessionSeconds: 3600 });
  });

  it("every hop is the full diagnosis: the second hop agrees with diagnoseAssumeRole of the session", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume("*"));
    role(m, A, "ci", trust(arn(A, "root")), allowAssume(arn(B, "role/prod")));
    const prod = role(m, B, "prod", trust(arn(A, "role/ci")));
    const [p] = pathsTo(m, prod, alice.arn).paths;
    const d = diagnoseAssumeRole(m, { principal: p!.hops[1]!.from, role: prod.arn });
    expect(d.verdict).toBe("allowed");
    expect(p!.verdict).toBe("allowed");
  });

  it("cross-account: a hop needs the caller's identity policy as well as the trust policy", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume(arn(A, "role/ci")));
    // ci may not assume prod: no identity Allow, and the hop is cross-account
    role(m, A, "ci", trust(arn(A, "root")));
    const prod = role(m, B, "prod", trust(arn(A, "role/ci")));
    expect(pathsTo(m, prod, alice.arn).paths).toEqual([]);
    expect(reachersOf(m, prod)).toEqual([]);
  });

  it("an SCP on the caller's account cuts the path", () => {
    const build = (scp: boolean) => {
      const m = model();
      if (scp) m.accounts.get(A)!.org = { scps: [[doc({ Effect: "Allow", Action: "*", Resource: "*" }), doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: arn(B, "role/*") })]] };
      const alice = user(m, A, "alice", allowAssume("*"));
      role(m, A, "ci", trust(arn(A, "root")), allowAssume("*"));
      const prod = role(m, B, "prod", trust(arn(A, "role/ci")));
      return pathsTo(m, prod, alice.arn).paths;
    };
    expect(build(false)).toHaveLength(1);
    expect(build(true)).toEqual([]);
  });

  it("invalidateReachability drops the index: the next question builds it again", () => {
    const m = model();
    user(m, A, "alice", allowAssume("*"));
    const g = reachabilityIndex(m);
    invalidateReachability(m);
    expect(reachabilityIndex(m)).not.toBe(g);
  });

  it("cycles end: two roles that trust each other, and maxHops bounds the search", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume(arn(A, "role/r1")));
    role(m, A, "r1", trust([arn(A, "user/alice"), arn(A, "role/r2")]), allowAssume("*"));
    role(m, A, "r2", trust(arn(A, "role/r1")), allowAssume("*"));
    const r3 = role(m, A, "r3", trust(arn(A, "role/r2")), allowAssume("*"));
    const r = pathsTo(m, r3, alice.arn);
    expect(r.paths.map((p) => p.hops.map((h) => h.role.split("/").pop()))).toEqual([["r1", "r2", "r3"]]);
    expect(pathsTo(m, r3, alice.arn, 2).paths).toEqual([]);
    const reach = reachableFrom(m, alice.arn);
    expect(reach.map((x) => [x.name, x.hops])).toEqual([["r1", 1], ["r2", 2], ["r3", 3]]);
    expect(reachableFrom(m, alice.arn, 2).map((x) => x.name)).toEqual(["r1", "r2"]);
  });

  it("conditions the request does not settle make a hop unknown and are listed, never guessed; an allowed path comes first", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume("*"));
    role(m, A, "via-mfa", trust(arn(A, "root"), { Bool: { "aws:MultiFactorAuthPresent": "true" } }), allowAssume("*"));
    role(m, A, "via-ip", trust(arn(A, "root"), { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }), allowAssume("*"));
    role(m, A, "plain", trust(arn(A, "root")), allowAssume("*"));
    const target = role(m, A, "target", trust([arn(A, "role/via-mfa"), arn(A, "role/via-ip"), arn(A, "role/plain")]));
    // two hops only (the three roles may also assume one another: longer paths exist)
    const r = pathsTo(m, target, alice.arn, 2);
    expect(r.direct).toBe("denied");
    expect(r.paths.map((p) => [p.hops[0]!.role.split("/").pop(), p.verdict, p.hops[0]!.requires])).toEqual([
      ["plain", "allowed", []],
      ["via-ip", "unknown", ["aws:SourceIp"]],
      ["via-mfa", "unknown", ["aws:MultiFactorAuthPresent"]],
    ]);
    // the reacher's shortest path is the allowed one
    expect(reachersOf(m, target).find((x) => x.principal === alice.arn)).toMatchObject({ hops: 2, verdict: "allowed" });
  });

  it("with the request's parameters: mfa: false cuts the MFA hop, mfa: true settles it", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume("*"));
    role(m, A, "via-mfa", trust(arn(A, "root"), { Bool: { "aws:MultiFactorAuthPresent": "true" } }), allowAssume("*"));
    const target = role(m, A, "target", trust(arn(A, "role/via-mfa")));
    expect(alternativesFor(m, { principal: alice.arn, role: target.arn, mfa: false })).toEqual([]);
    const [p] = alternativesFor(m, { principal: alice.arn, role: target.arn, mfa: true });
    expect(p).toMatchObject({ verdict: "allowed", hops: [{ verdict: "allowed", requires: [] }, { verdict: "allowed" }] });
  });

  it("the source identity is carried into the chained hop, which then needs sts:SetSourceIdentity", () => {
    const m = model();
    const alice = user(m, A, "alice", doc({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:SetSourceIdentity"], Resource: "*" }));
    role(m, A, "ci", doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }), doc({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:SetSourceIdentity"], Resource: "*" }));
    const strict = role(m, A, "strict", trust(arn(A, "role/ci")));
    const lenient = role(m, A, "lenient", doc({ Effect: "Allow", Principal: { AWS: arn(A, "role/ci") }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }));
    expect(alternativesFor(m, { principal: alice.arn, role: strict.arn })).toHaveLength(1);
    expect(alternativesFor(m, { principal: alice.arn, role: strict.arn, sourceIdentity: "alice" })).toEqual([]);
    expect(alternativesFor(m, { principal: alice.arn, role: lenient.arn, sourceIdentity: "alice" })).toHaveLength(1);
  });

  it("transitive session tags become the chained session's principal tags", () => {
    const m = model();
    const alice = user(m, A, "alice", doc({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }));
    role(m, A, "ci", doc({ Effect: "Allow", Principal: { AWS: arn(A, "root") }, Action: ["sts:AssumeRole", "sts:TagSession"] }), allowAssume("*"));
    const target = role(m, A, "target", trust(arn(A, "role/ci"), { StringEquals: { "aws:PrincipalTag/team": "web" } }));
    // without the tag, ci's sessions have no team tag: the condition fails (the role's tags are known)
    expect(alternativesFor(m, { principal: alice.arn, role: target.arn })).toEqual([]);
  });

  it("a DurationSeconds that cannot survive role chaining is said", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume("*"));
    role(m, A, "ci", trust(arn(A, "root")), allowAssume("*"));
    const target = role(m, A, "target", trust(arn(A, "role/ci")));
    const [p] = alternativesFor(m, { principal: alice.arn, role: target.arn, durationSeconds: 7200 });
    expect(p!.maxSessionSeconds).toBe(3600);
    expect(p!.notes.join(" ")).toMatch(/DurationSeconds 7200 cannot survive this path: its last hop is role chaining/);
    expect(alternativesFor(m, { principal: alice.arn, role: target.arn, durationSeconds: 3600 })[0]!.notes).toEqual([]);
  });

  it("AWS services are starting points; EC2 only where an instance profile holds the role", () => {
    const m = model();
    const ec2Trust = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
    role(m, A, "instance", ec2Trust, allowAssume("*"), { instanceProfiles: [{ arn: arn(A, "instance-profile/instance"), name: "instance", path: "/" }] });
    role(m, A, "no-profile", ec2Trust, allowAssume("*"));
    const app = role(m, A, "app", trust([arn(A, "role/instance"), arn(A, "role/no-profile")]));
    const reachers = reachersOf(m, app);
    const ec2 = reachers.find((x) => x.principal === "ec2.amazonaws.com")!;
    expect(ec2).toMatchObject({ kind: "service", hops: 2, verdict: "allowed" });
    expect(ec2.path.hops.map((h) => [h.from, h.role, h.maxSessionSeconds])).toEqual([
      ["ec2.amazonaws.com", arn(A, "role/instance"), null],
      [`arn:aws:sts::${A}:assumed-role/instance/SESSION`, app.arn, 3600],
    ]);
    expect(reachableFrom(m, "ec2.amazonaws.com").map((x) => x.name)).toEqual(["instance", "app"]);
  });

  it("a caller the model does not hold (a session ARN, an unloaded account) starts from its own first hops", () => {
    const m = model();
    role(m, A, "ci", trust("arn:aws:iam::999988887777:root"), allowAssume("*"));
    const target = role(m, A, "target", trust(arn(A, "role/ci")));
    const outsider = "arn:aws:iam::999988887777:role/vendor";
    const [p] = pathsTo(m, target, outsider).paths;
    // the outsider's own account is not loaded: its identity side is unknown, never guessed allowed
    expect(p).toMatchObject({ verdict: "unknown", hops: [{ from: outsider, verdict: "unknown" }, { verdict: "allowed" }] });
    expect(p!.hops[0]!.missing!.join(" ")).toMatch(/not loaded/);
    const session = `arn:aws:sts::${A}:assumed-role/ci/build-42`;
    expect(pathsTo(m, target, session).paths[0]!.hops[0]).toMatchObject({ from: session, maxSessionSeconds: 3600 });
  });

  it("the index follows a lazy source: a role loaded later is found", () => {
    const m = model();
    const alice = user(m, A, "alice", allowAssume("*"));
    role(m, A, "ci", trust(arn(A, "root")), allowAssume("*"));
    expect(reachableFrom(m, alice.arn).map((x) => x.name)).toEqual(["ci"]);
    const before = reachabilityIndex(m);
    role(m, A, "later", trust(arn(A, "role/ci")));
    expect(reachableFrom(m, alice.arn).map((x) => x.name)).toEqual(["ci", "later"]);
    expect(reachabilityIndex(m)).toBe(before);
  });
});

describe("the demo's chain scenarios (data/demo/README.md, access paths)", () => {
  let demo: AccountModel;
  beforeAll(async () => {
    demo = await loadSnapshot(path.join(process.cwd(), "data", "demo"));
  });
  const dev = (x: string) => arn(A, x);

  it("data/demo/README.md lists the four chain scenarios", () => {
    const readme = readFileSync(path.join(process.cwd(), "data", "demo", "README.md"), "utf8");
    for (const row of ["| P1 | `…:user/service/ci-deployer`", "| P2 | `…:user/alice`", "| P3 | `…:user/carol`", "| P4 | `ec2.amazonaws.com`"]) expect(readme).toContain(row);
  });

  it("P1 two hops to a prod role: ci-deployer (user) → shared-deploy → prod-deploy", () => {
    const r = pathsTo(demo, demo.findRole("arn:aws:iam::333333333333:role/prod-deploy")!, dev("user/service/ci-deployer"));
    expect(r.direct).toBe("denied");
    expect(r.paths[0]!.hops.map((h) => h.role)).toEqual(["arn:aws:iam::222222222222:role/shared-deploy", "arn:aws:iam::333333333333:role/prod-deploy"]);
    expect(r.paths[0]).toMatchObject({ verdict: "allowed", maxSessionSeconds: 3600 });
  });

  it("P2 MFA on the first hop: alice → ci-deployer (MFA) → prod-deployer, sessions of at most 1 hour", () => {
    const input = { principal: dev("user/alice"), role: "arn:aws:iam::333333333333:role/prod-deployer" };
    expect(diagnoseAssumeRole(demo, input).blockedBy).toEqual(["trust-policy", "identity-policy"]);
    const [p, ...rest] = alternativesFor(demo, input);
    // longer routes (through power-user) come after
    for (const q of rest) expect(q.hops.length).toBeGreaterThan(2);
    expect(p!.hops).toEqual([
      { from: dev("user/alice"), role: dev("role/ci-deployer"), verdict: "unknown", requires: ["aws:MultiFactorAuthPresent"], maxSessionSeconds: 43200 },
      { from: "arn:aws:sts::111111111111:assumed-role/ci-deployer/alice", role: input.role, verdict: "allowed", requires: [], maxSessionSeconds: 3600 },
    ]);
    expect(alternativesFor(demo, { ...input, mfa: true })[0]!.verdict).toBe("allowed");
  });

  it("P3 cut by an SCP: carol → platform/dba-tools is allowed, dba-tools → prod-db-admin is denied by the dev account's SCP", () => {
    const target = "arn:aws:iam::333333333333:role/prod-db-admin";
    expect(diagnoseAssumeRole(demo, { principal: dev("user/carol"), role: dev("role/platform/dba-tools") }).verdict).toBe("allowed");
    expect(diagnoseAssumeRole(demo, { principal: "arn:aws:sts::111111111111:assumed-role/dba-tools/carol", role: target }).blockedBy).toEqual(["scp"]);
    expect(alternativesFor(demo, { principal: dev("user/carol"), role: target })).toEqual([]);
    expect(reachersOf(demo, demo.findRole(target)!)).toEqual([]);
  });

  it("P4 the EC2 instance role chain: ec2.amazonaws.com → app-ec2-implicit → app-ec2-assumed", () => {
    const r = reachersOf(demo, demo.findRole(dev("role/app-ec2-assumed"))!).find((x) => x.principal === "ec2.amazonaws.com")!;
    expect(r).toMatchObject({ hops: 2, verdict: "allowed" });
    expect(r.path.hops.map((h) => h.role)).toEqual([dev("role/app-ec2-implicit"), dev("role/app-ec2-assumed")]);
    // batch-ec2-no-profile trusts EC2 but no instance profile holds it: no way in for EC2
    expect(reachersOf(demo, demo.findRole(dev("role/batch-ec2-no-profile"))!).some((x) => x.principal === "ec2.amazonaws.com")).toBe(false);
  });
});
