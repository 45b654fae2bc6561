// "What could this role do?": the common actions to try in one click, a sensible resource for
// each taken from the role's own policies where they name one, the context rows that go with a
// check, and the "what may it do on this resource" list grouped by the keys it depends on.
// Pure: no React, no fetch.

export const COMMON_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:ListBucket",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "sqs:SendMessage",
  "sqs:ReceiveMessage",
  "sns:Publish",
  "kms:Decrypt",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "logs:PutLogEvents",
  "lambda:InvokeFunction",
  "sts:AssumeRole",
  "iam:PassRole",
  "ec2:DescribeInstances",
  "ecr:GetAuthorizationToken",
] as const;

/** Resources of a kind the action takes, when the role's policies say nothing better. `*`: the action takes none. */
const TEMPLATE: Record<string, string> = {
  "s3:GetObject": "arn:aws:s3:::my-bucket/my-key",
  "s3:PutObject": "arn:aws:s3:::my-bucket/my-key",
  "s3:ListBucket": "arn:aws:s3:::my-bucket",
  "dynamodb:GetItem": "arn:aws:dynamodb:{region}:{account}:table/my-table",
  "dynamodb:PutItem": "arn:aws:dynamodb:{region}:{account}:table/my-table",
  "dynamodb:Query": "arn:aws:dynamodb:{region}:{account}:table/my-table",
  "sqs:SendMessage": "arn:aws:sqs:{region}:{account}:my-queue",
  "sqs:ReceiveMessage": "arn:aws:sqs:{region}:{account}:my-queue",
  "sns:Publish": "arn:aws:sns:{region}:{account}:my-topic",
  "kms:Decrypt": "arn:aws:kms:{region}:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "secretsmanager:GetSecretValue": "arn:aws:secretsmanager:{region}:{account}:secret:my-secret-AbCdEf",
  "ssm:GetParameter": "arn:aws:ssm:{region}:{account}:parameter/my-parameter",
  "logs:PutLogEvents": "arn:aws:logs:{region}:{account}:log-group:my-group:log-stream:my-stream",
  "lambda:InvokeFunction": "arn:aws:lambda:{region}:{account}:function:my-function",
  "sts:AssumeRole": "arn:aws:iam::{account}:role/my-role",
  "iam:PassRole": "arn:aws:iam::{account}:role/my-role",
  "ec2:DescribeInstances": "*",
  "ecr:GetAuthorizationToken": "*",
};

/** S3 actions on a bucket, not on an object in it. */
const S3_BUCKET_ACTIONS = /^s3:(ListBucket|ListBucketVersions|ListBucketMultipartUploads|GetBucket\w*|PutBucket\w*|DeleteBucket\w*)$/i;

type Json = Record<string, unknown>;

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];
}

function statementsOf(doc: unknown): Json[] {
  let d = doc;
  if (typeof d === "string") {
    try {
      d = JSON.parse(/^%7B/i.test(d) ? decodeURIComponent(d.replace(/\+/g, " ")) : d);
    } catch {
      return [];
    }
  }
  if (!d || typeof d !== "object") return [];
  const s = (d as Json).Statement;
  return (Array.isArray(s) ? s : s && typeof s === "object" ? [s] : []).filter((x): x is Json => !!x && typeof x === "object");
}

/** IAM's action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return re.test(action);
}

/** A concrete resource a resource pattern matches: wildcards and policy variables become sample text. */
export function sampleOf(pattern: string): string {
  if (pattern === "*") return "*";
  return pattern
    .replace(/\$\{[^}]*\}/g, "example")
    // a star after a separator stands for a whole part; after a name, for nothing ("orders*" → "orders")
    .replace(/(^|[/:_-])\*/g, "$1example")
    .replace(/\*/g, "")
    .replace(/\?/g, "x");
}

function fitS3(action: string, resource: string): string {
  if (!resource.startsWith("arn:aws:s3:::")) return resource;
  const bucketLevel = S3_BUCKET_ACTIONS.test(action);
  const slash = resource.indexOf("/");
  if (bucketLevel) return slash < 0 ? resource : resource.slice(0, slash);
  return slash < 0 ? `${resource}/example` : resource;
}

export interface Suggestion {
  action: string;
  resource: string;
  /** the role's own policies allow the action (some statement names it) */
  inPolicies: boolean;
  /** the resource comes from the role's policies, not from a template */
  fromPolicies: boolean;
}

/** A region and account to fill templates with: the role's, and the region its policies name most. */
function defaults(roleArn: string, docs: unknown[]): { account: string; region: string } {
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(roleArn)?.[1] ?? "111111111111";
  const counts = new Map<string, number>();
  for (const d of docs)
    for (const st of statementsOf(d))
      for (const r of list(st.Resource)) {
        const region = /^arn:[^:]+:[^:]+:([a-z]{2}(?:-gov)?-[a-z]+-\d):/.exec(r)?.[1];
        if (region) counts.set(region, (counts.get(region) ?? 0) + 1);
      }
  const region = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "us-east-1";
  return { account, region };
}

/**
 * A resource to try `action` on: one that an Allow statement of the role's policies names for it,
 * else one of the same service from the policies, else a template in the role's account.
 */
export function suggestResource(action: string, roleArn: string, docs: unknown[]): Suggestion {
  const service = action.split(":")[0]!.toLowerCase();
  let inPolicies = false;
  let exact: string | undefined;
  let sameService: string | undefined;
  for (const doc of docs) {
    for (const st of statementsOf(doc)) {
      if (st.Effect !== "Allow" || st.NotAction !== undefined) continue;
      const actions = list(st.Action);
      const resources = st.NotResource !== undefined ? ["*"] : list(st.Resource);
      if (actions.some((a) => actionMatches(a, action))) {
        inPolicies = true;
        exact ??= resources.find((r) => r !== "*");
      }
      if (!sameService && actions.some((a) => a === "*" || a.toLowerCase().startsWith(`${service}:`))) {
        sameService = resources.find((r) => r !== "*" && r.split(":")[2]?.toLowerCase() === service);
      }
    }
  }
  const found = exact ?? (TEMPLATE[action] === "*" ? undefined : sameService);
  if (found) return { action, resource: fitS3(action, sampleOf(found)), inPolicies, fromPolicies: true };
  const { account, region } = defaults(roleArn, docs);
  const template = TEMPLATE[action] ?? "*";
  return { action, resource: template.replace("{account}", account).replace("{region}", region), inPolicies, fromPolicies: false };
}

export function suggestAll(roleArn: string, docs: unknown[]): Suggestion[] {
  return COMMON_ACTIONS.map((a) => suggestResource(a, roleArn, docs));
}

// --- context keys ---

export interface ContextKeyRow {
  id: string;
  key: string;
  value: string;
}

let counter = 0;
export function contextKeyRow(key = "", value = ""): ContextKeyRow {
  counter += 1;
  return { id: `ck${counter}`, key, value };
}

/** The rows as a context object: blank keys left out, the last row wins for a repeated key. */
export function contextObject(rows: ContextKeyRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key.trim()) out[r.key.trim()] = r.value.trim();
  return out;
}

/** Rows with a key and no value: the check would send an empty string, which is rarely meant. */
export function emptyValueKeys(rows: ContextKeyRow[]): string[] {
  return rows.filter((r) => r.key.trim() && !r.value.trim()).map((r) => r.key.trim());
}

/** The reason a check's notes give for a key it depends on ("depends on K: why"), if any. */
export function dependsReason(notes: string[], key: string): string | null {
  const prefix = `depends on ${key}: `;
  const n = notes.find((x) => x.startsWith(prefix));
  return n ? n.slice(prefix.length) : null;
}

/** Suggested values for well-known keys. */
export function valueHints(key: string): string[] {
  switch (key.trim().toLowerCase()) {
    case "aws:requestedregion":
      return ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
    case "aws:securetransport":
    case "aws:multifactorauthpresent":
    case "aws:viaawsservice":
      return ["true", "false"];
    default:
      return [];
  }
}

// --- what may it do on this resource ---

export interface AllowedAction {
  action: string;
  dependsOn: string[];
}

export interface ActionGroup {
  /** empty: allowed whatever the context */
  dependsOn: string[];
  actions: string[];
}

/** Allowed actions first, then those that depend on keys, grouped by the keys. */
export function groupAllowed(allowed: AllowedAction[]): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const a of allowed) {
    const keys = [...a.dependsOn].sort();
    const id = keys.join("\n");
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { dependsOn: keys, actions: [] }));
    g.actions.push(a.action);
  }
  return [...groups.values()].sort((a, b) => a.dependsOn.length - b.dependsOn.length || a.dependsOn.join().localeCompare(b.dependsOn.join()));
}

/** The service prefix a resource ARN's actions belong to, or null when the text is not an ARN. */
export function serviceOf(resource: string): string | null {
  const m = /^arn:[^:]+:([^:]+):/.exec(resource.trim());
  return m ? m[1]! : null;
}
