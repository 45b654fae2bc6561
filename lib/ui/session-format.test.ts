import { describe, expect, it } from "vitest";
import type { RoleSession } from "@/lib/sessions/group";
import { diagnosableCaller, diagnoseHrefFor, formatShortTime, formatTime, isDurationError, roleParts, sessionSeconds, shortCaller, shortDuration, summarizeCall } from "./session-format";

const failure = (over: Partial<RoleSession>): RoleSession =>
  ({
    roleSessionName: "bob",
    roleArn: "arn:aws:iam::111111111111:role/ecs/orders-api-task",
    caller: "arn:aws:iam::111111111111:user/bob",
    errorMessage: "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/ecs/orders-api-task",
    durationSeconds: null,
    sourceIdentity: null,
    sessionTags: null,
    transitiveTagKeys: null,
    eventName: "AssumeRole",
    eventTime: "2026-11-17T10:15:03Z",
    expiration: null,
    outcome: "failure",
    ...over,
  }) as RoleSession;

describe("times and durations", () => {
  it("formats UTC", () => {
    expect(formatTime("2026-11-17T10:20:44Z")).toBe("2026-11-17 10:20:44");
    expect(formatShortTime("2026-11-17T10:20:44Z")).toBe("Nov 17, 10:20");
    expect(formatTime(null)).toBe("");
    expect(formatTime("soon")).toBe("soon");
  });
  it("durations", () => {
    expect(shortDuration(3600)).toBe("1 h");
    expect(shortDuration(5400)).toBe("1 h 30 min");
    expect(shortDuration(900)).toBe("15 min");
    expect(shortDuration(45)).toBe("45 s");
    expect(shortDuration(null)).toBe("");
  });
  it("a session lasts until its expiration; a failure has no duration", () => {
    const ok = { eventTime: "2026-11-16T06:02:11Z", expiration: "2026-11-16T12:02:11Z", durationSeconds: null, outcome: "success" as const };
    expect(sessionSeconds(ok)).toBe(21600);
    expect(sessionSeconds({ ...ok, expiration: null, durationSeconds: 3600 })).toBe(3600);
    expect(sessionSeconds({ ...ok, outcome: "failure", durationSeconds: 7200 })).toBeNull();
  });
});

describe("ARNs", () => {
  it("role parts", () => {
    expect(roleParts("arn:aws:iam::111111111111:role/ecs/orders-api-task")).toEqual({ name: "orders-api-task", path: "/ecs/", account: "111111111111" });
    expect(roleParts("arn:aws:iam::222222222222:role/shared-deploy")).toEqual({ name: "shared-deploy", path: "/", account: "222222222222" });
    expect(roleParts(null).name).toBe("(unknown role)");
  });
  it("short callers", () => {
    expect(shortCaller("arn:aws:iam::111111111111:user/contractors/dana")).toBe("user/contractors/dana");
    expect(shortCaller("arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718")).toBe("assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718");
    expect(shortCaller("ec2.amazonaws.com")).toBe("ec2.amazonaws.com");
    expect(shortCaller("AROARCUU4F0HDDRH8HHQ0:audit-2026-11-19")).toBe("AROARCUU4F0HDDRH8HHQ0:audit-2026-11-19");
  });
});

describe("diagnose links", () => {
  it("bob → orders-api-task: principal, role and session name", () => {
    expect(diagnoseHrefFor(failure({}))).toBe(
      "/?principal=arn%3Aaws%3Aiam%3A%3A111111111111%3Auser%2Fbob&role=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fecs%2Forders-api-task&roleSessionName=bob",
    );
  });
  it("a chained duration error carries durationSeconds", () => {
    const s = failure({
      caller: "arn:aws:sts::111111111111:assumed-role/app-ec2-implicit/i-0a1b2c3d4e5f60718",
      roleArn: "arn:aws:iam::111111111111:role/app-ec2-assumed",
      roleSessionName: "botocore-session-1794982202",
      durationSeconds: 7200,
      errorMessage: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    expect(isDurationError(s.errorMessage)).toBe(true);
    const q = new URLSearchParams(diagnoseHrefFor(s)!.slice(2));
    expect(q.get("principal")).toBe(s.caller);
    expect(q.get("durationSeconds")).toBe("7200");
  });
  it("tags and source identity go along", () => {
    const q = new URLSearchParams(diagnoseHrefFor(failure({ sessionTags: { team: "web" }, transitiveTagKeys: ["team"], sourceIdentity: "bob@example.com" }))!.slice(2));
    expect(q.getAll("tag")).toEqual(["team=web"]);
    expect(q.get("transitiveTagKeys")).toBe("team");
    expect(q.get("sourceIdentity")).toBe("bob@example.com");
  });
  it("a principal ID alone: the ARN in STS's message, else no link", () => {
    const owner = failure({
      caller: "AROARCUU4F0HDDRH8HHQ0:audit-2026-11-21",
      errorMessage: "User: arn:aws:sts::999988887777:assumed-role/rc-audit-runner/audit-2026-11-21 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/partner-audit",
    });
    expect(diagnosableCaller(owner)).toBe("arn:aws:sts::999988887777:assumed-role/rc-audit-runner/audit-2026-11-21");
    expect(diagnoseHrefFor({ ...owner, errorMessage: "Access denied" })).toBeNull();
    expect(diagnosableCaller(failure({ caller: "ec2.amazonaws.com" }))).toBe("ec2.amazonaws.com");
  });
  it("what CloudTrail recorded goes along: external ID, MFA, source IP — or the VPC endpoint", () => {
    const q = new URLSearchParams(diagnoseHrefFor(failure({ externalId: "rc-7f3a9c2", mfa: false, sourceIp: "192.0.2.200" }))!.slice(2));
    expect(q.get("externalId")).toBe("rc-7f3a9c2");
    expect(q.get("mfa")).toBe("false");
    expect(q.get("sourceIp")).toBe("192.0.2.200");
    const v = new URLSearchParams(diagnoseHrefFor(failure({ vpcEndpointId: "vpce-0a1b2c3d4e5f67890", sourceIp: "10.0.12.34", mfa: true }))!.slice(2));
    expect(v.get("sourceVpce")).toBe("vpce-0a1b2c3d4e5f67890");
    // through an endpoint the recorded address is the private one: the diagnosis reads it as aws:VpcSourceIp
    expect(v.get("sourceIp")).toBe("10.0.12.34");
    expect(v.get("mfa")).toBe("true");
    // a service caller's "source IP" is its name
    expect(new URLSearchParams(diagnoseHrefFor(failure({ caller: "ec2.amazonaws.com", sourceIp: "ec2.amazonaws.com" }))!.slice(2)).get("sourceIp")).toBeNull();
  });
  it("web identity is not diagnosed", () => {
    expect(diagnoseHrefFor(failure({ eventName: "AssumeRoleWithWebIdentity" }))).toBeNull();
  });
});

describe("CloudTrail calls", () => {
  it("summarizes a failed call with its resource", () => {
    const c = summarizeCall({
      eventID: "e1",
      eventTime: "2026-11-17T10:29:48Z",
      eventSource: "dynamodb.amazonaws.com",
      eventName: "DeleteItem",
      awsRegion: "us-east-1",
      sourceIPAddress: "203.0.113.42",
      errorCode: "AccessDenied",
      errorMessage: "no",
      readOnly: false,
      resources: [{ type: "AWS::DynamoDB::Table", ARN: "arn:aws:dynamodb:us-east-1:111111111111:table/orders" }],
    });
    expect(c).toMatchObject({ id: "e1", service: "dynamodb", errorCode: "AccessDenied", resources: ["arn:aws:dynamodb:us-east-1:111111111111:table/orders"], readOnly: false });
  });
  it("names from the request when no resources are listed; hidden values skipped", () => {
    const c = summarizeCall({ eventSource: "s3.amazonaws.com", eventName: "GetObject", requestParameters: { bucketName: "b", key: "HIDDEN_DUE_TO_SECURITY_REASONS" } }, 3);
    expect(c.resources).toEqual(["bucketName=b"]);
    expect(c.id).toBe("call-3");
    expect(c.errorCode).toBeNull();
  });
});
