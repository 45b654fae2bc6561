// The messages STS returns (rules reference §5; AWS: Troubleshoot access denied error messages,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html) — one form per
// case — and the parser of what people paste, which reads every form.
import { describe, expect, it } from "vitest";
import { accessDenied, parseStsError } from "./errors";

const ALICE = "arn:aws:iam::111111111111:user/alice";
const ROLE = "arn:aws:iam::111111111111:role/power-user";

describe("the predicted AccessDenied (S9 format: User … is not authorized to perform action on resource because context)", () => {
  it("plain, as across accounts and for a role that does not exist (R5.1, R5.2)", () => {
    expect(accessDenied(ALICE, "sts:AssumeRole", ROLE)).toBe(`User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
  });
  it("every policy type in the same form, with or without its explicit deny (R5.3–R5.10)", () => {
    const on = `User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`;
    expect(accessDenied(ALICE, "sts:AssumeRole", ROLE, { type: "resource", explicit: false })).toBe(`${on} because no role trust policy allows the sts:AssumeRole action`);
    expect(accessDenied(ALICE, "sts:AssumeRole", ROLE, { type: "resource", explicit: true })).toBe(`${on} with an explicit deny in the role trust policy`);
    expect(accessDenied(ALICE, "sts:AssumeRole", ROLE, { type: "endpoint", explicit: true })).toBe(`${on} with an explicit deny in a VPC endpoint policy`);
    expect(accessDenied(ALICE, "sts:AssumeRole", ROLE, { type: "endpoint", explicit: false })).toBe(`${on} because no VPC endpoint policy allows the sts:AssumeRole action`);
    // sic: "sessions policy" (R5.9)
    expect(accessDenied(ALICE, "sts:AssumeRole", ROLE, { type: "session", explicit: true })).toBe(`${on} with an explicit deny in a sessions policy`);
    expect(accessDenied(ALICE, "sts:TagSession", ROLE, { type: "identity", explicit: false })).toBe(`User: ${ALICE} is not authorized to perform: sts:TagSession on resource: ${ROLE} because no identity-based policy allows the sts:TagSession action`);
  });
  it("what it predicts, it parses back", () => {
    for (const type of ["resource", "identity", "permissionBoundary", "scp", "rcp", "session", "endpoint"] as const) {
      for (const explicit of [true, false]) {
        const p = parseStsError(accessDenied(ALICE, "sts:AssumeRole", ROLE, { type, explicit }));
        expect(p).toMatchObject({ kind: "access-denied", principal: ALICE, action: "sts:AssumeRole", resource: ROLE, policyType: type, explicit });
      }
    }
  });
});

describe("parsing pasted errors", () => {
  it("the trust-policy form without the role, as S9 prints it", () => {
    expect(parseStsError(`User: ${ALICE} is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action`)).toMatchObject({ policyType: "resource", explicit: false, resource: undefined });
  });
  it("the VPC endpoint forms, and a denial that came through an endpoint but is the SCP's (S9)", () => {
    expect(parseStsError(`User: ${ALICE} is not authorized to perform: codecommit:ListRepositories because no VPC endpoint policy allows the codecommit:ListRepositories action`)).toMatchObject({ policyType: "endpoint", explicit: false });
    const t = parseStsError("User: arn:aws:sts::111122223333:assumed-role/role-name/role-session-name is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:444455556666:role-name-2 with an explicit deny in a VPC endpoint policy transitively through a service control policy");
    expect(t).toMatchObject({ policyType: "scp", explicit: true, throughVpcEndpoint: true, resource: "arn:aws:sns:us-east-1:444455556666:role-name-2" });
  });
  it("EC2's wrapper and its encoded authorization message", () => {
    const p = parseStsError(
      "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized to perform this operation. User: arn:aws:sts::111111111111:assumed-role/power-user/alice is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:us-west-2:111111111111:instance/* with an explicit deny in a service control policy. Encoded authorization failure message: AbCd",
    );
    expect(p).toMatchObject({ kind: "access-denied", code: "UnauthorizedOperation", operation: "RunInstances", action: "ec2:RunInstances", policyType: "scp", encoded: true });
  });
  it("S3's quoted resource, and its plain Access Denied", () => {
    expect(parseStsError(`User: ${ALICE} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/key" because no identity-based policy allows the s3:GetObject action`).resource).toBe("arn:aws:s3:::bucket/key");
    expect(parseStsError("An error occurred (AccessDenied) when calling the GetObject operation: Access Denied")).toMatchObject({ kind: "access-denied-plain", operation: "GetObject" });
    expect(parseStsError("Access Denied").kind).toBe("access-denied-plain");
  });
  it("the policy-ARN suffix of the newer messages (R5.11)", () => {
    const p = parseStsError(`User: ${ALICE} is not authorized to perform: sts:AssumeRole on resource: ${ROLE} with an explicit deny in a service control policy: arn:aws:organizations::444455556666:policy/o-abc/service_control_policy/p-123`);
    expect(p).toMatchObject({ policyType: "scp", policyArn: "arn:aws:organizations::444455556666:policy/o-abc/service_control_policy/p-123" });
  });
});
