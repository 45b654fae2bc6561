// Test support: an organization of four accounts in moto, for the multi-account tests
// (lib/account/aws-org.test.ts) and the header's e2e test (e2e/org-server.ts):
//
//   hub (management, 123456789012 in moto): the user `dashboard`, RoleCall's own identity
//   dev  (member, OU workloads): rolecall-reader; the user alice, allowed to assume prod's deploy
//   prod (member, OU workloads): rolecall-reader; the role deploy, trusting dev's alice and
//        sandbox's bob; the role locked, trusting only its own account; an SCP at its level that
//        denies leaving the organization
//   sandbox (member): no reader role (the proxy refuses its ARN, as AWS would: moto assumes any)
//        and the user bob, allowed to assume prod's deploy
//
// Every member's IAM is written through OrganizationAccountAccessRole, as an administrator would.

import * as iam from "@aws-sdk/client-iam";
import * as orgs from "@aws-sdk/client-organizations";
import * as ec2 from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

export const REGION = "us-east-1";
const ADMIN = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export interface SeededOrg {
  hub: string;
  dev: string;
  prod: string;
  sandbox: string;
  orgId: string;
  /** RoleCall's own credentials (the hub's user `dashboard`) */
  dashboard: { accessKeyId: string; secretAccessKey: string };
  dashboardArn: string;
  readerArn: (account: string) => string;
  /** prod's STS interface endpoint: its policy denies sts:AssumeRole on deploy */
  prodVpce: string;
}

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export async function seedOrganization(endpoint: string): Promise<SeededOrg> {
  const cfg = (credentials: Creds = ADMIN) => ({ endpoint, region: REGION, credentials, maxAttempts: 1 });
  const sts = new STSClient(cfg());
  const org = new orgs.OrganizationsClient(cfg());
  const hubIam = new iam.IAMClient(cfg());
  const hub = (await sts.send(new GetCallerIdentityCommand({}))).Account!;

  const orgId = (await org.send(new orgs.CreateOrganizationCommand({ FeatureSet: "ALL" }))).Organization!.Id!;
  const rootId = (await org.send(new orgs.ListRootsCommand({}))).Roots![0]!.Id!;
  await org.send(new orgs.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: "SERVICE_CONTROL_POLICY" }));
  const ou = (await org.send(new orgs.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "workloads" }))).OrganizationalUnit!.Id!;
  const account = async (name: string, parent: string) => {
    const id = (await org.send(new orgs.CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
    if (parent !== rootId) await org.send(new orgs.MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parent }));
    return id;
  };
  const dev = await account("dev", ou);
  const prod = await account("prod", ou);
  const sandbox = await account("sandbox", rootId);
  const scp = await org.send(new orgs.CreatePolicyCommand({ Name: "deny-leave", Description: "deny-leave", Type: "SERVICE_CONTROL_POLICY", Content: doc([{ Sid: "DenyLeave", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }]) }));
  await org.send(new orgs.AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: prod }));

  // RoleCall's own identity: the user dashboard in the hub
  await hubIam.send(new iam.CreateUserCommand({ UserName: "dashboard" }));
  await hubIam.send(new iam.PutUserPolicyCommand({ UserName: "dashboard", PolicyName: "read", PolicyDocument: doc([{ Effect: "Allow", Action: ["iam:Get*", "iam:List*", "organizations:Describe*", "organizations:List*", "sts:AssumeRole"], Resource: "*" }]) }));
  const key = (await hubIam.send(new iam.CreateAccessKeyCommand({ UserName: "dashboard" }))).AccessKey!;
  const dashboard = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const dashboardArn = `arn:aws:iam::${hub}:user/dashboard`;
  const readerArn = (a: string) => `arn:aws:iam::${a}:role/rolecall-reader`;

  const memberCreds = async (a: string) => {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${a}:role/OrganizationAccountAccessRole`, RoleSessionName: "seed" }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  };
  const memberIam = async (a: string) => new iam.IAMClient(cfg(await memberCreds(a)));
  const reader = async (client: iam.IAMClient) => {
    await client.send(new iam.CreateRoleCommand({ RoleName: "rolecall-reader", AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { AWS: dashboardArn }, Action: "sts:AssumeRole" }]) }));
    await client.send(new iam.AttachRolePolicyCommand({ RoleName: "rolecall-reader", PolicyArn: "arn:aws:iam::aws:policy/SecurityAudit" }));
  };
  const deployArn = `arn:aws:iam::${prod}:role/deploy`;

  const devIam = await memberIam(dev);
  await reader(devIam);
  await devIam.send(new iam.CreateUserCommand({ UserName: "alice" }));
  await devIam.send(new iam.PutUserPolicyCommand({ UserName: "alice", PolicyName: "assume-deploy", PolicyDocument: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: deployArn }]) }));

  const prodIam = await memberIam(prod);
  await reader(prodIam);
  await prodIam.send(
    new iam.CreateRoleCommand({
      RoleName: "deploy",
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${dev}:user/alice`, `arn:aws:iam::${sandbox}:user/bob`] }, Action: "sts:AssumeRole" }]),
    }),
  );
  // prod's STS interface endpoint, whose policy denies assuming deploy through it
  const prodEc2 = new ec2.EC2Client(cfg(await memberCreds(prod)));
  const vpc = (await prodEc2.send(new ec2.CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
  const vpce = (
    await prodEc2.send(
      new ec2.CreateVpcEndpointCommand({
        VpcId: vpc,
        VpcEndpointType: "Interface",
        ServiceName: `com.amazonaws.${REGION}.sts`,
        PolicyDocument: doc([
          { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" },
          { Sid: "NoDeployHere", Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: deployArn },
        ]),
      }),
    )
  ).VpcEndpoint!.VpcEndpointId!;
  prodEc2.destroy();
  await prodIam.send(new iam.CreateRoleCommand({ RoleName: "locked", AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${prod}:root` }, Action: "sts:AssumeRole" }]) }));

  const sandboxIam = await memberIam(sandbox);
  await sandboxIam.send(new iam.CreateUserCommand({ UserName: "bob" }));
  await sandboxIam.send(new iam.PutUserPolicyCommand({ UserName: "bob", PolicyName: "assume-deploy", PolicyDocument: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: deployArn }]) }));

  for (const c of [sts, org, hubIam, devIam, prodIam, sandboxIam]) c.destroy();
  return { hub, dev, prod, sandbox, orgId, dashboard, dashboardArn, readerArn, prodVpce: vpce };
}
