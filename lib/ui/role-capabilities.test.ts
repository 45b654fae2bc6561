import { describe, expect, it } from "vitest";
import {
  COMMON_ACTIONS,
  actionMatches,
  contextKeyRow,
  contextObject,
  dependsReason,
  emptyValueKeys,
  groupAllowed,
  sampleOf,
  serviceOf,
  suggestAll,
  suggestResource,
  valueHints,
} from "./role-capabilities";

const ROLE = "arn:aws:iam::111111111111:role/ecs/orders-api-task";
const inline = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "OrdersTable", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders*" },
    { Sid: "OrdersBucket", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::rc-orders-dev/*" },
    { Sid: "OrderEvents", Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:111111111111:orders-events" },
    { Sid: "ReadSharedArtifacts", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/artifact-reader" },
    { Sid: "NoPass", Effect: "Deny", Action: "iam:PassRole", Resource: "arn:aws:iam::111111111111:role/admin" },
  ],
};
const managed = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "kms:*", Resource: "arn:aws:kms:us-east-1:111111111111:key/abc" } });

describe("actionMatches", () => {
  it("matches case-insensitively with wildcards", () => {
    expect(actionMatches("s3:Get*", "s3:GetObject")).toBe(true);
    expect(actionMatches("S3:GETOBJECT", "s3:GetObject")).toBe(true);
    expect(actionMatches("s3:?etObject", "s3:GetObject")).toBe(true);
    expect(actionMatches("s3:Get*", "s3:PutObject")).toBe(false);
    expect(actionMatches("*", "iam:PassRole")).toBe(true);
  });
});

describe("sampleOf", () => {
  it("turns a pattern into a resource it matches", () => {
    expect(sampleOf("arn:aws:s3:::rc-orders-dev/*")).toBe("arn:aws:s3:::rc-orders-dev/example");
    expect(sampleOf("arn:aws:dynamodb:us-east-1:111111111111:table/orders*")).toBe("arn:aws:dynamodb:us-east-1:111111111111:table/orders");
    expect(sampleOf("arn:aws:s3:::b/${aws:username}/*")).toBe("arn:aws:s3:::b/example/example");
    expect(sampleOf("arn:aws:logs:us-east-1:1:log-group:*")).toBe("arn:aws:logs:us-east-1:1:log-group:example");
    expect(sampleOf("arn:aws:sqs:*:111111111111:q-?")).toBe("arn:aws:sqs:example:111111111111:q-x");
    expect(sampleOf("arn:aws:logs:us-east-1:1:log-group:/ecs/data-pipeline*:*")).toBe("arn:aws:logs:us-east-1:1:log-group:/ecs/data-pipeline:example");
    expect(sampleOf("arn:aws:secretsmanager:us-east-1:1:secret:creds-*")).toBe("arn:aws:secretsmanager:us-east-1:1:secret:creds-example");
    expect(sampleOf("*")).toBe("*");
  });
});

describe("suggestResource", () => {
  it("takes the resource a statement names for the action", () => {
    expect(suggestResource("s3:GetObject", ROLE, [inline])).toEqual({ action: "s3:GetObject", resource: "arn:aws:s3:::rc-orders-dev/example", inPolicies: true, fromPolicies: true });
    expect(suggestResource("dynamodb:Query", ROLE, [inline]).resource).toBe("arn:aws:dynamodb:us-east-1:111111111111:table/orders");
    expect(suggestResource("sts:AssumeRole", ROLE, [inline]).resource).toBe("arn:aws:iam::222222222222:role/artifact-reader");
  });

  it("uses the bucket for bucket actions, from an object statement of the same service", () => {
    expect(suggestResource("s3:ListBucket", ROLE, [inline])).toEqual({ action: "s3:ListBucket", resource: "arn:aws:s3:::rc-orders-dev", inPolicies: false, fromPolicies: true });
  });

  it("reads string (and one-statement) documents, and wildcard actions", () => {
    expect(suggestResource("kms:Decrypt", ROLE, [inline, managed])).toMatchObject({ resource: "arn:aws:kms:us-east-1:111111111111:key/abc", inPolicies: true });
  });

  it("ignores Deny statements and falls back to a template in the role's account and the policies' main region", () => {
    const s = suggestResource("iam:PassRole", ROLE, [inline]);
    expect(s).toEqual({ action: "iam:PassRole", resource: "arn:aws:iam::111111111111:role/my-role", inPolicies: false, fromPolicies: false });
    expect(suggestResource("sns:Publish", ROLE, [inline]).resource).toBe("arn:aws:sns:us-east-1:111111111111:my-topic");
    expect(suggestResource("ec2:DescribeInstances", ROLE, [inline]).resource).toBe("*");
  });

  it("suggests one resource per common action, even without policies", () => {
    const all = suggestAll(ROLE, []);
    expect(all.map((s) => s.action)).toEqual([...COMMON_ACTIONS]);
    expect(all.every((s) => s.resource === "*" || s.resource.startsWith("arn:aws:"))).toBe(true);
    expect(all.find((s) => s.action === "sqs:SendMessage")?.resource).toBe("arn:aws:sqs:us-east-1:111111111111:my-queue");
  });
});

describe("context rows", () => {
  it("become a context object, blank keys left out", () => {
    const rows = [contextKeyRow("aws:RequestedRegion", " us-east-1 "), contextKeyRow("", "x"), contextKeyRow("aws:SourceIp", "")];
    expect(contextObject(rows)).toEqual({ "aws:RequestedRegion": "us-east-1", "aws:SourceIp": "" });
    expect(emptyValueKeys(rows)).toEqual(["aws:SourceIp"]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it("finds the reason for a key the decision depends on", () => {
    const notes = ["other", "depends on aws:RequestedRegion: this policy tests aws:RequestedRegion, which the request does not give"];
    expect(dependsReason(notes, "aws:RequestedRegion")).toBe("this policy tests aws:RequestedRegion, which the request does not give");
    expect(dependsReason(notes, "aws:SourceIp")).toBeNull();
  });

  it("hints values for well-known keys", () => {
    expect(valueHints("aws:RequestedRegion")).toContain("us-east-1");
    expect(valueHints("aws:SecureTransport")).toEqual(["true", "false"]);
    expect(valueHints("x:y")).toEqual([]);
  });
});

describe("groupAllowed", () => {
  it("puts unconditional actions first, then groups by the keys they depend on", () => {
    const g = groupAllowed([
      { action: "s3:A", dependsOn: ["aws:RequestedRegion"] },
      { action: "s3:B", dependsOn: [] },
      { action: "s3:C", dependsOn: ["aws:SourceIp", "aws:RequestedRegion"] },
      { action: "s3:D", dependsOn: ["aws:RequestedRegion"] },
    ]);
    expect(g).toEqual([
      { dependsOn: [], actions: ["s3:B"] },
      { dependsOn: ["aws:RequestedRegion"], actions: ["s3:A", "s3:D"] },
      { dependsOn: ["aws:RequestedRegion", "aws:SourceIp"], actions: ["s3:C"] },
    ]);
  });

  it("knows a resource's service", () => {
    expect(serviceOf("arn:aws:s3:::b/k")).toBe("s3");
    expect(serviceOf("*")).toBeNull();
  });
});
