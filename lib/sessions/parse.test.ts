// Real-shaped records of each kind → the facts a session needs.
import { describe, expect, it } from "vitest";
import { callerOf, cleanUserAgent, normalizeTime, parseAssumeRole, parseTime, recordOfLookupEvent, redactRecord } from "./parse";

const base = { eventVersion: "1.09", eventSource: "sts.amazonaws.com", eventName: "AssumeRole", awsRegion: "us-east-1", eventTime: "2026-11-16T09:12:04Z", eventID: "e-1", recipientAccountId: "111111111111" };
const ok = (key: string, session: string, role = "arn:aws:iam::111111111111:role/power-user") => ({
  requestParameters: { roleArn: role, roleSessionName: session, durationSeconds: 3600, sourceIdentity: "alice@example.com", tags: [{ key: "team", value: "web" }], transitiveTagKeys: ["team"] },
  responseElements: { credentials: { accessKeyId: key, sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE", expiration: "Nov 16, 2026, 10:12:04 AM" }, assumedRoleUser: { assumedRoleId: `AROAEXAMPLE:${session}`, arn: `arn:aws:sts::111111111111:assumed-role/power-user/${session}` } },
});

describe("parseAssumeRole", () => {
  it("an IAM user caller", () => {
    const c = parseAssumeRole({ ...base, ...ok("ASIAEXAMPLE0000001", "alice"), userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/alice", accountId: "111111111111", accessKeyId: "AKIAEXAMPLE", principalId: "AIDAEXAMPLE" }, sourceIPAddress: "203.0.113.17", userAgent: "aws-cli/2.31" })!;
    expect(c).toMatchObject({
      caller: "arn:aws:iam::111111111111:user/alice",
      callerAccount: "111111111111",
      callerType: "IAMUser",
      roleArn: "arn:aws:iam::111111111111:role/power-user",
      roleSessionName: "alice",
      assumedRoleArn: "arn:aws:sts::111111111111:assumed-role/power-user/alice",
      accessKeyId: "ASIAEXAMPLE0000001",
      expiration: "2026-11-16T10:12:04Z",
      durationSeconds: 3600,
      sourceIdentity: "alice@example.com",
      sessionTags: { team: "web" },
      transitiveTagKeys: ["team"],
      sourceIp: "203.0.113.17",
      errorCode: null,
      ownerCopy: false,
    });
  });
  it("a role-session caller: the chain's parent key and role", () => {
    const c = parseAssumeRole({
      ...base,
      ...ok("ASIAEXAMPLE0000002", "botocore-session-1"),
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111111111111:assumed-role/app/i-0abc", accountId: "111111111111", accessKeyId: "ASIAPARENT00000001", sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111111111111:role/path/app" } } },
    })!;
    expect(c).toMatchObject({ caller: "arn:aws:sts::111111111111:assumed-role/app/i-0abc", callerAccessKeyId: "ASIAPARENT00000001", callerRoleArn: "arn:aws:iam::111111111111:role/path/app" });
  });
  it("the role owner's copy of a cross-account call: caller is the principal ID", () => {
    const c = parseAssumeRole({ ...base, ...ok("ASIAEXAMPLE0000003", "audit"), sharedEventID: "s-1", userIdentity: { type: "AWSAccount", principalId: "AROAEXTERNAL:audit", accountId: "999988887777" } })!;
    expect(c).toMatchObject({ caller: "AROAEXTERNAL:audit", callerAccount: "999988887777", ownerCopy: true, sharedEventId: "s-1" });
  });
  it("an AWS service caller: the service name, and the duration from the expiration", () => {
    const c = parseAssumeRole({ ...base, userIdentity: { type: "AWSService", invokedBy: "ecs-tasks.amazonaws.com" }, requestParameters: { roleArn: "arn:aws:iam::111111111111:role/task", roleSessionName: "abc" }, responseElements: { credentials: { accessKeyId: "ASIAEXAMPLE0000004", expiration: "Nov 16, 2026, 3:12:04 PM" } } })!;
    expect(c).toMatchObject({ caller: "ecs-tasks.amazonaws.com", callerAccount: null, durationSeconds: 21600, expiration: "2026-11-16T15:12:04Z" });
  });
  it("web identity: no ARN, so the principal ID; SAML: the session name from the assumed role", () => {
    const w = parseAssumeRole({ ...base, eventName: "AssumeRoleWithWebIdentity", ...ok("ASIAEXAMPLE0000005", "GitHubActions"), userIdentity: { type: "WebIdentityUser", principalId: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:x/y:ref:refs/heads/main", userName: "repo:x/y" } })!;
    expect(w).toMatchObject({ eventName: "AssumeRoleWithWebIdentity", caller: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:x/y:ref:refs/heads/main", callerAccount: "111111111111" });
    const s = parseAssumeRole({ ...base, eventName: "AssumeRoleWithSAML", userIdentity: { type: "SAMLUser", principalId: "SAMLissuer:alice@example.com", userName: "alice@example.com" }, requestParameters: { roleArn: "arn:aws:iam::111111111111:role/sso", principalArn: "arn:aws:iam::111111111111:saml-provider/okta" }, responseElements: { credentials: { accessKeyId: "ASIAEXAMPLE0000006", expiration: "2026-11-16T10:12:04Z" }, assumedRoleUser: { arn: "arn:aws:sts::111111111111:assumed-role/sso/alice@example.com" } } })!;
    expect(s).toMatchObject({ caller: "SAMLissuer:alice@example.com", roleSessionName: "alice@example.com", accessKeyId: "ASIAEXAMPLE0000006" });
  });
  it("a failure: error code and message, no key, no expiration", () => {
    const c = parseAssumeRole({ ...base, userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111111111111:user/eve" }, requestParameters: { roleArn: "arn:aws:iam::111111111111:role/power-user", roleSessionName: "eve" }, responseElements: null, errorCode: "AccessDenied", errorMessage: "User: arn:aws:iam::111111111111:user/eve is not authorized to perform: sts:AssumeRole" })!;
    expect(c).toMatchObject({ errorCode: "AccessDenied", accessKeyId: null, expiration: null, durationSeconds: null });
  });
  it("ignores other events", () => {
    expect(parseAssumeRole({ ...base, eventName: "GetCallerIdentity" })).toBeNull();
    expect(parseAssumeRole({ ...base, eventSource: "iam.amazonaws.com" })).toBeNull();
  });
});

describe("activity, times, redaction", () => {
  it("normalises an event time to the trail's form, by shape for the common forms", () => {
    expect(normalizeTime("2026-11-16T09:13:00Z")).toBe("2026-11-16T09:13:00Z");
    expect(normalizeTime("2026-11-16T09:13:00.000Z")).toBe("2026-11-16T09:13:00Z");
    expect(normalizeTime("2026-11-16T09:13:00.250Z")).toBe("2026-11-16T09:13:00.250Z");
    expect(normalizeTime("2026-11-16T10:13:00+01:00")).toBe("2026-11-16T09:13:00Z");
    expect(normalizeTime("2026-11-16 09:13:00.000")).toBe("2026-11-16T09:13:00Z");
    expect(normalizeTime("Nov 16, 2026, 9:13:00 AM")).toBe("2026-11-16T09:13:00Z");
    // the right length and a T, but not a time: parsed (and refused), not passed through
    expect(normalizeTime("2026-11-16Tnot-a-time")).toBeNull();
    expect(normalizeTime(null)).toBeNull();
  });
  it("reads CloudTrail's time forms", () => {
    expect(parseTime("Nov 16, 2026, 12:02:11 PM")).toBe(Date.UTC(2026, 10, 16, 12, 2, 11));
    expect(parseTime("Nov 16, 2026, 12:02:11 AM")).toBe(Date.UTC(2026, 10, 16, 0, 2, 11));
    expect(parseTime("2026-11-16 06:02:11.000")).toBe(Date.UTC(2026, 10, 16, 6, 2, 11));
    expect(parseTime(1794809140)).toBe(1794809140000);
    expect(parseTime("nope")).toBeNull();
  });
  it("unwraps lookup-events entries, brackets, and removes session tokens", () => {
    expect(recordOfLookupEvent({ EventId: "x", CloudTrailEvent: '{"eventID":"x"}' })).toEqual({ eventID: "x" });
    expect(cleanUserAgent("[Boto3/1.40.61]")).toBe("Boto3/1.40.61");
    const r = { responseElements: { credentials: { accessKeyId: "ASIAX", sessionToken: "secret", expiration: "e" } } };
    expect(redactRecord(r)).toEqual({ responseElements: { credentials: { accessKeyId: "ASIAX", expiration: "e" } } });
    expect(r.responseElements.credentials.sessionToken).toBe("secret");
    expect(callerOf({ type: "Root", arn: "arn:aws:iam::111111111111:root" })).toBe("arn:aws:iam::111111111111:root");
  });
});
