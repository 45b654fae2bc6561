// AccountModel: the facts diagnosis needs — principals, their policies, each role's trust policy
// and MaxSessionDuration, and the SCP/RCP levels of each account — from any source. A fact that
// is missing is recorded as unknown, with the reason, never guessed.

import { parseArn, splitIamResource } from "@/lib/policy/arn";

/** A decoded policy document (JSON object). */
export type PolicyDocumentJson = Record<string, unknown>;

export interface InlinePolicy {
  name: string;
  document: PolicyDocumentJson;
}

export interface AttachedPolicy {
  arn: string;
  name: string;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  path: string;
  /** the version in force */
  defaultVersionId?: string;
  /** the default version's document; undefined when not known (see model.unknowns) */
  document?: PolicyDocumentJson;
  /** where the document came from */
  origin: "snapshot" | "aws" | "bundled";
  description?: string;
}

export type Tags = Record<string, string>;

export interface IamUser {
  arn: string;
  name: string;
  path: string;
  userId?: string;
  account: string;
  createDate?: string;
  groups: string[];
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
  permissionsBoundary?: string;
  tags: Tags;
}

export interface IamGroup {
  arn: string;
  name: string;
  path: string;
  groupId?: string;
  account: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
}

export interface InstanceProfile {
  arn: string;
  name: string;
  path: string;
}

export interface IamRole {
  arn: string;
  name: string;
  path: string;
  roleId?: string;
  account: string;
  createDate?: string;
  description?: string;
  trustPolicy: PolicyDocumentJson;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: AttachedPolicy[];
  permissionsBoundary?: string;
  /** null: unknown (authorization details lack it; a list-roles file or GetRole has it) */
  maxSessionDuration: number | null;
  lastUsed?: { lastUsedDate?: string; region?: string };
  tags: Tags;
  instanceProfiles: InstanceProfile[];
}

/**
 * A VPC endpoint (`aws ec2 describe-vpc-endpoints`): requests that go through it are also limited
 * by its policy (for STS: rules reference R1.20, R12.6).
 */
export interface VpcEndpoint {
  id: string;
  /** Interface, Gateway, GatewayLoadBalancer, … */
  type: string;
  vpcId?: string;
  /** the owner (OwnerId) */
  account?: string;
  region?: string;
  /** e.g. com.amazonaws.eu-west-1.sts */
  serviceName: string;
  state?: string;
  /** the endpoint policy; undefined when not known (see model.unknowns for the endpoint's id) */
  policy?: PolicyDocumentJson;
}

export interface OrgLevels {
  /** SCP levels, root first; each level the documents attached there */
  scps?: PolicyDocumentJson[][];
  /** your own RCPs per level (RCPFullAWSAccess is implied) */
  rcps?: PolicyDocumentJson[][];
}

export interface AccountInfo {
  id: string;
  /** IAM data of this account is loaded */
  loaded: boolean;
  orgId?: string;
  /** undefined: not governed by SCPs/RCPs, or unknown (see unknowns) */
  org?: OrgLevels;
}

export interface Unknown {
  /** what it is about: an ARN, or "account 444455556666" */
  subject: string;
  /** the fact that is missing, e.g. "MaxSessionDuration" */
  fact: string;
  reason: string;
}

export interface LoadProblem {
  file: string;
  message: string;
}

const NO_UNKNOWNS: Unknown[] = [];

export class AccountModel {
  readonly users = new Map<string, IamUser>();
  readonly groups = new Map<string, IamGroup>();
  readonly roles = new Map<string, IamRole>();
  readonly policies = new Map<string, ManagedPolicy>();
  readonly accounts = new Map<string, AccountInfo>();
  /** VPC endpoints by ID (vpce-…) */
  readonly vpcEndpoints = new Map<string, VpcEndpoint>();
  readonly unknowns: Unknown[] = [];
  readonly problems: LoadProblem[] = [];
  organizationId?: string;

  account(id: string): AccountInfo {
    let a = this.accounts.get(id);
    if (!a) {
      a = { id, loaded: false };
      this.accounts.set(id, a);
    }
    return a;
  }

  /** Accounts whose IAM data is loaded, sorted. */
  loadedAccounts(): string[] {
    return [...this.accounts.values()].filter((a) => a.loaded).map((a) => a.id).sort();
  }

  /** unknowns by subject: diagnosis asks for them per principal, role and account, many times */
  private readonly unknownIndex = new Map<string, Unknown[]>();

  addUnknown(subject: string, fact: string, reason: string): void {
    const list = this.unknownIndex.get(subject);
    if (list?.some((u) => u.fact === fact)) return;
    const u = { subject, fact, reason };
    this.unknowns.push(u);
    if (list) list.push(u);
    else this.unknownIndex.set(subject, [u]);
  }

  /** Forget an unknown (a later read filled it in). */
  removeUnknown(subject: string, fact: string): void {
    const list = this.unknownIndex.get(subject);
    if (!list) return;
    const i = list.findIndex((u) => u.fact === fact);
    if (i < 0) return;
    const [u] = list.splice(i, 1);
    this.unknowns.splice(this.unknowns.indexOf(u!), 1);
  }

  unknownsFor(subject: string): Unknown[] {
    return this.unknownIndex.get(subject) ?? NO_UNKNOWNS;
  }

  /** Why a principal or role of an account that is not loaded is not known, when a source said (an unreachable account, a denied read). */
  whyNotLoaded(subject: string, account: string | undefined): string | undefined {
    return this.unknownsFor(subject)[0]?.reason ?? (account ? this.unknownsFor(`account ${account}`)[0]?.reason : undefined);
  }

  /** A role by ARN, or by name (in `defaultAccount`, or the only account that has one of that name). */
  findRole(arnOrName: string, defaultAccount?: string): IamRole | undefined {
    if (arnOrName.startsWith("arn:")) {
      const exact = this.roles.get(arnOrName);
      if (exact) return exact;
      // An ARN without the role's path (as in session ARNs or hand-typed) still names the role.
      const arn = parseArn(arnOrName);
      if (!arn || arn.service !== "iam") return undefined;
      const { type, name } = splitIamResource(arn.resource);
      if (type !== "role") return undefined;
      return [...this.roles.values()].find((r) => r.account === arn.account && r.name === name);
    }
    const matches = [...this.roles.values()].filter((r) => r.name === arnOrName && (!defaultAccount || r.account === defaultAccount));
    return matches.length === 1 ? matches[0] : undefined;
  }

  findVpcEndpoint(id: string): VpcEndpoint | undefined {
    return this.vpcEndpoints.get(id);
  }

  managedDocument(arn: string): PolicyDocumentJson | undefined {
    return this.policies.get(arn)?.document;
  }
}

export function tagsFromList(list: unknown): Tags {
  const out: Tags = {};
  if (Array.isArray(list)) {
    for (const t of list) {
      if (t && typeof t === "object" && typeof (t as { Key?: unknown }).Key === "string") {
        out[(t as { Key: string }).Key] = String((t as { Value?: unknown }).Value ?? "");
      }
    }
  }
  return out;
}

type Named = { arn: string; account: string; name: string };
const nameIndexes = new WeakMap<Map<string, Named>, { size: number; fold: boolean; byName: Map<string, Named> }>();

/**
 * The role, user or group of an account by name, from one of the model's maps (`model.roles`,
 * `model.groups`), through an index rebuilt when the map changes in size. `fold`: names compared
 * case-insensitively (role names in STS's session ARNs), else exactly. The first entry of a name
 * wins, as a scan would find it; an entry edited in place (same size, another entity) is not
 * answered from a stale index but by a scan.
 */
export function findByName<T extends Named>(entries: Map<string, T>, account: string, name: string, fold: boolean): T | undefined {
  const norm = (n: string) => (fold ? n.toLowerCase() : n);
  let idx = nameIndexes.get(entries);
  if (!idx || idx.size !== entries.size || idx.fold !== fold) {
    idx = { size: entries.size, fold, byName: new Map() };
    for (const e of entries.values()) {
      const k = `${e.account}\u0000${norm(e.name)}`;
      if (!idx.byName.has(k)) idx.byName.set(k, e);
    }
    nameIndexes.set(entries, idx);
  }
  const want = norm(name);
  const hit = idx.byName.get(`${account}\u0000${want}`) as T | undefined;
  return hit && entries.get(hit.arn) === hit ? hit : [...entries.values()].find((e) => e.account === account && norm(e.name) === want);
}
