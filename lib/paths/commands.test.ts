import { describe, expect, it } from "vitest";
import { pathCommands } from "./commands";
import { describePath } from "./describe";
import type { AccessPath } from "./types";

const alicePath: AccessPath = {
  hops: [
    { from: "arn:aws:iam::111111111111:user/alice", role: "arn:aws:iam::111111111111:role/ci-deployer", verdict: "unknown", requires: ["aws:MultiFactorAuthPresent"], maxSessionSeconds: 43200 },
    { from: "arn:aws:sts::111111111111:assumed-role/ci-deployer/alice", role: "arn:aws:iam::333333333333:role/prod-deployer", verdict: "allowed", requires: [], maxSessionSeconds: 3600 },
  ],
  verdict: "unknown",
  maxSessionSeconds: 3600,
  notes: [],
};

describe("the commands to take a path", () => {
  it("a profile chain: source_profile from hop to hop, mfa_serial where the user proves MFA", () => {
    const c = pathCommands(alicePath, "alice");
    expect(c.profile).toContain("[profile alice]");
    expect(c.profile).toContain("[profile ci-deployer]\nrole_arn = arn:aws:iam::111111111111:role/ci-deployer\nsource_profile = alice\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\nrole_session_name = alice");
    expect(c.profile).toContain("[profile prod-deployer]\nrole_arn = arn:aws:iam::333333333333:role/prod-deployer\nsource_profile = ci-deployer\nrole_session_name = alice");
    expect(c.profile.match(/mfa_serial/g)).toHaveLength(1);
    expect(c.profileName).toBe("prod-deployer");
  });
  it("assume-role steps, the MFA code on the first call only", () => {
    const c = pathCommands(alicePath, "alice");
    expect(c.steps).toContain("aws sts assume-role --role-arn arn:aws:iam::111111111111:role/ci-deployer --role-session-name alice --serial-number arn:aws:iam::111111111111:mfa/alice --token-code CODE");
    expect(c.steps).toContain("aws sts assume-role --role-arn arn:aws:iam::333333333333:role/prod-deployer --role-session-name alice --query");
    expect(c.steps.match(/--serial-number/g)).toHaveLength(1);
  });
  it("an EC2 chain starts from the instance's credentials", () => {
    const p: AccessPath = {
      hops: [
        { from: "ec2.amazonaws.com", role: "arn:aws:iam::111111111111:role/app-ec2-implicit", verdict: "allowed", requires: [], maxSessionSeconds: null },
        { from: "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/SESSION", role: "arn:aws:iam::111111111111:role/app-ec2-assumed", verdict: "allowed", requires: [], maxSessionSeconds: 3600 },
      ],
      verdict: "allowed",
      maxSessionSeconds: 3600,
      notes: [],
    };
    const c = pathCommands(p, "app");
    expect(c.profile).toContain("[profile app-ec2-assumed]\nrole_arn = arn:aws:iam::111111111111:role/app-ec2-assumed\ncredential_source = Ec2InstanceMetadata");
    expect(c.profile).not.toContain("[profile app-ec2-implicit]");
  });
  it("in words", () => {
    expect(describePath(alicePath)).toBe("alice → ci-deployer (MFA) → prod-deployer, sessions of at most 1 hour");
  });
});
