// The built-in workload: an organization where developers in account 111111111111 assume roles
// in account 222222222222, written as POST /api/evaluate bodies (shared/API.md) so that the
// built-in benchmark and `--workload FILE` go through the same code.
//
// Policy set: a trust policy (account principal + MFA + aws:PrincipalOrgID; services with
// aws:SourceAccount), four identity policies with wildcards, a NotAction statement and one
// conditional explicit Deny, a permissions boundary, and two SCP levels (FullAWSAccess at the
// root; FullAWSAccess plus a region deny at the OU).

import type { EvaluateBody } from "./workload";

type Doc = Record<string, unknown>;
type StatementDoc = Record<string, unknown>;

export const ORG_ID = "o-a1b2c3d4e5";
const DEV = "111111111111";
const TARGET = "222222222222";
const OUTSIDER = "999999999999";

const doc = (...statements: StatementDoc[]): Doc => ({ Version: "2012-10-17", Statement: statements });

export const trustPolicy: Doc = doc(
  {
    Sid: "DevelopersWithMfaInOrg",
    Effect: "Allow",
    Principal: { AWS: [`arn:aws:iam::${DEV}:root`, `arn:aws:iam::${TARGET}:root`] },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
      Bool: { "aws:MultiFactorAuthPresent": "true" },
      StringEquals: { "aws:PrincipalOrgID": ORG_ID },
    },
  },
  {
    Sid: "ServicesOfThisAccount",
    Effect: "Allow",
    Principal: { Service: ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"] },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": TARGET } },
  },
);

/** The identity statements of the four identity policies, policy by policy. */
export const identityStatements: StatementDoc[][] = [
  [
    {
      Sid: "AssumeDevAndCiRoles",
      Effect: "Allow",
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Resource: ["arn:aws:iam::*:role/dev-*", "arn:aws:iam::*:role/ci/*"],
    },
    { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*", "sts:GetCallerIdentity"], Resource: "*" },
  ],
  [
    {
      Sid: "ReadArtifacts",
      Effect: "Allow",
      Action: ["s3:Get*", "s3:List*"],
      Resource: ["arn:aws:s3:::app-*-artifacts", "arn:aws:s3:::app-*-artifacts/*"],
    },
    { Sid: "WriteOwnPrefix", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::app-*-artifacts/${aws:username}/*" },
  ],
  [
    {
      Sid: "AppTables",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGet*", "dynamodb:Scan"],
      Resource: [`arn:aws:dynamodb:*:${DEV}:table/app-*`, `arn:aws:dynamodb:*:${DEV}:table/app-*/index/*`],
    },
    { Sid: "DescribeTables", Effect: "Allow", Action: ["dynamodb:ListTables", "dynamodb:Describe*"], Resource: "*" },
  ],
  [
    {
      Sid: "PowerUserWithoutIamOrRoles",
      Effect: "Allow",
      NotAction: ["iam:*", "organizations:*", "account:*", "sts:AssumeRole*"],
      Resource: "*",
    },
    {
      Sid: "DenyOutsideCorporateNetwork",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"] },
        BoolIfExists: { "aws:ViaAWSService": "false" },
      },
    },
  ],
];

export const identityPolicies = (statements: StatementDoc[][] = identityStatements): Doc[] => statements.map((s) => doc(...s));

export const permissionBoundary: Doc = doc(
  { Sid: "AssumeDevRolesOnly", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "arn:aws:iam::*:role/dev-*" },
  { Sid: "DataServices", Effect: "Allow", Action: ["s3:*", "dynamodb:*", "logs:*", "cloudwatch:*"], Resource: "*" },
  { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*", "sts:GetCallerIdentity"], Resource: "*" },
);

const fullAwsAccess: Doc = doc({ Sid: "FullAWSAccess", Effect: "Allow", Action: "*", Resource: "*" });

const regionDeny: Doc = doc({
  Sid: "DenyOutsideApprovedRegions",
  Effect: "Deny",
  NotAction: ["iam:*", "organizations:*", "route53:*", "cloudfront:*", "support:*", "budgets:*", "sts:GetCallerIdentity"],
  Resource: "*",
  Condition: {
    StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] },
    ArnNotLike: { "aws:PrincipalARN": "arn:aws:iam::*:role/OrgAdmin" },
  },
});

/** Root level, then the OU the developer account sits in. */
export const scps: Doc[][] = [[fullAwsAccess], [fullAwsAccess, regionDeny]];

// --- the requests ------------------------------------------------------------------------------

type Context = NonNullable<EvaluateBody["context"]>;

const humans = [
  `arn:aws:iam::${DEV}:user/alice`,
  `arn:aws:iam::${DEV}:user/engineering/bob`,
  `arn:aws:iam::${DEV}:user/carol`,
  `arn:aws:sts::${DEV}:assumed-role/developer/dave@example.com`,
  `arn:aws:iam::${DEV}:role/ci-runner`,
  `arn:aws:sts::${DEV}:assumed-role/OrgAdmin/break-glass`,
  `arn:aws:iam::${TARGET}:user/ops`,
  `arn:aws:iam::${OUTSIDER}:user/mallory`,
];

const roles = ["dev-deploy", "dev-readonly", "ci/build", "dev-data", "prod-admin", "dev-admin"].map((r) => `arn:aws:iam::${TARGET}:role/${r}`);

/** Context variants; the good one is listed often so that about half the requests can be allowed. */
const contexts: Array<(i: number) => Context> = [
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `10.1.${i}.7`, "aws:RequestedRegion": "us-east-1" }),
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `192.0.2.${i}`, "aws:RequestedRegion": "eu-west-1" }),
  (i) => ({ "aws:MultiFactorAuthPresent": "false", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `10.2.${i}.1`, "aws:RequestedRegion": "us-east-1" }),
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `10.3.0.${i}`, "aws:RequestedRegion": "eu-west-1", "aws:PrincipalTag/team": ["web", "data"] }),
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `198.51.100.${i}`, "aws:RequestedRegion": "us-east-1" }),
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `10.4.${i}.9`, "aws:RequestedRegion": "ap-southeast-2" }),
  (i) => ({ "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `10.5.${i}.3`, "aws:RequestedRegion": "us-east-1" }),
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": "o-zzzzzzzzzz", "aws:SourceIp": `10.6.${i}.2`, "aws:RequestedRegion": "us-east-1" }),
  (i) => ({ "aws:MultiFactorAuthPresent": "true", "aws:PrincipalOrgID": ORG_ID, "aws:SourceIp": `10.7.${i}.5`, "aws:RequestedRegion": "us-east-1", "aws:ViaAWSService": "false" }),
];

const services: Array<{ principal: string; role: string; context: Context }> = [
  { principal: "ecs-tasks.amazonaws.com", role: "dev-deploy", context: { "aws:SourceAccount": TARGET, "aws:SourceArn": `arn:aws:ecs:us-east-1:${TARGET}:task/app/1` } },
  { principal: "lambda.amazonaws.com", role: "dev-data", context: { "aws:SourceAccount": TARGET } },
  { principal: "lambda.amazonaws.com", role: "dev-data", context: { "aws:SourceAccount": "333333333333" } },
  { principal: "ec2.amazonaws.com", role: "dev-readonly", context: { "aws:SourceAccount": TARGET } },
  { principal: "ecs-tasks.amazonaws.com", role: "prod-admin", context: {} },
  { principal: "lambda.amazonaws.com", role: "ci/build", context: { "aws:SourceAccount": TARGET } },
];

/** The policies every request of the built-in workload carries. */
export interface PolicySetDocs {
  trust: Doc;
  identity: Doc[];
  boundary: Doc;
  scps: Doc[][];
}

export const workloadPolicies: PolicySetDocs = { trust: trustPolicy, identity: identityPolicies(), boundary: permissionBoundary, scps };

/** ~50 distinct sts:AssumeRole requests: different principals, roles and context values. */
export function assumeRoleBodies(policies: PolicySetDocs = workloadPolicies, count = 50): EvaluateBody[] {
  const bodies: EvaluateBody[] = [];
  const humanCount = count - services.length;
  for (let i = 0; i < humanCount; i++) {
    const principal = humans[i % humans.length]!;
    const role = roles[Math.floor(i / 2 + i * 3) % roles.length]!;
    const context = contexts[(i * 5 + Math.floor(i / 9)) % contexts.length]!(i + 1);
    bodies.push(body(principal, role, context, policies));
  }
  for (const s of services) bodies.push(body(s.principal, `arn:aws:iam::${TARGET}:role/${s.role}`, s.context, policies));
  return bodies;
}

function body(principal: string, resource: string, context: Context, p: PolicySetDocs): EvaluateBody {
  return {
    principal,
    action: "sts:AssumeRole",
    resource,
    context,
    resourcePolicy: p.trust,
    identityPolicies: p.identity,
    permissionBoundary: p.boundary,
    scps: p.scps,
  };
}

// --- scaling: the same shape with more identity statements --------------------------------------

/**
 * Filler statements in the style of real policies: mostly other services (rejected on the
 * action), some sts:AssumeRole on roles the requests never name (matched against the resource),
 * some with conditions, an occasional NotAction and Deny. None applies to the requests, so
 * every size gives the same decisions.
 */
function filler(k: number): StatementDoc {
  switch (k % 8) {
    case 0:
      return { Sid: `AssumeTeam${k}`, Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::*:role/team${k}-*` };
    case 1:
      return { Sid: `Bucket${k}`, Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject*"], Resource: `arn:aws:s3:::bucket-${k}-*/*` };
    case 2:
      return { Sid: `Queue${k}`, Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: `arn:aws:sqs:*:${DEV}:queue-${k}-*` };
    case 3:
      return {
        Sid: `AssumeShared${k}`,
        Effect: "Allow",
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Resource: `arn:aws:iam::33333333${String(k % 10000).padStart(4, "0")}:role/shared-*`,
        Condition: { StringLike: { "aws:PrincipalTag/team": `team-${k}*` } },
      };
    case 4:
      return { Sid: `Logs${k}`, Effect: "Allow", Action: "logs:*", Resource: `arn:aws:logs:*:${DEV}:log-group:/app/${k}/*` };
    case 5:
      return {
        Sid: `DenyKms${k}`,
        Effect: "Deny",
        Action: ["kms:ScheduleKeyDeletion", "kms:DisableKey"],
        Resource: "*",
        Condition: { StringNotEquals: { "aws:PrincipalTag/role": "security" } },
      };
    case 6:
      return { Sid: `NotIam${k}`, Effect: "Allow", NotAction: ["iam:*", "sts:*", `ec2:*Vpc${k}*`], Resource: `arn:aws:ec2:*:${DEV}:instance/i-${k}*` };
    default:
      return { Sid: `Lambda${k}`, Effect: "Allow", Action: ["lambda:InvokeFunction", "lambda:Get*"], Resource: `arn:aws:lambda:*:${DEV}:function:fn-${k}-*` };
  }
}

export const baseIdentityStatementCount = identityStatements.reduce((n, p) => n + p.length, 0);

/** The workload's policy set with `total` identity statements, spread over the four policies. */
export function scaledPolicies(total: number): PolicySetDocs {
  if (total < baseIdentityStatementCount) throw new Error(`at least ${baseIdentityStatementCount} identity statements`);
  const statements = identityStatements.map((p) => [...p]);
  for (let k = 0; k < total - baseIdentityStatementCount; k++) statements[k % statements.length]!.push(filler(k));
  return { ...workloadPolicies, identity: identityPolicies(statements) };
}

/** Every policy document of a set, with the kind it is compiled as. */
export function policyDocsOf(p: PolicySetDocs): Array<{ doc: Doc; kind: "trust" | "identity" | "permissionBoundary" | "scp" }> {
  return [
    { doc: p.trust, kind: "trust" },
    ...p.identity.map((d) => ({ doc: d, kind: "identity" as const })),
    { doc: p.boundary, kind: "permissionBoundary" },
    ...p.scps.flat().map((d) => ({ doc: d, kind: "scp" as const })),
  ];
}

export function statementCount(d: Doc): number {
  const s = d.Statement;
  return Array.isArray(s) ? s.length : 1;
}

/** A statement of a service other than STS: it cannot match an sts:AssumeRole request. */
function otherService(k: number): StatementDoc {
  switch (k % 5) {
    case 0:
      return { Sid: `Objects${k}`, Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject*"], Resource: `arn:aws:s3:::data-${k}-*/*` };
    case 1:
      return { Sid: `Queue${k}`, Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage"], Resource: `arn:aws:sqs:*:${DEV}:q-${k}-*` };
    case 2:
      return { Sid: `Table${k}`, Effect: "Allow", Action: "dynamodb:*", Resource: `arn:aws:dynamodb:us-east-1:${DEV}:table/t${k}`, Condition: { StringEquals: { "aws:PrincipalTag/team": `t${k}` } } };
    case 3:
      return { Sid: `NoTerminate${k}`, Effect: "Deny", Action: "ec2:TerminateInstances", Resource: "*", Condition: { StringNotEquals: { "aws:ResourceTag/owner": "${aws:username}" } } };
    default:
      return { Sid: `Keys${k}`, Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: `arn:aws:kms:*:${DEV}:key/*`, Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } } };
  }
}

/**
 * The workload's policies with `total` identity statements of which only the base ones can match
 * sts:AssumeRole: the rest are other services' (bench section b2, the service-prefix index).
 */
export function otherServicePolicies(total: number): PolicySetDocs {
  const statements = identityStatements.map((p) => [...p]);
  for (let k = 0; k < total - baseIdentityStatementCount; k++) statements[k % statements.length]!.push(otherService(k));
  return { ...workloadPolicies, identity: identityPolicies(statements) };
}
