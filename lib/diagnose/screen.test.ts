// The pre-filters and shared verdicts of who-can-assume: they decide only what is certain.
import { describe, expect, it } from "vitest";
import { AccountModel, type IamRole, type IamUser } from "@/lib/account/model";
import { trustIndex, type KnownPrincipal } from "./assumers";
import { identityScreensOut, sharedVerdictKey } from "./screen";

const A = "111111111111";
const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });

function setup(trustPolicy: object) {
  const m = new AccountModel();
  m.account(A).loaded = true;
  const role: IamRole = { arn: `arn:aws:iam::${A}:role/target`, name: "target", path: "/", account: A, trustPolicy: trustPolicy as IamRole["trustPolicy"], inlinePolicies: [], attachedPolicies: [], maxSessionDuration: 3600, tags: {}, instanceProfiles: [] };
  m.roles.set(role.arn, role);
  const user = (name: string, identity: object[], tags: Record<string, string> = {}): KnownPrincipal => {
    const u: IamUser = { arn: `arn:aws:iam::${A}:user/${name}`, name, path: "/", account: A, groups: [], inlinePolicies: identity.map((d, i) => ({ name: `p${i}`, document: d as IamRole["trustPolicy"] })), attachedPolicies: [], tags };
    m.users.set(u.arn, u);
    return { arn: u.arn, kind: "user", name, account: A };
  };
  return { m, role, user };
}

describe("identity screen", () => {
  it("screens out a caller whose Allow statements cannot cover the role, only when the trust delegates to the account", () => {
    const { m, role, user } = setup(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" }));
    const none = user("none", [doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })]);
    const other = user("other", [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/other-*` })]);
    const conditional = user("cond", [doc({ Effect: "Allow", Action: "sts:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } })]);
    const idx = trustIndex(role);
    expect(identityScreensOut(m, role, none, idx)).toBe(true);
    expect(identityScreensOut(m, role, other, idx)).toBe(true);
    // a conditional Allow may apply: not screened
    expect(identityScreensOut(m, role, conditional, idx)).toBe(false);
  });
  it("never screens a caller the trust policy names itself (same account: no identity Allow needed)", () => {
    const { m, role, user } = setup(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:user/named` }, Action: "sts:AssumeRole" }));
    const named = user("named", []);
    expect(identityScreensOut(m, role, named, trustIndex(role))).toBe(false);
  });
});

describe("shared verdicts", () => {
  it("wildcard trust: callers alike share a key; a tag the trust tests, or an identity Deny, sets one apart", () => {
    const { m, role, user } = setup(doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalTag/team": "web" } } }));
    const idx = trustIndex(role);
    const a = user("a", [], { team: "web" });
    const b = user("b", [], { team: "web" });
    const c = user("c", [], { team: "data" });
    const d = user("d", [doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" })], { team: "web" });
    expect(sharedVerdictKey(m, role, a, idx)).toBeDefined();
    expect(sharedVerdictKey(m, role, a, idx)).toBe(sharedVerdictKey(m, role, b, idx));
    expect(sharedVerdictKey(m, role, c, idx)).not.toBe(sharedVerdictKey(m, role, a, idx));
    expect(sharedVerdictKey(m, role, d, idx)).toBeUndefined();
  });
  it("delegated trust: callers share when an unconditional Allow covers the role, or the same conditional Allows do", () => {
    const { m, role, user } = setup(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: "sts:AssumeRole" }));
    const idx = trustIndex(role);
    const mfa = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
    const free = user("free", [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: role.arn })]);
    const cond = user("cond", [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: role.arn, Condition: mfa })]);
    // the same condition through another pattern that covers the role, and an Allow for other roles only
    const cond2 = user("cond2", [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/tar*`, Condition: mfa }, { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/other` })]);
    const ip = user("ip", [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: role.arn, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })]);
    const tagged = user("tagged", [doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: role.arn, Condition: { StringEquals: { "aws:PrincipalTag/team": "web" } } })]);
    const notResource = user("nr", [doc({ Effect: "Allow", Action: "sts:AssumeRole", NotResource: `arn:aws:iam::${A}:role/x`, Condition: mfa })]);
    expect(sharedVerdictKey(m, role, free, idx)).toBeDefined();
    expect(sharedVerdictKey(m, role, cond, idx)).toBeDefined();
    expect(sharedVerdictKey(m, role, cond, idx)).not.toBe(sharedVerdictKey(m, role, free, idx));
    expect(sharedVerdictKey(m, role, cond2, idx)).toBe(sharedVerdictKey(m, role, cond, idx));
    expect(sharedVerdictKey(m, role, ip, idx)).not.toBe(sharedVerdictKey(m, role, cond, idx));
    // conditions on the caller itself, or a statement whose reach is not a pattern: diagnosed alone
    expect(sharedVerdictKey(m, role, tagged, idx)).toBeUndefined();
    expect(sharedVerdictKey(m, role, notResource, idx)).toBeUndefined();
  });
  it("an identity Deny sets a caller apart only when it may cover this role", () => {
    const { m, role, user } = setup(doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }));
    const idx = trustIndex(role);
    const plain = user("plain", []);
    const elsewhere = user("elsewhere", [doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/*-admin-*` })]);
    const here = user("here", [doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/tar*` })]);
    expect(sharedVerdictKey(m, role, elsewhere, idx)).toBe(sharedVerdictKey(m, role, plain, idx));
    expect(sharedVerdictKey(m, role, here, idx)).toBeUndefined();
  });
  it("a policy variable or aws:userid in the policies means no key", () => {
    const { m, role, user } = setup(doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringLike: { "aws:userid": "AIDA*" } } }));
    expect(sharedVerdictKey(m, role, user("a", []), trustIndex(role))).toBeUndefined();
  });
});
