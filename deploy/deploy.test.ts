// The reader role's templates (issue 12) stay exactly as narrow as the README says and as wide as
// the code needs: deploy/reader-policy.json is the source, deploy/rolecall-reader.yaml embeds it
// (a StackSet template must stand alone), deploy/terraform reads it, and README.md's policy for
// RoleCall's own identity holds every statement of it plus the hub's own reads. Each AWS call the
// aws source makes (lib/account/*.ts, lib/sessions/lookup.ts) must be allowed by them.

import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";

const root = path.join(__dirname, "..");
const read = (p: string) => readFileSync(path.join(root, p), "utf8");

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string;
}
interface PolicyDoc {
  Version: string;
  Statement: Statement[];
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const allActions = (d: PolicyDoc) => new Set(d.Statement.flatMap(actions));

const source = JSON.parse(read("deploy/reader-policy.json")) as PolicyDoc;

type Template = {
  Resources: { ReaderRole: { Properties: { Policies: Array<{ PolicyDocument: PolicyDoc }>; AssumeRolePolicyDocument: { Statement: Array<Record<string, unknown>> }; MaxSessionDuration: number } } };
  Parameters: Record<string, unknown>;
};
const template = yaml.load(read("deploy/rolecall-reader.yaml")) as Template;

/** The first ```json block after the README's "The IAM permissions RoleCall needs" heading. */
function readmePolicy(): PolicyDoc {
  const text = read("README.md");
  const at = text.indexOf("### The IAM permissions RoleCall needs");
  expect(at).toBeGreaterThan(0);
  const block = /```json\n([\s\S]*?)```/.exec(text.slice(at));
  return JSON.parse(block![1]!) as PolicyDoc;
}

/** The IAM actions of the SDK commands a file imports from one client, e.g. GetRoleCommand → iam:GetRole. */
function commandsOf(file: string, client: string, prefix: string): string[] {
  const text = read(file);
  const imports = [...text.matchAll(new RegExp(`import \\{([^}]*)\\} from "@aws-sdk/client-${client}"`, "g"))].map((m) => m[1]!).join(",");
  return [...imports.matchAll(/\b(\w+)Command\b/g)].map((m) => `${prefix}:${m[1]}`);
}

describe("the reader role's permissions", () => {
  it("the CloudFormation template embeds deploy/reader-policy.json exactly", () => {
    expect(template.Resources.ReaderRole.Properties.Policies).toHaveLength(1);
    expect(template.Resources.ReaderRole.Properties.Policies[0]!.PolicyDocument).toEqual(source);
  });

  it("the Terraform example reads deploy/reader-policy.json", () => {
    expect(read("deploy/terraform/main.tf")).toContain('policy = file("${path.module}/../reader-policy.json")');
  });

  it("is read-only: no action that writes", () => {
    for (const a of allActions(source)) expect(a).toMatch(/^[a-z0-9]+:(Get|List|Describe|Lookup)\w+$/);
  });

  it("covers every call the aws source makes in an account it reads", () => {
    const needed = [...commandsOf("lib/account/aws.ts", "iam", "iam"), ...commandsOf("lib/account/aws.ts", "ec2", "ec2"), ...commandsOf("lib/sessions/lookup.ts", "cloudtrail", "cloudtrail"), "sts:GetCallerIdentity"];
    expect(needed.length).toBeGreaterThan(15);
    const allowed = allActions(source);
    for (const a of needed) expect(allowed, `${a} is called but not allowed`).toContain(a);
  });

  it("the README's policy for RoleCall's own identity holds every reader statement, plus the organization reads and sts:AssumeRole on the reader roles", () => {
    const readme = readmePolicy();
    for (const s of source.Statement) expect(readme.Statement.find((x) => x.Sid === s.Sid), s.Sid).toEqual(s);
    const hub = allActions(readme);
    const orgCalls = [...commandsOf("lib/account/aws.ts", "organizations", "organizations"), ...commandsOf("lib/account/aws-org.ts", "organizations", "organizations")];
    expect(orgCalls).toContain("organizations:ListAccounts");
    for (const a of orgCalls) expect(hub, `${a} is called by the hub but not in the README's policy`).toContain(a);
    const assume = readme.Statement.find((x) => actions(x).includes("sts:AssumeRole"));
    expect(assume?.Resource).toBe("arn:aws:iam::*:role/rolecall-reader");
  });
});

describe("the reader role's trust", () => {
  it("trusts RoleCall's own role, with the external ID when one is given, for at most an hour", () => {
    const p = template.Resources.ReaderRole.Properties;
    expect(Object.keys(template.Parameters)).toEqual(["RoleCallPrincipalArn", "ReaderRoleName", "ExternalId"]);
    expect(p.MaxSessionDuration).toBe(3600);
    const trust = p.AssumeRolePolicyDocument.Statement[0]!;
    expect(trust.Principal).toEqual({ AWS: { Ref: "RoleCallPrincipalArn" } });
    expect(trust.Action).toBe("sts:AssumeRole");
    expect(trust.Condition).toEqual({ "Fn::If": ["HasExternalId", { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } }, { Ref: "AWS::NoValue" }] });
  });
});
