// A synthetic `aws iam get-account-authorization-details` snapshot of one large account, for the
// account-model benchmark (bench/account.ts) and its test (bench/synthetic.test.ts). Deterministic
// (seeded), written at bench time, never committed.
//
// What it looks like (fractions of the roles; names say which is which, e.g. `payments-acct-0042`):
//   acct     trusts the account's root (sts:AssumeRole delegated to identity policies) — MFA,
//            PrincipalTag or no condition. The expensive case for who-can-assume: every principal
//            of the account is evaluated in full.
//   named    names 1–4 roles/users of the account (some with aws:SourceIp / MFA conditions)
//   ext      trusts another (not loaded) account's root with sts:ExternalId
//   svc      an AWS service (EC2 with or without an instance profile, Lambda, ECS tasks with
//            aws:SourceAccount, Glue, Step Functions, …)
//   oidc     GitHub Actions OIDC with sub/aud conditions (sts:AssumeRoleWithWebIdentity)
//   mixed    a service, a named role, a deleted principal's unique ID and the root with MFA
//   org      "*" limited by aws:PrincipalOrgID — every principal anywhere is evaluated
//   slr      service-linked roles under /aws-service-role/
// Every role has 2–4 inline policies (2–5 statements each: wildcards in actions and resources,
// conditions, an occasional Deny), 0–3 attached managed policies, tags, and ~10% a permissions
// boundary. Users have 1–3 groups, 0–2 inline and 0–2 attached policies; groups grant
// sts:AssumeRole on their team's roles (some with MFA). Managed policies have 1–3 versions (one
// default); ~4% are AWS managed policies included with a document, as the CLI prints those that
// are attached.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type TrustKind = "acct" | "named" | "ext" | "svc" | "oidc" | "mixed" | "org" | "slr";

export interface SyntheticOptions {
  roles: number;
  users: number;
  /** managed policies (customer managed, plus ~4% AWS managed) */
  policies: number;
  /** default: users / 40, at least 4 */
  groups?: number;
  account?: string;
  seed?: number;
  /** "decoded" as the AWS CLI prints documents; "url-encoded" as the raw API (and SDKs) return them */
  encoding?: "decoded" | "url-encoded";
  /** reference these AWS managed policies by ARN only (the loader resolves them from the bundled package) */
  awsManagedByArnOnly?: string[];
  /** also write an Organization file (org ID, 3 SCP levels, an RCP): without it SCPs/RCPs are unknown */
  organization?: boolean;
}

export interface SyntheticSnapshot {
  /** the get-account-authorization-details document */
  details: Record<string, unknown>;
  /** the Organization file, when asked for */
  organization?: Record<string, unknown>;
  account: string;
  /** role ARN → what its trust policy names */
  trustKinds: Map<string, TrustKind>;
  counts: { users: number; groups: number; roles: number; policies: number; awsManaged: number };
}

export const SYNTHETIC_ACCOUNT = "100000000001";
const EXTERNAL_ACCOUNTS = ["200000000002", "300000000003", "400000000004", "999988887777"];
export const SYNTHETIC_ORG = "o-synth00001";

const TEAMS = ["payments", "orders", "search", "identity", "data", "platform", "ml", "mobile", "web", "billing", "growth", "infra", "security", "support", "catalog", "shipping", "fraud", "reporting", "messaging", "media"];
const PURPOSES = ["api", "worker", "etl", "deploy", "reader", "admin", "ops", "batch", "stream", "cron", "sync", "export"];
const SERVICES_ACTIONS = [
  ["s3:GetObject", "s3:PutObject", "s3:List*", "s3:GetBucketLocation"],
  ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchGet*"],
  ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueue*"],
  ["sns:Publish", "sns:Subscribe"],
  ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
  ["kms:Decrypt", "kms:GenerateDataKey*"],
  ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
  ["ssm:GetParameter*"],
  ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
  ["cloudwatch:PutMetricData", "cloudwatch:Get*", "cloudwatch:List*"],
  ["lambda:InvokeFunction"],
  ["states:StartExecution", "states:Describe*"],
  ["glue:Get*", "glue:StartJobRun"],
  ["athena:StartQueryExecution", "athena:GetQuery*"],
  ["ec2:Describe*"],
];
const AWS_MANAGED = [
  "ReadOnlyAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonDynamoDBReadOnlyAccess",
  "CloudWatchReadOnlyAccess",
  "job-function/ViewOnlyAccess",
  "service-role/AWSLambdaBasicExecutionRole",
  "service-role/AmazonECSTaskExecutionRolePolicy",
  "AmazonSSMReadOnlyAccess",
  "SecurityAudit",
  "PowerUserAccess",
  "AmazonSQSFullAccess",
  "AWSXrayWriteOnlyAccess",
  "CloudWatchAgentServerPolicy",
  "AmazonEC2ContainerRegistryReadOnly",
  "AWSGlueConsoleFullAccess",
  "AmazonAthenaFullAccess",
  "AmazonSNSReadOnlyAccess",
  "AWSStepFunctionsReadOnlyAccess",
  "IAMReadOnlyAccess",
  "AmazonKinesisReadOnlyAccess",
];

/** mulberry32: a small, fast, seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  const id = (prefix: string) => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let s = prefix;
    for (let i = 0; i < 17; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  return { next, int, pick, chance, id };
}
type Rng = ReturnType<typeof rng>;

type Doc = Record<string, unknown>;
type Stmt = Record<string, unknown>;

const pad = (n: number, width = 4) => String(n).padStart(width, "0");
const date = (r: Rng) => `20${r.int(19, 25)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}+00:00`;

/** Which kind of trust policy role number i gets (cumulative fractions). */
function trustKindOf(r: Rng): TrustKind {
  const x = r.next();
  if (x < 0.15) return "acct";
  if (x < 0.45) return "named";
  if (x < 0.53) return "ext";
  if (x < 0.85) return "svc";
  if (x < 0.9) return "oidc";
  if (x < 0.96) return "mixed";
  if (x < 0.97) return "org";
  return "slr";
}

export function syntheticSnapshot(o: SyntheticOptions): SyntheticSnapshot {
  const r = rng(o.seed ?? 20261122);
  const account = o.account ?? SYNTHETIC_ACCOUNT;
  const encode = o.encoding === "url-encoded" ? (d: Doc): unknown => encodeURIComponent(JSON.stringify(d)) : (d: Doc): unknown => d;
  const arn = (resource: string) => `arn:aws:iam::${account}:${resource}`;
  const nGroups = o.groups ?? Math.max(4, Math.round(o.users / 40));
  const region = () => r.pick(["us-east-1", "us-east-1", "eu-west-1", "us-west-2"]);

  // --- names first, so that trust and identity policies can point at real principals ---------
  const kinds: TrustKind[] = Array.from({ length: o.roles }, () => trustKindOf(r));
  const roleNames = kinds.map((kind, i) => {
    const team = TEAMS[i % TEAMS.length]!;
    if (kind === "slr") return { name: `AWSServiceRoleFor${r.pick(["ECS", "RDS", "Support", "TrustedAdvisor", "ElasticLoadBalancing", "AutoScaling"])}_${pad(i, 5)}`, path: `/aws-service-role/${r.pick(["ecs", "rds", "support", "elasticloadbalancing"])}.amazonaws.com/`, team };
    return { name: `${team}-${kind}-${r.pick(PURPOSES)}-${pad(i, 5)}`, path: r.chance(0.3) ? `/${team}/` : "/", team };
  });
  const roleArn = (i: number) => arn(`role${roleNames[i]!.path}${roleNames[i]!.name}`);
  const userNames = Array.from({ length: o.users }, (_, i) => {
    const team = TEAMS[i % TEAMS.length]!;
    return { name: `${team}.user${pad(i, 5)}`, path: r.chance(0.2) ? `/${r.pick(["contractors", "service", team])}/` : "/", team };
  });
  const userArn = (i: number) => arn(`user${userNames[i]!.path}${userNames[i]!.name}`);
  const groupNames = Array.from({ length: nGroups }, (_, i) => ({ name: `${TEAMS[i % TEAMS.length]}-${["developers", "oncall", "readers", "admins"][Math.floor(i / TEAMS.length) % 4]}${i >= TEAMS.length * 4 ? `-${i}` : ""}`, team: TEAMS[i % TEAMS.length]! }));

  const nAws = Math.min(AWS_MANAGED.length, Math.max(1, Math.round(o.policies * 0.04)));
  const nCustomer = Math.max(0, o.policies - nAws);
  const customerArns = Array.from({ length: nCustomer }, (_, i) => arn(`policy/${r.chance(0.4) ? `${TEAMS[i % TEAMS.length]}/` : ""}${TEAMS[i % TEAMS.length]}-${r.pick(PURPOSES)}-access-${pad(i)}`));
  const awsArns = AWS_MANAGED.slice(0, nAws).map((n) => `arn:aws:iam::aws:policy/${n}`);
  const attachable = [...customerArns, ...awsArns];
  const byArnOnly = o.awsManagedByArnOnly ?? [];
  const boundaryArns = customerArns.slice(0, Math.max(1, Math.min(5, customerArns.length)));

  // --- documents -----------------------------------------------------------------------------
  const resourcesFor = (actions: string[], team: string): string[] => {
    const svc = actions[0]!.split(":")[0]!;
    switch (svc) {
      case "s3":
        return [`arn:aws:s3:::${team}-${r.pick(["data", "artifacts", "logs", "exports"])}-${r.int(1, 40)}`, `arn:aws:s3:::${team}-${r.pick(["data", "artifacts"])}-*/*`];
      case "dynamodb":
        return [`arn:aws:dynamodb:*:${account}:table/${team}-*`, `arn:aws:dynamodb:*:${account}:table/${team}-*/index/*`];
      case "sqs":
      case "sns":
        return [`arn:aws:${svc}:${region()}:${account}:${team}-*`];
      case "logs":
        return [`arn:aws:logs:*:${account}:log-group:/aws/${r.pick(["lambda", "ecs", "glue"])}/${team}-*`, `arn:aws:logs:*:${account}:log-group:/aws/${r.pick(["lambda", "ecs"])}/${team}-*:log-stream:*`];
      case "kms":
        return [`arn:aws:kms:${region()}:${account}:key/${r.id("").toLowerCase().slice(0, 8)}-${r.int(1000, 9999)}-4${r.int(100, 999)}-a${r.int(100, 999)}-${r.id("").toLowerCase().slice(0, 12)}`];
      case "secretsmanager":
        return [`arn:aws:secretsmanager:*:${account}:secret:${team}/*`];
      case "ssm":
        return [`arn:aws:ssm:*:${account}:parameter/${team}/*`];
      case "lambda":
        return [`arn:aws:lambda:${region()}:${account}:function:${team}-*`];
      case "states":
        return [`arn:aws:states:*:${account}:stateMachine:${team}-*`];
      default:
        return ["*"];
    }
  };
  const condition = (): Record<string, unknown> | undefined => {
    const x = r.next();
    if (x < 0.55) return undefined;
    if (x < 0.7) return { StringEquals: { "aws:RequestedRegion": [region(), "eu-west-1"] } };
    if (x < 0.8) return { StringEquals: { "aws:ResourceTag/team": r.pick(TEAMS) } };
    if (x < 0.88) return { Bool: { "aws:SecureTransport": "true" } };
    if (x < 0.94) return { StringLike: { "s3:prefix": [`${r.pick(TEAMS)}/*`, "shared/*"] } };
    return { StringEquals: { "kms:ViaService": `s3.${region()}.amazonaws.com` } };
  };
  const statement = (team: string, i: number): Stmt => {
    const x = r.next();
    if (x < 0.06) {
      // a guard-rail Deny
      return { Sid: `DenyOutsideRegions${i}`, Effect: "Deny", NotAction: ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } };
    }
    if (x < 0.12) {
      return { Sid: `AssumeTeamRoles${i}`, Effect: "Allow", Action: "sts:AssumeRole", Resource: [arn(`role/${team}-*`), arn(`role/${team}/*`)] };
    }
    const actions = r.pick(SERVICES_ACTIONS);
    const s: Stmt = { Sid: `S${i}${actions[0]!.split(":")[0]!.replace(/[^a-z0-9]/gi, "")}`, Effect: "Allow", Action: r.chance(0.15) ? `${actions[0]!.split(":")[0]}:*` : actions.slice(0, r.int(1, actions.length)), Resource: resourcesFor(actions, team) };
    const c = condition();
    if (c) s.Condition = c;
    return s;
  };
  const identityDoc = (team: string, statements: number): Doc => ({ Version: "2012-10-17", Statement: Array.from({ length: statements }, (_, i) => statement(team, i)) });

  const trustDoc = (kind: TrustKind, i: number): Doc => {
    const stmts: Stmt[] = [];
    const team = roleNames[i]!.team;
    const assume = "sts:AssumeRole";
    const otherPrincipal = () => (r.chance(0.6) && o.roles > 1 ? roleArn(r.int(0, o.roles - 1)) : o.users > 0 ? userArn(r.int(0, o.users - 1)) : arn("root"));
    switch (kind) {
      case "acct": {
        const s: Stmt = { Sid: "AccountPrincipals", Effect: "Allow", Principal: { AWS: arn("root") }, Action: r.chance(0.4) ? [assume, "sts:TagSession"] : assume };
        const x = r.next();
        if (x < 0.5) s.Condition = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
        else if (x < 0.75) s.Condition = { StringEquals: { "aws:PrincipalTag/team": team } };
        stmts.push(s);
        break;
      }
      case "named": {
        const n = r.int(1, 4);
        const s: Stmt = { Sid: "NamedPrincipals", Effect: "Allow", Principal: { AWS: n === 1 ? otherPrincipal() : Array.from({ length: n }, otherPrincipal) }, Action: assume };
        if (r.chance(0.2)) s.Condition = r.chance(0.5) ? { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } } : { Bool: { "aws:MultiFactorAuthPresent": "true" } };
        stmts.push(s);
        break;
      }
      case "ext":
        stmts.push({ Sid: "Vendor", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${r.pick(EXTERNAL_ACCOUNTS)}:root` }, Action: assume, Condition: { StringEquals: { "sts:ExternalId": `ext-${r.id("").slice(0, 10).toLowerCase()}` } } });
        break;
      case "svc": {
        const service = r.pick(["ec2.amazonaws.com", "ec2.amazonaws.com", "lambda.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "glue.amazonaws.com", "states.amazonaws.com", "events.amazonaws.com"]);
        const s: Stmt = { Effect: "Allow", Principal: { Service: service }, Action: assume };
        if (service === "ecs-tasks.amazonaws.com" || r.chance(0.2)) s.Condition = { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:aws:${service.split(".")[0]}:*:${account}:*` } };
        stmts.push(s);
        break;
      }
      case "oidc":
        stmts.push({
          Sid: "GitHubActions",
          Effect: "Allow",
          Principal: { Federated: arn("oidc-provider/token.actions.githubusercontent.com") },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": `repo:example-org/${team}-*:ref:refs/heads/main` } },
        });
        break;
      case "mixed":
        stmts.push({ Effect: "Allow", Principal: { Service: r.pick(["lambda.amazonaws.com", "ec2.amazonaws.com"]) }, Action: assume });
        stmts.push({ Sid: "Legacy", Effect: "Allow", Principal: { AWS: [r.id("AROA"), otherPrincipal()] }, Action: assume });
        stmts.push({ Sid: "BreakGlass", Effect: "Allow", Principal: { AWS: arn("root") }, Action: assume, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } });
        break;
      case "org":
        stmts.push({ Sid: "AnyoneInTheOrg", Effect: "Allow", Principal: { AWS: "*" }, Action: assume, Condition: { StringEquals: { "aws:PrincipalOrgID": SYNTHETIC_ORG } } });
        break;
      case "slr":
        stmts.push({ Effect: "Allow", Principal: { Service: roleNames[i]!.path.split("/")[2] }, Action: assume });
        break;
    }
    return { Version: "2012-10-17", Statement: stmts };
  };

  const attach = (max: number) => {
    const n = r.int(0, max);
    const seen = new Set<string>();
    for (let k = 0; k < n && attachable.length > 0; k++) seen.add(r.pick(attachable));
    if (byArnOnly.length > 0 && r.chance(0.05)) seen.add(r.pick(byArnOnly));
    return [...seen].map((a) => ({ PolicyName: a.split("/").pop()!, PolicyArn: a }));
  };
  const boundary = () => (boundaryArns.length > 0 && r.chance(0.1) ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: r.pick(boundaryArns) } } : {});
  const tags = (team: string) => [
    { Key: "team", Value: team },
    { Key: "env", Value: r.pick(["dev", "staging", "prod"]) },
    ...(r.chance(0.5) ? [{ Key: "cost-center", Value: `cc-${r.int(100, 999)}` }] : []),
  ];

  // --- the four lists ------------------------------------------------------------------------
  const trustKinds = new Map<string, TrustKind>();
  const RoleDetailList = roleNames.map((rn, i) => {
    const kind = kinds[i]!;
    const a = roleArn(i);
    trustKinds.set(a, kind);
    const trust = trustDoc(kind, i);
    const id = r.id("AROA");
    const created = date(r);
    const ec2 = kind === "svc" && JSON.stringify(trust).includes("ec2.amazonaws.com");
    const profile = ec2 && r.chance(0.85);
    return {
      Path: rn.path,
      RoleName: rn.name,
      RoleId: id,
      Arn: a,
      CreateDate: created,
      AssumeRolePolicyDocument: encode(trust),
      InstanceProfileList: profile
        ? [
            {
              Path: rn.path,
              InstanceProfileName: rn.name,
              InstanceProfileId: r.id("AIPA"),
              Arn: arn(`instance-profile${rn.path}${rn.name}`),
              CreateDate: created,
              Roles: [{ Path: rn.path, RoleName: rn.name, RoleId: id, Arn: a, CreateDate: created, AssumeRolePolicyDocument: encode(trust) }],
            },
          ]
        : [],
      RolePolicyList: kind === "slr" ? [] : Array.from({ length: r.int(2, 4) }, (_, k) => ({ PolicyName: `${rn.team}-${r.pick(PURPOSES)}-inline-${k}`, PolicyDocument: encode(identityDoc(rn.team, r.int(2, 5))) })),
      AttachedManagedPolicies: kind === "slr" ? [] : attach(3),
      ...(kind === "slr" ? {} : boundary()),
      Tags: kind === "slr" ? [] : tags(rn.team),
      RoleLastUsed: r.chance(0.7) ? { LastUsedDate: date(r), Region: region() } : {},
    };
  });

  const GroupDetailList = groupNames.map((g, i) => {
    const assume: Stmt = { Sid: "AssumeTeamRoles", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: [arn(`role/${g.team}-*`), arn(`role/${g.team}/*`)] };
    if (i % 3 === 1) assume.Condition = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
    return {
      Path: "/",
      GroupName: g.name,
      GroupId: r.id("AGPA"),
      Arn: arn(`group/${g.name}`),
      CreateDate: date(r),
      GroupPolicyList: [
        { PolicyName: `${g.name}-assume`, PolicyDocument: encode({ Version: "2012-10-17", Statement: [assume, ...(i % 5 === 4 ? [{ Sid: "NoProdAdmin", Effect: "Deny", Action: "sts:AssumeRole", Resource: arn("role/*-admin-*") }] : [])] }) },
        ...(r.chance(0.5) ? [{ PolicyName: `${g.name}-tools`, PolicyDocument: encode(identityDoc(g.team, r.int(2, 4))) }] : []),
      ],
      AttachedManagedPolicies: attach(3),
    };
  });

  const UserDetailList = userNames.map((u, i) => {
    const groups = new Set<string>();
    const own = groupNames.filter((g) => g.team === u.team);
    if (groupNames.length > 0) groups.add(r.pick(own.length > 0 ? own : groupNames).name);
    for (let k = r.int(0, 2); k > 0; k--) groups.add(r.pick(groupNames).name);
    return {
      Path: u.path,
      UserName: u.name,
      UserId: r.id("AIDA"),
      Arn: userArn(i),
      CreateDate: date(r),
      UserPolicyList: Array.from({ length: r.int(0, 2) }, (_, k) => ({ PolicyName: `${u.name}-inline-${k}`, PolicyDocument: encode(identityDoc(u.team, r.int(1, 4))) })),
      GroupList: [...groups],
      AttachedManagedPolicies: attach(2),
      ...boundary(),
      Tags: [{ Key: "team", Value: u.team }, ...(r.chance(0.3) ? [{ Key: "email", Value: `${u.name}@example.com` }] : [])],
    };
  });

  const policyEntry = (policyArn: string, i: number) => {
    const team = TEAMS[i % TEAMS.length]!;
    const versions = r.int(1, 3);
    const def = r.int(1, versions);
    const rest = policyArn.slice(policyArn.indexOf(":policy/") + ":policy".length);
    return {
      PolicyName: rest.slice(rest.lastIndexOf("/") + 1),
      PolicyId: r.id("ANPA"),
      Arn: policyArn,
      Path: rest.slice(0, rest.lastIndexOf("/") + 1),
      DefaultVersionId: `v${def}`,
      AttachmentCount: r.int(1, 40),
      PermissionsBoundaryUsageCount: boundaryArns.includes(policyArn) ? r.int(1, 20) : 0,
      IsAttachable: true,
      ...(r.chance(0.5) ? { Description: `Access for the ${team} team's ${r.pick(PURPOSES)} workloads` } : {}),
      CreateDate: date(r),
      UpdateDate: date(r),
      PolicyVersionList: Array.from({ length: versions }, (_, k) => ({
        Document: encode(boundaryArns.includes(policyArn) ? { Version: "2012-10-17", Statement: [{ Sid: "Boundary", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }, { Sid: "AssumeOwnTeam", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] } : identityDoc(team, r.int(3, 8))),
        VersionId: `v${versions - k}`,
        IsDefaultVersion: versions - k === def,
        CreateDate: date(r),
      })),
    };
  };
  const Policies = [...customerArns, ...awsArns].map(policyEntry);

  return {
    details: { UserDetailList, GroupDetailList, RoleDetailList, Policies, IsTruncated: false },
    organization: o.organization ? organizationFile(account) : undefined,
    account,
    trustKinds,
    counts: { users: o.users, groups: nGroups, roles: o.roles, policies: Policies.length, awsManaged: nAws },
  };
}

/** Root, OU and account levels of SCPs (FullAWSAccess plus guard rails) and one RCP, as in data/demo. */
function organizationFile(account: string): Record<string, unknown> {
  const full = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const deny = (sid: string, rest: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Deny", Resource: "*", ...rest }] });
  return {
    Organization: {
      Id: SYNTHETIC_ORG,
      Accounts: {
        [account]: {
          ServiceControlPolicies: [
            [full, deny("DenyLeaveOrganization", { Action: "organizations:LeaveOrganization" })],
            [full, deny("DenyOutsideApprovedRegions", { NotAction: ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*"], Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } })],
            [full, deny("DenyRootUser", { Action: "*", Condition: { StringLike: { "aws:PrincipalArn": `arn:aws:iam::${account}:root` } } })],
          ],
          ResourceControlPolicies: [[], [], [deny("EnforceOrgIdentities", { Principal: "*", Action: "sts:AssumeRole", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": SYNTHETIC_ORG }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } } })]],
        },
      },
    },
  };
}

/** What a synthetic role's trust policy names, read back from its name or path. */
export function kindOf(role: { name: string; path: string }): TrustKind {
  if (role.path.startsWith("/aws-service-role/")) return "slr";
  return role.name.split("-")[1] as TrustKind;
}

export interface WrittenSnapshot {
  snapshot: SyntheticSnapshot;
  file: string;
  bytes: number;
}

/** Write the snapshot as `iam.json` in `dir`, indented as the AWS CLI prints it (and `organization.json`). */
export async function writeSyntheticSnapshot(dir: string, o: SyntheticOptions): Promise<WrittenSnapshot> {
  const snapshot = syntheticSnapshot(o);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "iam.json");
  const text = JSON.stringify(snapshot.details, null, 4);
  await writeFile(file, text);
  let bytes = Buffer.byteLength(text);
  if (snapshot.organization) {
    const org = JSON.stringify(snapshot.organization, null, 2);
    await writeFile(path.join(dir, "organization.json"), org);
    bytes += Buffer.byteLength(org);
  }
  return { snapshot, file, bytes };
}
