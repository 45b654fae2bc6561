// Who is asking (the request's principal) and how a policy's Principal element names it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { parseArn, splitIamResource, ACCOUNT_ID } from "./arn";
import type { PrincipalBlock } from "./types";

export type RequestPrincipal =
  | { type: "user"; arn: string; partition: string; account: string; path: string; name: string }
  /** an IAM role ARN given as the caller: a session of that role whose session name is not known */
  | { type: "role"; arn: string; partition: string; account: string; path: string; name: string }
  | { type: "assumed-role"; arn: string; partition: string; account: string; roleName: string; sessionName: string }
  | { type: "federated-user"; arn: string; partition: string; account: string; name: string }
  | { type: "root"; arn: string; partition: string; account: string }
  | { type: "service"; service: string }
  | { type: "federated"; provider: string }
  | { type: "canonical"; id: string }
  /** an unsigned request (R12.7): only a resource-based policy that names everyone ("*") can allow it */
  | { type: "anonymous" };

export type AwsPrincipal = Extract<RequestPrincipal, { account: string }>;

export function isAwsPrincipal(p: RequestPrincipal): p is AwsPrincipal {
  return "account" in p;
}

const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/i;
const CANONICAL = /^[0-9a-f]{64}$/;
/** unique IDs that a deleted user or role leaves in a policy: AIDA…, AROA…, … */
export const UNIQUE_ID = /^A(IDA|ROA|GPA|NPA|IPA|KIA|SIA|NVA|PKA|CCA)[A-Z0-9]{12,}$/;

/** Parse the caller; a string return is an error message that says what is accepted. */
export function parseRequestPrincipal(input: string): RequestPrincipal | string {
  const s = input.trim();
  if (s === "anonymous") return { type: "anonymous" };
  // the built-in web identity providers first: cognito-identity.amazonaws.com looks like a service
  if (s === "cognito-identity.amazonaws.com" || s === "accounts.google.com" || s === "graph.facebook.com" || s === "www.amazon.com") {
    return { type: "federated", provider: s };
  }
  if (SERVICE.test(s)) return { type: "service", service: s.toLowerCase() };
  if (CANONICAL.test(s)) return { type: "canonical", id: s };
  const arn = parseArn(s);
  if (!arn) return `"${input}" is not a principal: give an IAM ARN (user, role, assumed-role session, federated user, account :root), a service principal such as ecs-tasks.amazonaws.com, or "anonymous" for an unsigned request`;
  if (!ACCOUNT_ID.test(arn.account)) return `"${input}": the account ID must be 12 digits`;
  const { partition, account } = arn;
  if (arn.service === "iam") {
    if (arn.resource === "root") return { type: "root", arn: s, partition, account };
    const r = splitIamResource(arn.resource);
    if (r.type === "user" && r.name) return { type: "user", arn: s, partition, account, path: r.path, name: r.name };
    if (r.type === "role" && r.name) return { type: "role", arn: s, partition, account, path: r.path, name: r.name };
    if ((r.type === "oidc-provider" || r.type === "saml-provider") && r.name) return { type: "federated", provider: s };
  }
  if (arn.service === "sts") {
    const parts = arn.resource.split("/");
    if (parts[0] === "assumed-role" && parts.length === 3 && parts[1] && parts[2]) {
      return { type: "assumed-role", arn: s, partition, account, roleName: parts[1], sessionName: parts[2] };
    }
    if (parts[0] === "federated-user" && parts.length === 2 && parts[1]) {
      return { type: "federated-user", arn: s, partition, account, name: parts[1] };
    }
  }
  return `"${input}" is not a principal ARN (expected …:user/NAME, …:role/NAME, …:root, or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION)`;
}

export function principalAccount(p: RequestPrincipal): string | undefined {
  return isAwsPrincipal(p) ? p.account : undefined;
}

/** The ARN a person reads for this principal. */
export function principalLabel(p: RequestPrincipal): string {
  switch (p.type) {
    case "service": return p.service;
    case "federated": return p.provider;
    case "canonical": return p.id;
    case "anonymous": return "anonymous";
    default: return p.arn;
  }
}

/**
 * How a Principal element named the caller; decides which other policies must also allow
 * (rules reference §1C / §1D).
 */
export type PrincipalMatchKind =
  | "wildcard"
  | "account"
  | "user"
  | "role"
  | "session"
  | "federated-user"
  | "service"
  | "federated"
  | "canonical";

type ValueMatcher = { text: string; match: (p: RequestPrincipal) => PrincipalMatchKind | null; note?: string };

function awsValue(v: string, starMatchesServices: boolean): ValueMatcher {
  const text = v;
  // "*" is everyone, anonymous (unsigned) requests included.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
  if (v === "*") return { text, match: (p) => (isAwsPrincipal(p) || p.type === "anonymous" || starMatchesServices ? "wildcard" : null) };
  if (ACCOUNT_ID.test(v)) return { text, match: (p) => (isAwsPrincipal(p) && p.account === v ? "account" : null) };
  if (UNIQUE_ID.test(v)) {
    return {
      text,
      match: () => null,
      note: `${v} is the unique ID of a deleted ${v.startsWith("AROA") ? "role" : v.startsWith("AIDA") ? "user" : "principal"}: it matches nobody, not even a new principal of the same name`,
    };
  }
  const arn = parseArn(v);
  if (!arn || !ACCOUNT_ID.test(arn.account) || v.includes("*") || v.includes("?")) {
    return { text, match: () => null, note: `"${v}" is not a valid principal (IAM allows only a full "*", an account ID, or a complete ARN)` };
  }
  const samePartitionAccount = (p: RequestPrincipal): p is AwsPrincipal =>
    isAwsPrincipal(p) && p.partition === arn.partition && p.account === arn.account;
  if (arn.service === "iam" && arn.resource === "root") {
    return { text, match: (p) => (samePartitionAccount(p) ? "account" : null) };
  }
  if (arn.service === "iam") {
    const r = splitIamResource(arn.resource);
    if (r.type === "user") return { text, match: (p) => (p.type === "user" && p.arn === v ? "user" : null) };
    if (r.type === "role") {
      // A role ARN admits every session of that role (session ARNs carry no path). IAM stores the
      // role by unique ID and role names are unique regardless of case, so compare names that way.
      const name = r.name.toLowerCase();
      return {
        text,
        match: (p) => {
          if (!samePartitionAccount(p)) return null;
          if (p.type === "assumed-role" && p.roleName.toLowerCase() === name) return "role";
          if (p.type === "role" && p.name.toLowerCase() === name) return "role";
          return null;
        },
      };
    }
  }
  if (arn.service === "sts") {
    const parts = arn.resource.split("/");
    if (parts[0] === "assumed-role" && parts.length === 3) {
      const role = (parts[1] ?? "").toLowerCase();
      const session = parts[2] ?? "";
      return {
        text,
        match: (p) => (samePartitionAccount(p) && p.type === "assumed-role" && p.roleName.toLowerCase() === role && p.sessionName === session ? "session" : null),
      };
    }
    if (parts[0] === "federated-user") {
      return { text, match: (p) => (p.type === "federated-user" && p.arn === v ? "federated-user" : null) };
    }
  }
  return { text, match: () => null, note: `"${v}" is not a principal ARN` };
}

export interface CompiledPrincipal {
  values: ValueMatcher[];
  /** NotPrincipal: the statement applies to everyone the list does not name */
  negated: boolean;
  notes: string[];
}

/**
 * `starMatchesServices`: in an RCP, "Principal": "*" also covers AWS service principals (AWS's
 * RCP examples exempt services with aws:PrincipalIsAWSService, which only makes sense if it
 * does). Elsewhere it is not assumed to (rules reference §10-Q9).
 */
export function compilePrincipal(block: PrincipalBlock, negated: boolean, starMatchesServices = false): CompiledPrincipal {
  const values: ValueMatcher[] = [];
  for (const v of block.AWS ?? []) values.push(awsValue(v, starMatchesServices));
  for (const v of block.Service ?? []) {
    const lower = v.toLowerCase();
    values.push({ text: v, match: (p) => (p.type === "service" && p.service === lower ? "service" : null) });
  }
  for (const v of block.Federated ?? []) {
    const lower = v.toLowerCase();
    values.push({ text: v, match: (p) => (p.type === "federated" && p.provider.toLowerCase() === lower ? "federated" : null) });
  }
  for (const v of block.CanonicalUser ?? []) {
    values.push({ text: v, match: (p) => (p.type === "canonical" && p.id === v ? "canonical" : null) });
  }
  return { values, negated, notes: values.flatMap((v) => (v.note ? [v.note] : [])) };
}

const DIRECTNESS: Record<PrincipalMatchKind, number> = {
  session: 0,
  "federated-user": 0,
  service: 0,
  federated: 0,
  canonical: 0,
  wildcard: 1,
  user: 2,
  role: 3,
  account: 4,
};

/** Of several ways a caller is named, the one that needs the fewest other policies to allow. */
export function mostDirect(a: PrincipalMatchKind | undefined, b: PrincipalMatchKind): PrincipalMatchKind {
  return a === undefined || DIRECTNESS[b] < DIRECTNESS[a] ? b : a;
}

/** The identities AWS checks a caller against: a session is its account, its role and itself. */
const IDENTITIES: Record<RequestPrincipal["type"], PrincipalMatchKind[]> = {
  user: ["account", "user"],
  role: ["account", "role"],
  "assumed-role": ["account", "role", "session"],
  "federated-user": ["account", "federated-user"],
  root: ["account"],
  service: ["service"],
  federated: ["federated"],
  canonical: ["canonical"],
  // only NotPrincipal "*" excludes an anonymous caller
  anonymous: ["wildcard"],
};

/**
 * The match kind, or null when the element does not name the caller. For NotPrincipal the
 * statement applies unless every identity of the caller is listed: AWS "might validate the
 * account first, then the role, and then the assumed-role user", so a session is excluded only
 * when its account, role and session ARNs are all named.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function matchPrincipal(cp: CompiledPrincipal, p: RequestPrincipal): PrincipalMatchKind | null {
  if (!cp.negated) {
    let best: PrincipalMatchKind | undefined;
    for (const v of cp.values) {
      const k = v.match(p);
      if (k) best = mostDirect(best, k);
    }
    return best ?? null;
  }
  const named = new Set<PrincipalMatchKind>();
  for (const v of cp.values) {
    const k = v.match(p);
    if (k) named.add(k);
  }
  if (named.has("wildcard")) return null;
  const excluded = IDENTITIES[p.type].every((k) => named.has(k));
  return excluded ? null : "wildcard";
}
