// What an AssumeRole record says the call sent, for a diagnosis of a failed attempt: the external
// ID, whether it was MFA-authenticated (R3.9), and the VPC endpoint it came through.
import { describe, expect, it } from "vitest";
import { parseAssumeRole } from "./parse";

const base = {
  eventVersion: "1.08",
  eventSource: "sts.amazonaws.com",
  eventName: "AssumeRole",
  eventTime: "2026-11-21T13:22:48Z",
  awsRegion: "us-east-1",
  eventID: "e1",
  errorCode: "AccessDenied",
  errorMessage: "…",
  responseElements: null,
};

describe("request facts of an AssumeRole record", () => {
  it("an IAM user without a serial number had no MFA; with one, it had", () => {
    const ui = { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/alice", accountId: "111111111111" };
    expect(parseAssumeRole({ ...base, userIdentity: ui, requestParameters: { roleArn: "arn:aws:iam::111111111111:role/power-user", roleSessionName: "alice" } })!.mfa).toBe(false);
    expect(parseAssumeRole({ ...base, userIdentity: ui, requestParameters: { roleArn: "arn:aws:iam::111111111111:role/power-user", roleSessionName: "eve", serialNumber: "arn:aws:iam::111111111111:mfa/eve-phone" } })!.mfa).toBe(true);
  });
  it("a session's own MFA sign-in, the external ID and the VPC endpoint", () => {
    const c = parseAssumeRole({
      ...base,
      vpcEndpointId: "vpce-0a1b2c3d4e5f67890",
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::999988887777:assumed-role/rc-audit-runner/a", accountId: "999988887777", sessionContext: { attributes: { mfaAuthenticated: "false" } } },
      requestParameters: { roleArn: "arn:aws:iam::111111111111:role/partner-audit", roleSessionName: "a", externalId: "rc-7f3a9c2" },
    })!;
    expect(c).toMatchObject({ mfa: false, externalId: "rc-7f3a9c2", vpcEndpointId: "vpce-0a1b2c3d4e5f67890" });
    expect(parseAssumeRole({ ...base, userIdentity: { type: "AWSService", invokedBy: "ec2.amazonaws.com" }, requestParameters: { roleArn: "arn:aws:iam::111111111111:role/x" } })!.mfa).toBeUndefined();
  });
});
