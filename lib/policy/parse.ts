import { parseArn } from "./arn";
import { finding, type Finding } from "./findings";
import type { ConditionBlock, Effect, PolicyDocument, PolicyVersion, PrincipalBlock, Statement } from "./types";
import { MAX_GLOB_LENGTH } from "./wildcard";

/**
 * Input that is not a policy document at all (not JSON, not an object, no Statement). Everything
 * else IAM would refuse becomes a finding (lib/policy/findings.ts) and is evaluated as far as its
 * elements allow. `path` points at the place, e.g. `Statement`.
 */
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

/** `service:action` with IAM's wildcards; `*` alone is all actions. */
export const ACTION_PATTERN = /^(?:\*|[A-Za-z0-9-]+:[A-Za-z0-9*?_.-]+)$/;
/** a condition key is `prefix:name` (`aws:PrincipalTag/team`, `kms:EncryptionContext:x`, …) */
export const CONDITION_KEY_PATTERN = /^[A-Za-z0-9.-]+:\S[^\u0000-\u001f]*$/;

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

/** Own keys only, whatever they are named (`__proto__` included: JSON.parse makes it an own key). */
function entries(v: Record<string, unknown>): [string, unknown][] {
  return Object.keys(v).map((k) => [k, Object.getOwnPropertyDescriptor(v, k)?.value]);
}

function get(v: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
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

/** Collects findings for one statement and remembers whether its meaning is ambiguous. */
class StatementCheck {
  readonly problems: string[] = [];
  constructor(
    private readonly out: Finding[],
    readonly index: number | undefined,
    readonly path: string,
  ) {}

  /**
   * `ambiguous`: the element's meaning is not defined, so the statement must not grant (and a Deny
   * takes the element as matching). Errors whose meaning is clear (duplicate Sid) pass false.
   */
  add(severity: Finding["severity"], code: string, message: string, at = "", ambiguous = severity === "error"): void {
    const path = at && this.path ? `${this.path}.${at}` : at || this.path;
    this.out.push(finding(this.index, severity, code, message, path || undefined));
    if (ambiguous) this.problems.push(message);
  }
}

function stringList(v: unknown, at: string, check: StatementCheck): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) {
    if (v.length === 0) {
      check.add("error", "data-type-mismatch", `Data type mismatch: ${at} is an empty array; give at least one value.`, at);
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item === "string") out.push(item);
      else check.add("error", "data-type-mismatch", `Data type mismatch: ${at}[${i}] must be a string.`, `${at}[${i}]`);
    });
    return out;
  }
  check.add("error", "data-type-mismatch", `Data type mismatch: ${at} must be a string or an array of strings.`, at);
  return [];
}

function tooLong(values: string[], at: string, check: StatementCheck): void {
  for (const v of values) {
    if (v.length > MAX_GLOB_LENGTH) {
      check.add("error", "pattern-too-long", `${at} has a value of ${v.length} characters; RoleCall matches patterns of at most ${MAX_GLOB_LENGTH} (IAM's ARNs and policies are far shorter).`, at);
      return;
    }
  }
}

function checkActions(values: string[], at: "Action" | "NotAction", check: StatementCheck): void {
  tooLong(values, at, check);
  for (const a of values) {
    if (!ACTION_PATTERN.test(a)) {
      check.add(
        "error",
        "invalid-action",
        a === ""
          ? `Invalid action: ${at} has an empty value. Give a service prefix and an action name, such as "s3:GetObject".`
          : `Invalid action: the action "${a}" is not valid: an action is a service prefix, a colon and an action name, such as "s3:GetObject".`,
        at,
      );
    }
  }
}

function checkResources(values: string[], at: "Resource" | "NotResource", check: StatementCheck): void {
  tooLong(values, at, check);
  for (const r of values) {
    if (r === "*") continue;
    if (!r.startsWith("arn:")) {
      check.add("error", "invalid-arn-prefix", `Invalid ARN prefix: "${r}" is not an ARN. Add the required prefix (arn) to the resource ARN, or use "*".`, at);
    } else if (!parseArn(r)) {
      check.add("error", "missing-arn-field", `Missing ARN field: "${r}" — resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource.`, at);
    }
  }
}

const ACCOUNT = /^\d{12}$/;
const UNIQUE_ID = /^A(IDA|ROA|GPA|NPA|IPA|KIA|SIA|NVA|PKA|CCA)[A-Z0-9]{12,}$/;

function parsePrincipal(v: unknown, at: "Principal" | "NotPrincipal", check: StatementCheck): PrincipalBlock | undefined {
  if (v === "*") return { AWS: ["*"], star: true };
  if (typeof v === "string" || !isObject(v) || Object.keys(v).length === 0) {
    check.add(
      "error",
      "invalid-principal-format",
      typeof v === "string"
        ? `Invalid principal format: the ${at} element contents are not valid: only "*" may be given as a string. Specify a key-value pair, such as {"AWS": "${v}"}.`
        : `Invalid principal format: the ${at} element contents are not valid. Specify a key-value pair in the ${at} element, such as {"AWS": "arn:aws:iam::111122223333:root"}.`,
      at,
    );
    return undefined;
  }
  const out: PrincipalBlock = {};
  for (const [key, value] of entries(v)) {
    if (!PRINCIPAL_KEYS.has(key)) {
      check.add("error", "invalid-principal-key", `Invalid principal key: the principal key "${key}" is not valid. Use AWS, Service, Federated or CanonicalUser.`, `${at}.${key}`);
      continue;
    }
    const values = stringList(value, `${at}.${key}`, check);
    out[key as keyof Omit<PrincipalBlock, "star">] = values;
    for (const p of values) {
      if (p === "*") continue;
      if (p.includes("*") || p.includes("?")) {
        check.add(
          "error",
          "unsupported-wildcard-in-principal",
          `Unsupported wildcard in principal: wildcards (*, ?) are not supported with the principal key ${key} ("${p}"). Use "*" with a condition such as ArnLike aws:PrincipalArn instead.`,
          `${at}.${key}`,
        );
      } else if (key === "AWS" && !ACCOUNT.test(p) && !UNIQUE_ID.test(p)) {
        const arn = parseArn(p);
        if (!arn || !ACCOUNT.test(arn.account) || (arn.service !== "iam" && arn.service !== "sts")) {
          check.add("error", "invalid-principal", `Invalid principal in policy: "AWS":"${p}" — give an account ID, an IAM or STS principal ARN, or "*".`, `${at}.${key}`);
        }
      } else if (key === "Service" && !/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/i.test(p)) {
        check.add("error", "invalid-service-principal-format", `Invalid service principal format: "${p}" is not a service principal (expected a name such as ecs-tasks.amazonaws.com).`, `${at}.${key}`);
      }
    }
  }
  return out;
}

function conditionValue(v: unknown, at: string, check: StatementCheck): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  check.add("error", "data-type-mismatch", `Data type mismatch: a condition value must be a string, number or boolean.`, at);
  return undefined;
}

function parseCondition(v: unknown, check: StatementCheck): ConditionBlock {
  const out: ConditionBlock = Object.create(null) as ConditionBlock;
  if (!isObject(v)) {
    check.add("error", "data-type-mismatch", "Data type mismatch: Condition must be an object of operators.", "Condition");
    return out;
  }
  for (const [operator, block] of entries(v)) {
    const opPath = `Condition.${operator}`;
    if (!isObject(block)) {
      check.add("error", "data-type-mismatch", `Data type mismatch: ${opPath} must be an object of condition keys.`, opPath);
      continue;
    }
    const keys: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const [key, values] of entries(block)) {
      const keyPath = `${opPath}.${key}`;
      if (!CONDITION_KEY_PATTERN.test(key)) {
        check.add("error", "invalid-condition-key-format", `Invalid condition key format: the condition key "${key}" is not valid. Use the format service:keyname, such as aws:PrincipalOrgID.`, keyPath);
      }
      const list = Array.isArray(values) ? values : [values];
      const parsed: string[] = [];
      list.forEach((x, i) => {
        const s = conditionValue(x, Array.isArray(values) ? `${keyPath}[${i}]` : keyPath, check);
        if (s !== undefined) parsed.push(s);
      });
      if (Array.isArray(values) && values.length === 0) {
        check.add("error", "data-type-mismatch", `Data type mismatch: ${keyPath} is an empty array; give at least one value.`, keyPath);
      }
      tooLong(parsed, keyPath, check);
      keys[key] = parsed;
    }
    out[operator] = keys;
  }
  return out;
}

function parseStatement(v: unknown, index: number, path: string, kind: PolicyKind | undefined, findings: Finding[]): Statement | undefined {
  const check = new StatementCheck(findings, index, path);
  if (!isObject(v)) {
    check.add("error", "data-type-mismatch", "Data type mismatch: a statement must be an object.");
    return undefined;
  }
  for (const key of Object.keys(v)) {
    if (!STATEMENT_KEYS.has(key)) check.add("error", "invalid-policy-element", `Invalid policy element: the policy element "${key}" is not valid (IAM rejects it).`, key);
  }
  const rawEffect = get(v, "Effect");
  let effect: Effect = "Allow";
  if (rawEffect === undefined) check.add("error", "missing-effect", 'Missing effect: add an Effect element to the statement ("Allow" or "Deny").', "Effect");
  else if (rawEffect === "Allow" || rawEffect === "Deny") effect = rawEffect;
  else {
    check.add("error", "invalid-effect", `Invalid effect: the Effect element can be "Allow" or "Deny" only (got ${JSON.stringify(rawEffect)}; the value is case-sensitive).`, "Effect");
    // A misspelt Deny still denies here (never spare a Deny); anything else grants nothing.
    if (typeof rawEffect === "string" && rawEffect.toLowerCase() === "deny") effect = "Deny";
  }
  const st: Statement = { effect, index };
  const sid = get(v, "Sid");
  if (sid !== undefined) {
    if (typeof sid !== "string") check.add("error", "data-type-mismatch", "Data type mismatch: Sid must be a string.", "Sid", false);
    else st.sid = sid;
  }

  const action = get(v, "Action");
  const notAction = get(v, "NotAction");
  if (action !== undefined && notAction !== undefined) {
    check.add("error", "unsupported-element-combination", "Unsupported element combination: the policy elements Action and NotAction can not be used in the same statement. Remove one of these elements.");
  }
  if (action !== undefined) checkActions((st.action = stringList(action, "Action", check)), "Action", check);
  if (notAction !== undefined) checkActions((st.notAction = stringList(notAction, "NotAction", check)), "NotAction", check);
  if (action === undefined && notAction === undefined) check.add("error", "missing-action", "Missing action: add an Action or NotAction element to the policy statement.");

  const resource = get(v, "Resource");
  const notResource = get(v, "NotResource");
  if (resource !== undefined && notResource !== undefined) {
    check.add("error", "unsupported-element-combination", "Unsupported element combination: the policy elements Resource and NotResource can not be used in the same statement. Remove one of these elements.");
  }
  if (resource !== undefined) checkResources((st.resource = stringList(resource, "Resource", check)), "Resource", check);
  if (notResource !== undefined) checkResources((st.notResource = stringList(notResource, "NotResource", check)), "NotResource", check);

  const principal = get(v, "Principal");
  const notPrincipal = get(v, "NotPrincipal");
  if (principal !== undefined && notPrincipal !== undefined) {
    check.add("error", "unsupported-element-combination", "Unsupported element combination: the policy elements Principal and NotPrincipal can not be used in the same statement. Remove one of these elements.");
  }
  if (principal !== undefined) {
    const p = parsePrincipal(principal, "Principal", check);
    if (p) st.principal = p;
    else st.principalInvalid = true;
  }
  if (notPrincipal !== undefined) {
    const p = parsePrincipal(notPrincipal, "NotPrincipal", check);
    if (p) st.notPrincipal = p;
    else st.principalInvalid = true;
  }
  const condition = get(v, "Condition");
  if (condition !== undefined) st.condition = parseCondition(condition, check);

  validateForKind(st, { principal: principal !== undefined || notPrincipal !== undefined, resource: resource !== undefined || notResource !== undefined }, kind, check);
  if (check.problems.length > 0) st.problems = check.problems;
  return st;
}

function validateForKind(st: Statement, has: { principal: boolean; resource: boolean }, kind: PolicyKind | undefined, check: StatementCheck): void {
  if (!kind) return;
  switch (kind) {
    case "trust":
      if (!has.principal) check.add("error", "missing-principal", 'Missing principal: IAM rejects this document ("Missing required field Principal"). Add a Principal element to the trust policy statement.');
      if (has.resource) {
        const which = st.resource ? "Resource" : "NotResource";
        check.add("error", "trust-policy-resource", `IAM rejects this document: a trust policy statement may not have ${which} ("Has prohibited field ${which}"). Remove it: the role is the resource.`, which);
      }
      if (st.notPrincipal) check.add("error", "role-trust-policy-syntax-error-notprincipal", "Role trust policy syntax error: NotPrincipal is not supported in a role trust policy. Use Principal.", "NotPrincipal");
      return;
    case "resource":
    case "endpoint":
      // A VPC endpoint policy uses resource-policy syntax: Principal (often "*"), Action, Resource.
      if (!has.principal) check.add("error", "missing-principal", `Missing principal: IAM rejects this document ("Missing required field Principal"). Add a Principal element to the ${kindLabel(kind)} statement.`);
      return;
    case "rcp":
      // RCPs use resource-policy syntax: `"Principal": "*"` (narrowed with conditions), no NotPrincipal.
      // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
      if (st.notPrincipal) check.add("error", "rcp-syntax-error-principal", "RCP syntax error principal: NotPrincipal is not supported in a resource control policy.", "NotPrincipal");
      if (st.principal && !isEveryone(st.principal)) {
        check.add("error", "rcp-syntax-error-principal", 'RCP syntax error principal: a resource control policy supports only "Principal": "*" (narrow it with conditions such as aws:PrincipalAccount).', "Principal");
      }
      return;
    default:
      if (has.principal) {
        check.add("error", "unsupported-principal", `Unsupported principal: the policy type ${kindLabel(kind)} does not support the Principal element (only resource-based policies name principals). Remove the Principal element.`, st.principal ? "Principal" : "NotPrincipal");
      }
      if (!has.resource && (kind === "identity" || kind === "permissionBoundary" || kind === "session")) {
        check.add("error", "missing-resource", 'Missing resource: add a Resource or NotResource element to the policy statement (e.g. "Resource": "*").');
      }
  }
}

function isEveryone(p: PrincipalBlock): boolean {
  const keys = Object.keys(p).filter((k) => k !== "star");
  return keys.length === 1 && p.AWS !== undefined && p.AWS.length === 1 && p.AWS[0] === "*";
}

/**
 * Parse and normalise a policy document, validating it the way IAM does when it is stored: every
 * problem is a finding on `document.findings`. Throws PolicyParseError only for input that is not
 * a policy at all (not JSON, not an object, no Statement). `kind` adds the rules of that policy
 * type (a trust policy needs a Principal and no Resource, …).
 */
export function parsePolicy(input: unknown, kind?: PolicyKind): PolicyDocument {
  const doc = decodePolicyInput(input);
  if (!isObject(doc)) throw new PolicyParseError("", "expected a JSON object");
  const findings: Finding[] = [];
  const top = new StatementCheck(findings, undefined, "");
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key)) top.add("error", "invalid-policy-element", `Invalid policy element: the top-level element "${key}" is not valid (expected Version, Id, Statement).`, key);
  }
  let version: PolicyVersion = "2008-10-17";
  const rawVersion = get(doc, "Version");
  const versionMissing = rawVersion === undefined;
  let versionInvalid = false;
  if (versionMissing) {
    top.add("warning", "missing-version", "Missing version: we recommend that you specify the Version element (\"2012-10-17\"); without it IAM uses 2008-10-17, where policy variables are literal text.", "Version");
  } else if (rawVersion === "2012-10-17" || rawVersion === "2008-10-17") {
    version = rawVersion;
  } else {
    versionInvalid = true;
    top.add("error", "invalid-version", `Invalid version: the version ${JSON.stringify(rawVersion)} is not supported. Use "2012-10-17" (or "2008-10-17").`, "Version");
  }
  const id = get(doc, "Id");
  if (id !== undefined && typeof id !== "string") top.add("error", "data-type-mismatch", "Data type mismatch: Id must be a string.", "Id");
  const rawStatement = get(doc, "Statement");
  if (rawStatement === undefined) throw new PolicyParseError("Statement", "is missing: a policy document needs a Statement (an object or an array of them)");
  if (!isObject(rawStatement) && !Array.isArray(rawStatement)) throw new PolicyParseError("Statement", "must be an object or an array of statements");
  const rawStatements: unknown[] = Array.isArray(rawStatement) ? rawStatement : [rawStatement];
  if (rawStatements.length === 0) top.add("error", "missing-statement", "Missing statement: add at least one statement to the policy.", "Statement");
  const statements: Statement[] = [];
  rawStatements.forEach((s, i) => {
    const st = parseStatement(s, i, Array.isArray(rawStatement) ? `Statement[${i}]` : "Statement", kind, findings);
    if (!st) return;
    if (versionInvalid) (st.problems ??= []).push("the document's Version is not valid");
    statements.push(st);
  });
  const seen = new Map<string, number>();
  for (const st of statements) {
    if (st.sid === undefined || st.sid === "") continue;
    const first = seen.get(st.sid);
    if (first === undefined) seen.set(st.sid, st.index);
    else {
      findings.push(
        finding(st.index, "error", "unique-sids-required", `Unique Sids required: the Sid "${st.sid}" is also used by statement ${first}; statement IDs in a policy must be unique. Update the Sid value.`, Array.isArray(rawStatement) ? `Statement[${st.index}].Sid` : "Statement.Sid"),
      );
    }
  }
  return { version, versionMissing, id: typeof id === "string" ? id : undefined, statements, raw: doc, findings };
}
