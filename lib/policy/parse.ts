import type { ConditionBlock, Effect, PolicyDocument, PolicyVersion, PrincipalBlock, Statement } from "./types";

/** A malformed policy document. `path` points at the place, e.g. `Statement[2].Condition.StringEquals`. */
export class PolicyParseError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = "PolicyParseError";
  }
}

/** Which kind of policy a document is; decides which elements it must or must not have. */
export type PolicyKind = "identity" | "resource" | "trust" | "permissionBoundary" | "scp" | "rcp" | "session" | "endpoint";

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]);
const PRINCIPAL_KEYS = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
const TOP_KEYS = new Set(["Version", "Id", "Statement"]);

/**
 * Decode a policy given as an object, a JSON string, or a URL-encoded JSON string (as IAM's
 * API returns it: the JS SDK does not decode it, see rules reference R9.2).
 */
export function decodePolicyInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  let text = input.trim();
  if (text.startsWith("%")) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new PolicyParseError("", "the policy looks URL-encoded but is not valid percent-encoding");
    }
  }
  if (!text.startsWith("{")) {
    throw new PolicyParseError("", "expected a JSON object (a policy document starts with '{')");
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PolicyParseError("", `invalid JSON: ${(e as Error).message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, path: string, what = "a string or an array of strings"): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) {
    if (v.length === 0) throw new PolicyParseError(path, "must not be an empty array");
    return v.map((item, i) => {
      if (typeof item !== "string") throw new PolicyParseError(`${path}[${i}]`, "expected a string");
      return item;
    });
  }
  throw new PolicyParseError(path, `expected ${what}`);
}

function conditionValue(v: unknown, path: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new PolicyParseError(path, "expected a string, number or boolean");
}

function parsePrincipal(v: unknown, path: string): PrincipalBlock {
  if (v === "*") return { AWS: ["*"], star: true };
  if (typeof v === "string") {
    throw new PolicyParseError(path, 'expected "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}');
  }
  if (!isObject(v)) throw new PolicyParseError(path, 'expected "*" or an object with AWS, Service, Federated or CanonicalUser');
  const out: PrincipalBlock = {};
  const keys = Object.keys(v);
  if (keys.length === 0) throw new PolicyParseError(path, "must name at least one principal");
  for (const key of keys) {
    if (!PRINCIPAL_KEYS.has(key)) {
      throw new PolicyParseError(`${path}.${key}`, "unknown principal type (expected AWS, Service, Federated or CanonicalUser)");
    }
    out[key as keyof Omit<PrincipalBlock, "star">] = stringList(v[key], `${path}.${key}`);
  }
  return out;
}

function parseCondition(v: unknown, path: string): ConditionBlock {
  if (!isObject(v)) throw new PolicyParseError(path, "expected an object");
  const out: ConditionBlock = {};
  for (const [operator, block] of Object.entries(v)) {
    const opPath = `${path}.${operator}`;
    if (!isObject(block)) throw new PolicyParseError(opPath, "expected an object");
    const keys: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(block)) {
      const keyPath = `${opPath}.${key}`;
      if (Array.isArray(values)) {
        keys[key] = values.map((x, i) => conditionValue(x, `${keyPath}[${i}]`));
      } else {
        keys[key] = [conditionValue(values, keyPath)];
      }
    }
    out[operator] = keys;
  }
  return out;
}

function parseStatement(v: unknown, index: number, path: string, kind: PolicyKind | undefined): Statement {
  if (!isObject(v)) throw new PolicyParseError(path, "expected an object");
  for (const key of Object.keys(v)) {
    if (!STATEMENT_KEYS.has(key)) throw new PolicyParseError(`${path}.${key}`, "unknown element (IAM rejects it)");
  }
  const effect = v.Effect;
  if (effect !== "Allow" && effect !== "Deny") {
    throw new PolicyParseError(`${path}.Effect`, 'must be "Allow" or "Deny"');
  }
  const st: Statement = { effect: effect as Effect, index };
  if (v.Sid !== undefined) {
    if (typeof v.Sid !== "string") throw new PolicyParseError(`${path}.Sid`, "expected a string");
    st.sid = v.Sid;
  }
  if (v.Action !== undefined && v.NotAction !== undefined) {
    throw new PolicyParseError(path, "has both Action and NotAction; use one");
  }
  if (v.Action !== undefined) st.action = stringList(v.Action, `${path}.Action`);
  else if (v.NotAction !== undefined) st.notAction = stringList(v.NotAction, `${path}.NotAction`);
  else throw new PolicyParseError(path, "needs an Action or NotAction element");

  if (v.Resource !== undefined && v.NotResource !== undefined) {
    throw new PolicyParseError(path, "has both Resource and NotResource; use one");
  }
  if (v.Resource !== undefined) st.resource = stringList(v.Resource, `${path}.Resource`);
  if (v.NotResource !== undefined) st.notResource = stringList(v.NotResource, `${path}.NotResource`);

  if (v.Principal !== undefined && v.NotPrincipal !== undefined) {
    throw new PolicyParseError(path, "has both Principal and NotPrincipal; use one");
  }
  if (v.Principal !== undefined) st.principal = parsePrincipal(v.Principal, `${path}.Principal`);
  if (v.NotPrincipal !== undefined) st.notPrincipal = parsePrincipal(v.NotPrincipal, `${path}.NotPrincipal`);
  if (v.Condition !== undefined) st.condition = parseCondition(v.Condition, `${path}.Condition`);

  validateForKind(st, path, kind);
  return st;
}

function validateForKind(st: Statement, path: string, kind: PolicyKind | undefined): void {
  if (!kind) return;
  const hasPrincipal = st.principal !== undefined || st.notPrincipal !== undefined;
  const hasResource = st.resource !== undefined || st.notResource !== undefined;
  switch (kind) {
    case "trust":
      if (!hasPrincipal) throw new PolicyParseError(path, "a trust policy statement needs a Principal");
      if (hasResource) throw new PolicyParseError(path, "a trust policy statement must not have Resource or NotResource (IAM: Has prohibited field Resource)");
      if (st.notPrincipal) throw new PolicyParseError(`${path}.NotPrincipal`, "NotPrincipal is not allowed in a role trust policy");
      return;
    case "resource":
    case "endpoint":
      // A VPC endpoint policy uses resource-policy syntax: Principal (often "*"), Action, Resource.
      if (!hasPrincipal) throw new PolicyParseError(path, "a resource-based policy statement needs a Principal or NotPrincipal");
      return;
    case "rcp":
      // RCPs use resource-policy syntax: `"Principal": "*"` (narrowed with conditions), no NotPrincipal.
      // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
      if (st.notPrincipal) throw new PolicyParseError(`${path}.NotPrincipal`, "NotPrincipal is not allowed in a resource control policy");
      if (st.principal && !isEveryone(st.principal)) {
        throw new PolicyParseError(`${path}.Principal`, 'a resource control policy supports only "Principal": "*" (narrow it with conditions such as aws:PrincipalAccount)');
      }
      return;
    default:
      if (hasPrincipal) throw new PolicyParseError(path, `a ${kindLabel(kind)} must not have a Principal (only resource-based policies name principals)`);
      if (!hasResource && (kind === "identity" || kind === "permissionBoundary" || kind === "session")) {
        throw new PolicyParseError(path, `needs a Resource or NotResource element (e.g. "Resource": "*")`);
      }
  }
}

function isEveryone(p: PrincipalBlock): boolean {
  const keys = Object.keys(p).filter((k) => k !== "star");
  return keys.length === 1 && p.AWS !== undefined && p.AWS.length === 1 && p.AWS[0] === "*";
}

export function kindLabel(kind: PolicyKind): string {
  switch (kind) {
    case "identity": return "identity-based policy";
    case "resource": return "resource-based policy";
    case "trust": return "role trust policy";
    case "permissionBoundary": return "permissions boundary";
    case "scp": return "service control policy";
    case "rcp": return "resource control policy";
    case "session": return "session policy";
    case "endpoint": return "VPC endpoint policy";
  }
}

/**
 * Parse and normalise a policy document. Throws PolicyParseError that points at the place.
 * `kind` adds the rules of that policy type (a trust policy needs a Principal and no Resource, …).
 */
export function parsePolicy(input: unknown, kind?: PolicyKind): PolicyDocument {
  const doc = decodePolicyInput(input);
  if (!isObject(doc)) throw new PolicyParseError("", "expected a JSON object");
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) throw new PolicyParseError(key, "unknown top-level element (expected Version, Id, Statement)");
  }
  let version: PolicyVersion = "2008-10-17";
  const versionMissing = doc.Version === undefined;
  if (!versionMissing) {
    if (doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") {
      throw new PolicyParseError("Version", 'must be "2012-10-17" or "2008-10-17"');
    }
    version = doc.Version;
  }
  if (doc.Id !== undefined && typeof doc.Id !== "string") throw new PolicyParseError("Id", "expected a string");
  if (doc.Statement === undefined) throw new PolicyParseError("Statement", "is missing");
  const rawStatements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const statements = rawStatements.map((s, i) =>
    parseStatement(s, i, Array.isArray(doc.Statement) ? `Statement[${i}]` : "Statement", kind),
  );
  return { version, versionMissing, id: doc.Id as string | undefined, statements, raw: doc };
}
