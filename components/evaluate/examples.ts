// Ready-made evaluator inputs for the questions people ask most. Each one's decision is checked
// against the real API by e2e/evaluate.spec.ts.

import { contextRow, draft, emptyForm, level, type FormState } from "@/lib/ui/form-state";

export interface Example {
  id: string;
  title: string;
  /** what the example shows, and what to try next */
  description: string;
  expected: "allowed" | "explicitDeny" | "implicitDeny";
  form: () => FormState;
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

const allowAssumeAnyRole = (account: string) =>
  json({
    Version: "2012-10-17",
    Statement: [{ Sid: "AssumeAnyRoleInAccount", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${account}:role/*` }],
  });

const fullAwsAccess = json({ Version: "2012-10-17", Statement: [{ Sid: "FullAWSAccess", Effect: "Allow", Action: "*", Resource: "*" }] });

export const EXAMPLES: Example[] = [
  {
    id: "ecs-task-role",
    title: "ECS task role",
    description:
      "Dana's identity policy allows sts:AssumeRole on every role, but the task role's trust policy trusts only the ECS tasks service, so a person cannot assume it. Roles are the one case where even in the same account the trust policy must name the caller.",
    expected: "implicitDeny",
    form: () => ({
      ...emptyForm(),
      principal: "arn:aws:iam::111111111111:user/dana",
      action: "sts:AssumeRole",
      resource: "arn:aws:iam::111111111111:role/orders-api-task",
      identityPolicies: [draft(allowAssumeAnyRole("111111111111"))],
      resourcePolicy: draft(
        json({
          Version: "2012-10-17",
          Statement: [{ Sid: "EcsTasksOnly", Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      ),
    }),
  },
  {
    id: "cross-account",
    title: "Cross-account role",
    description:
      "A CI build in account 111111111111 assumes the deploy role in 222222222222. Both sides must agree: the caller's identity policy allows the call, and the role's trust policy names the ci role and requires the external ID. Delete the sts:ExternalId context row and evaluate again to see the trust policy's condition fail.",
    expected: "allowed",
    form: () => ({
      ...emptyForm(),
      principal: "arn:aws:sts::111111111111:assumed-role/ci/build-42",
      action: "sts:AssumeRole",
      resource: "arn:aws:iam::222222222222:role/deploy",
      context: [contextRow("sts:ExternalId", "ci-7f3a9b")],
      identityPolicies: [
        draft(
          json({
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeDeployRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/deploy" }],
          }),
        ),
      ],
      resourcePolicy: draft(
        json({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "TrustCiWithExternalId",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:role/ci" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "sts:ExternalId": "ci-7f3a9b" } },
            },
          ],
        }),
      ),
    }),
  },
  {
    id: "boundary",
    title: "Boundary lacks sts:AssumeRole",
    description:
      "The trust policy trusts the whole account, which hands the decision to the caller's own policies. The identity policy allows sts:AssumeRole, but the permissions boundary allows only S3 and EC2, and a boundary caps what identity policies can grant.",
    expected: "implicitDeny",
    form: () => ({
      ...emptyForm(),
      principal: "arn:aws:iam::111111111111:user/sam",
      action: "sts:AssumeRole",
      resource: "arn:aws:iam::111111111111:role/reporting",
      identityPolicies: [draft(allowAssumeAnyRole("111111111111"))],
      resourcePolicy: draft(
        json({
          Version: "2012-10-17",
          Statement: [{ Sid: "TrustAccount", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }],
        }),
      ),
      permissionBoundary: draft(
        json({
          Version: "2012-10-17",
          Statement: [{ Sid: "StorageAndComputeOnly", Effect: "Allow", Action: ["s3:*", "ec2:*"], Resource: "*" }],
        }),
      ),
    }),
  },
  {
    id: "scp-region",
    title: "SCP denies a region",
    description:
      "An administrator writes to S3 in eu-central-1. Every SCP level allows everything (FullAWSAccess), but the workloads OU also denies all but global services outside us-east-1 and eu-west-1. An explicit Deny in any SCP wins over every Allow. Change aws:RequestedRegion to eu-west-1 to see it allowed.",
    expected: "explicitDeny",
    form: () => ({
      ...emptyForm(),
      principal: "arn:aws:iam::111111111111:user/ana",
      action: "s3:PutObject",
      resource: "arn:aws:s3:::rolecall-reports/2025/q3.csv",
      resourceAccount: "111111111111",
      context: [contextRow("aws:RequestedRegion", "eu-central-1")],
      identityPolicies: [draft(json({ Version: "2012-10-17", Statement: [{ Sid: "AdministratorAccess", Effect: "Allow", Action: "*", Resource: "*" }] }))],
      scps: [
        level([fullAwsAccess]),
        level([
          fullAwsAccess,
          json({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyOutsideApprovedRegions",
                Effect: "Deny",
                NotAction: ["cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*", "budgets:*", "health:*"],
                Resource: "*",
                Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } },
              },
            ],
          }),
        ]),
      ],
    }),
  },
];

export function exampleById(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
