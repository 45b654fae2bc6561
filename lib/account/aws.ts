import "server-only";
// The live-AWS source of the account model: the AWS SDK v3 clients (IAM, STS, Organizations) with
// the default credential chain and the SDK's own region, profile and endpoint settings
// (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE> — the SDK reads them).
//
// Two modes:
// - full (`loadFull`): GetAccountAuthorizationDetails (paginated) plus ListRoles for
//   MaxSessionDuration, plus the account's SCP/RCP levels — for "who can assume" questions;
// - lazy (`loadPrincipal`, `loadRole`, `loadManagedPolicies`, `loadOrganization`): only what one
//   diagnosis needs, independent calls in parallel.
// Every call goes through a TTL cache that also merges identical in-flight calls. Throttling is
// retried by the SDK (adaptive mode, bounded attempts); every call has a request timeout and an
// overall deadline. A read that fails (AccessDenied, timeout, network) marks that part of the model
// unknown with a short reason naming the missing permission, and the rest still loads. Credentials
// are never logged nor put into a reason.

import {
  EntityType,
  GetAccountAuthorizationDetailsCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  type IAMClientConfig,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  type AttachedPolicy as SdkAttachedPolicy,
  type Group as SdkGroup,
} from "@aws-sdk/client-iam";
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
  type PolicySummary,
  type PolicyType,
  type Root,
} from "@aws-sdk/client-organizations";
import { DescribeVpcEndpointsCommand, EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { parseArn, splitIamResource } from "@/lib/policy/arn";
import { TtlCache } from "./aws-cache";
import { resolveManagedPolicies } from "./managed-policies";
import { AccountModel, type IamRole, type IamUser, type OrgLevels, type PolicyDocumentJson } from "./model";
import { FileReader, loadAuthorizationDetails, loadListRoles, loadVpcEndpoints, resolveReferencedPolicies } from "./snapshot";

type Json = Record<string, unknown>;
type Service = "iam" | "sts" | "organizations" | "ec2";
interface SendOptions {
  abortSignal: AbortSignal;
}

export interface CallerIdentity {
  arn: string;
  account: string;
  userId: string;
}

export interface AwsSourceOptions {
  /** default: the SDK's region resolution (AWS_REGION, profile), else us-east-1 */
  region?: string;
  /** one endpoint for all three clients (tests); default: the SDK's (AWS_ENDPOINT_URL…) */
  endpoint?: string;
  /** default: the default credential chain, shared by the three clients */
  credentials?: IAMClientConfig["credentials"];
  /** attempts per call, throttling included (default 4) */
  maxAttempts?: number;
  retryMode?: "adaptive" | "standard";
  /** time for one HTTP attempt (default 10 s) */
  requestTimeoutMs?: number;
  /** time to connect (default 3 s) */
  connectionTimeoutMs?: number;
  /** deadline for one call, retries included (default 45 s) */
  callTimeoutMs?: number;
  /** how long a successful answer is reused (default 60 s) */
  cacheTtlMs?: number;
}

export type ReadFailureKind = "denied" | "not-found" | "timeout" | "network" | "credentials" | "other";

/** A failed AWS read; `reason` is short and meant for people: no stack, no secrets. */
export class AwsReadError extends Error {
  constructor(
    readonly permission: string,
    readonly kind: ReadFailureKind,
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "AwsReadError";
  }
}

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "AuthorizationError"]);
const BAD_CREDENTIALS = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "MissingAuthenticationToken",
]);
const NETWORK = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ERR_HTTP2_STREAM_ERROR"]);

/** One line, no SDK prefix, bounded length. */
function shortMessage(message: unknown): string {
  if (typeof message !== "string") return "";
  const m = message
    .replace(/@smithy\/node-http-handler - (\[(ERROR|WARN)\] )?/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return m.length > 240 ? `${m.slice(0, 237)}...` : m;
}

/** Classify an SDK error as a read failure of `permission` (e.g. "iam:GetRolePolicy"). */
export function toReadError(err: unknown, permission: string): AwsReadError {
  if (err instanceof AwsReadError) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const name = typeof e.name === "string" ? e.name : "Error";
  const code = typeof e.code === "string" ? e.code : "";
  const status = e.$metadata?.httpStatusCode;
  const msg = shortMessage(e.message);
  const tail = msg ? `: ${msg}` : "";
  if (BAD_CREDENTIALS.has(name)) return new AwsReadError(permission, "credentials", name, `${permission} failed: the credentials were rejected (${name})${tail}`);
  if (name === "CredentialsProviderError") return new AwsReadError(permission, "credentials", name, `${permission} was not sent: no AWS credentials were found${tail}`);
  if (DENIED.has(name) || status === 403) return new AwsReadError(permission, "denied", name, `${permission} was denied${tail}`);
  if (name === "NoSuchEntity" || name === "NoSuchEntityException" || status === 404) return new AwsReadError(permission, "not-found", name, `${permission}: not found${tail}`);
  if (name === "TimeoutError" || name === "AbortError" || code === "ETIMEDOUT" || name === "RequestTimeout" || name === "RequestTimeoutException") {
    return new AwsReadError(permission, "timeout", name, `${permission} timed out${tail}`);
  }
  if (NETWORK.has(code)) return new AwsReadError(permission, "network", code, `${permission} failed: the AWS endpoint could not be reached (${code})`);
  return new AwsReadError(permission, "other", name, `${permission} failed: ${name}${tail}`);
}

type Result<T> = { ok: true; value: T } | { ok: false; error: AwsReadError };

async function settle<T>(p: Promise<T>, permission = "aws"): Promise<Result<T>> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, error: toReadError(e, permission) };
  }
}

/** An SDK answer as the JSON the CLI would print: Dates to ISO strings, $metadata dropped. */
export function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) if (k !== "$metadata" && x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
}

const plainObj = (v: unknown): Json => plain(v) as Json;
const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

const MAX_PAGES = 1000;
const MAX_ORG_DEPTH = 10;
/** The AWS-managed RCP that API.md says is implied at every level. */
const RCP_FULL_ACCESS_ID = "p-RCPFullAWSAccess";

let sharedRegion: Promise<string> | undefined;
/** The SDK's region resolution (env, profile), falling back to us-east-1 when it finds none. */
function defaultRegion(): Promise<string> {
  sharedRegion ??= (async () => {
    try {
      return await new STSClient({}).config.region();
    } catch {
      return "us-east-1";
    }
  })();
  return sharedRegion;
}

/**
 * The settings every RoleCall AWS client shares: the default credential chain (bounded, so a
 * dropped instance-metadata endpoint cannot stall), adaptive retries, and a timeout on every call
 * (without throwOnRequestTimeout, a request over requestTimeout only logs a warning).
 */
export function sdkClientDefaults(o: { requestTimeoutMs?: number; connectionTimeoutMs?: number; maxAttempts?: number; retryMode?: "adaptive" | "standard" } = {}) {
  return {
    credentials: fromNodeProviderChain({ timeout: 1000, maxRetries: 1 }),
    maxAttempts: o.maxAttempts ?? 4,
    retryMode: o.retryMode ?? "adaptive",
    requestHandler: { requestTimeout: o.requestTimeoutMs ?? 10_000, connectionTimeout: o.connectionTimeoutMs ?? 3_000, throwOnRequestTimeout: true },
  };
}

export class AwsSource {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
  /** the credentials every client of this source signs with (a reader role's, for another account) */
  readonly credentials: NonNullable<IAMClientConfig["credentials"]>;
  private readonly ec2 = new Map<string, EC2Client>();
  private readonly clientConfig: IAMClientConfig;
  private readonly cache: TtlCache;
  private readonly callTimeoutMs: number;
  /** AWS calls sent (cache hits not counted) and the SDK's retries of them (throttling included) */
  readonly stats = { calls: 0, retries: 0 };

  constructor(readonly options: AwsSourceOptions = {}) {
    const defaults = sdkClientDefaults(options);
    this.credentials = options.credentials ?? defaults.credentials;
    const config = {
      ...defaults,
      region: options.region ?? defaultRegion,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      credentials: this.credentials,
    };
    this.clientConfig = config;
    this.iam = new IAMClient(config);
    this.sts = new STSClient(config);
    this.organizations = new OrganizationsClient(config);
    this.cache = new TtlCache({ ttlMs: options.cacheTtlMs ?? 60_000 });
    this.callTimeoutMs = options.callTimeoutMs ?? 45_000;
  }

  /** Forget every cached answer. */
  clearCache(): void {
    this.cache.clear();
  }

  destroy(): void {
    this.iam.destroy();
    this.sts.destroy();
    this.organizations.destroy();
    for (const c of this.ec2.values()) c.destroy();
    this.ec2.clear();
  }

  /** The EC2 client of one Region (VPC endpoints are regional). */
  private ec2In(region: string): EC2Client {
    let c = this.ec2.get(region);
    if (!c) {
      c = new EC2Client({ ...this.clientConfig, region } as EC2ClientConfig);
      this.ec2.set(region, c);
    }
    return c;
  }

  // ---------------------------------------------------------------- calls

  /** One AWS call through the cache, with a deadline; rejects with an AwsReadError. */
  private call<I extends object, O>(service: Service, op: string, input: I, send: (input: I, options: SendOptions) => Promise<O>, scope = ""): Promise<O> {
    const permission = `${service}:${op}`;
    return this.cache.get(`${permission} ${scope} ${JSON.stringify(input)}`, () => this.withDeadline(permission, (abortSignal) => send(input, { abortSignal })));
  }

  private async withDeadline<O>(permission: string, run: (signal: AbortSignal) => Promise<O>): Promise<O> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new AwsReadError(permission, "timeout", "Deadline", `${permission} timed out: no answer within ${Math.round(this.callTimeoutMs / 100) / 10} s (retries included)`));
      }, this.callTimeoutMs);
    });
    const attempts = (v: unknown) => {
      const n = (v as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
      if (typeof n === "number" && n > 1) this.stats.retries += n - 1;
    };
    this.stats.calls++;
    try {
      const out = await Promise.race([run(controller.signal), deadline]);
      attempts(out);
      return out;
    } catch (e) {
      attempts(e);
      throw toReadError(e, permission);
    } finally {
      clearTimeout(timer);
    }
  }

  /** All pages of an IAM list call (Marker / IsTruncated). */
  private async iamPages<I extends object, P extends { IsTruncated?: boolean; Marker?: string }>(
    op: string,
    input: I,
    send: (input: I & { Marker?: string }, options: SendOptions) => Promise<P>,
  ): Promise<P[]> {
    const pages: P[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await this.call("iam", op, (marker ? { ...input, Marker: marker } : input) as I & { Marker?: string }, send);
      pages.push(page);
      if (!page.IsTruncated || !page.Marker || seen.has(page.Marker)) break;
      seen.add(page.Marker);
      marker = page.Marker;
    }
    return pages;
  }

  /** All pages of an Organizations list call (NextToken). */
  private async orgPages<I extends object, P extends { NextToken?: string }>(
    op: string,
    input: I,
    send: (input: I & { NextToken?: string }, options: SendOptions) => Promise<P>,
  ): Promise<P[]> {
    const pages: P[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await this.call("organizations", op, (token ? { ...input, NextToken: token } : input) as I & { NextToken?: string }, send);
      pages.push(page);
      if (!page.NextToken || seen.has(page.NextToken)) break;
      seen.add(page.NextToken);
      token = page.NextToken;
    }
    return pages;
  }

  // ---------------------------------------------------------------- identity

  /** The identity of the credentials (GetCallerIdentity, cached). Rejects with an AwsReadError. */
  async identity(): Promise<CallerIdentity> {
    const out = await this.call("sts", "GetCallerIdentity", {}, (i, o) => this.sts.send(new GetCallerIdentityCommand(i), o));
    if (!out.Arn || !out.Account) throw new AwsReadError("sts:GetCallerIdentity", "other", "Incomplete", "sts:GetCallerIdentity answered without an ARN or account");
    return { arn: out.Arn, account: out.Account, userId: out.UserId ?? "" };
  }

  private partition(me: CallerIdentity): string {
    return parseArn(me.arn)?.partition ?? "aws";
  }

  private notLoaded(account: string, me: CallerIdentity): string {
    return `account ${account} is not loaded: the dashboard's credentials read account ${me.account}`;
  }

  // ---------------------------------------------------------------- full mode

  /** Every page of GetAccountAuthorizationDetails (users, roles, groups, customer managed policies). */
  authorizationDetailsPages() {
    return this.iamPages(
      "GetAccountAuthorizationDetails",
      { Filter: [EntityType.User, EntityType.Role, EntityType.Group, EntityType.LocalManagedPolicy], MaxItems: 1000 },
      (i, o) => this.iam.send(new GetAccountAuthorizationDetailsCommand(i), o),
    );
  }

  /** Every page of ListRoles (for MaxSessionDuration, which authorization details lacks). */
  listRolesPages() {
    return this.iamPages("ListRoles", { MaxItems: 1000 }, (i, o) => this.iam.send(new ListRolesCommand(i), o));
  }

  /** The VPC endpoints of one Region, every page merged (ec2:DescribeVpcEndpoints), as the CLI prints them. */
  async vpcEndpoints(region: string): Promise<Json[]> {
    const out: Json[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const input = { MaxResults: 1000, ...(token ? { NextToken: token } : {}) };
      const page = await this.call("ec2", "DescribeVpcEndpoints", input, (inp, o) => this.ec2In(region).send(new DescribeVpcEndpointsCommand(inp), o), region);
      out.push(...(page.VpcEndpoints ?? []).map(plainObj));
      if (!page.NextToken || seen.has(page.NextToken)) break;
      seen.add(page.NextToken);
      token = page.NextToken;
    }
    return out;
  }

  /**
   * The VPC endpoints of the account in each Region, into the model; a Region that cannot be read
   * gets an unknown naming ec2:DescribeVpcEndpoints. Never rejects.
   */
  async loadVpcEndpoints(model: AccountModel, regions: string[]): Promise<void> {
    const me = await settle(this.identity());
    const account = me.ok ? me.value.account : "unknown";
    await Promise.all(
      unique(regions).map(async (region) => {
        const r = await settle(this.vpcEndpoints(region), "ec2:DescribeVpcEndpoints");
        if (r.ok) loadVpcEndpoints(new FileReader(model, `AWS ec2:DescribeVpcEndpoints ${account} ${region}`), { VpcEndpoints: r.value });
        else model.addUnknown(`account ${account}`, `VPC endpoints in ${region}`, r.error.reason);
      }),
    );
  }

  /**
   * The whole account of the credentials: GetAccountAuthorizationDetails (users, groups, roles,
   * customer managed policies), ListRoles for MaxSessionDuration, and — unless `organization` is
   * false (the hub reads every account's levels at once) — the account's SCP/RCP levels.
   * Rejects (AwsReadError) only when the identity of the credentials cannot be read; resolves with
   * the error of the IAM read when the account's IAM could not be read.
   */
  async loadFull(model: AccountModel, options: { organization?: boolean } = {}): Promise<{ iamError?: AwsReadError }> {
    const me = await this.identity();
    const account = me.account;
    model.account(account);

    const [details, listed] = await Promise.all([
      settle(this.authorizationDetailsPages()),
      settle(this.listRolesPages()),
      options.organization === false ? undefined : this.loadOrganization(model, [account]),
    ]);

    if (details.ok) {
      const reader = new FileReader(model, "AWS iam:GetAccountAuthorizationDetails");
      for (const page of details.value) {
        const doc = plainObj(page);
        loadAuthorizationDetails(reader, doc);
        this.markFromAws(model, doc);
      }
      model.account(account).loaded = true;
    } else {
      model.addUnknown(`account ${account}`, "IAM users, groups, roles and policies", details.error.reason);
    }

    if (listed.ok) {
      const roles = listed.value.flatMap((p) => (p.Roles ?? []).map(plainObj));
      if (!details.ok) {
        for (const r of roles) {
          if (typeof r.Arn === "string") model.addUnknown(r.Arn, "permission policies", details.error.reason);
        }
      }
      loadListRoles(new FileReader(model, "AWS iam:ListRoles"), { Roles: roles }, new Set());
    }
    for (const role of model.roles.values()) {
      if (role.account === account && role.maxSessionDuration === null) {
        model.addUnknown(role.arn, "MaxSessionDuration", listed.ok ? "iam:ListRoles did not return this role" : listed.error.reason);
      }
    }

    await this.resolveAwsManaged(model);
    await resolveReferencedPolicies(model, "GetAccountAuthorizationDetails");
    return details.ok ? {} : { iamError: details.error };
  }

  /** AWS managed policies referenced in the model: the bundled copy first, then GetPolicy for the rest. */
  private async resolveAwsManaged(model: AccountModel): Promise<void> {
    const referenced = new Set<string>();
    for (const e of [...model.users.values(), ...model.groups.values(), ...model.roles.values()]) {
      for (const p of e.attachedPolicies) referenced.add(p.arn);
      if ("permissionsBoundary" in e && e.permissionsBoundary) referenced.add(e.permissionsBoundary);
    }
    const missing = [...referenced].filter((arn) => !model.policies.has(arn) && arn.includes(":iam::aws:policy/"));
    if (missing.length === 0) return;
    const bundled = await resolveManagedPolicies(missing);
    for (const [arn, p] of bundled) model.policies.set(arn, p);
    const rest = missing.filter((arn) => !model.policies.has(arn));
    if (rest.length > 0) await this.loadManagedPolicies(model, rest, { bundledFallback: false });
  }

  /** Policies that came from AWS in `doc` are marked as such (loadAuthorizationDetails says "snapshot"). */
  private markFromAws(model: AccountModel, doc: Json): void {
    for (const p of Array.isArray(doc.Policies) ? doc.Policies : []) {
      const arn = (p as Json | null)?.Arn;
      const policy = typeof arn === "string" ? model.policies.get(arn) : undefined;
      if (!policy) continue;
      policy.origin = "aws";
      if (!policy.document) model.addUnknown(policy.arn, "document", "the default version's document from AWS is not a valid policy document");
    }
  }

  // ---------------------------------------------------------------- lazy mode

  /**
   * A caller and the policies that apply to it: an IAM user (with its groups), a role, or the role
   * of an assumed-role session. Principals of other accounts and of other kinds are recorded as
   * unknown. Never rejects.
   */
  async loadPrincipal(model: AccountModel, principal: string): Promise<IamUser | IamRole | undefined> {
    const arn = parseArn(principal);
    if (!arn) return undefined; // a service principal: no IAM policies to read
    const me = await settle(this.identity(), "sts:GetCallerIdentity");
    if (!me.ok) {
      model.addUnknown(principal, "identity policies", me.error.reason);
      return undefined;
    }
    if (arn.account !== me.value.account) {
      const known = model.users.get(principal) ?? model.findRole(principal);
      if (!known && !model.account(arn.account).loaded) model.addUnknown(principal, "identity policies", this.notLoaded(arn.account, me.value));
      return known;
    }
    const { type, name } = splitIamResource(arn.resource);
    if (arn.service === "iam") {
      if (type === "user" && name) return this.loadUser(model, principal, name, me.value);
      if (type === "role" && name) return this.loadRole(model, principal);
      return undefined; // the account root: no identity policies
    }
    if (arn.service === "sts" && type === "assumed-role") {
      const roleName = arn.resource.split("/")[1]; // assumed-role/ROLE/SESSION
      if (roleName) return this.loadRole(model, `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`);
    }
    if (arn.service === "sts" && type === "federated-user") {
      model.addUnknown(principal, "identity policies", "a federated user's permissions are those of the IAM user that called GetFederationToken, limited by its session policy, which IAM does not expose");
    }
    return undefined;
  }

  /**
   * A role by ARN or name (in the credentials' account): GetRole (trust policy, MaxSessionDuration,
   * last use, tags, boundary), its inline and attached policies and instance profiles, all in
   * parallel, then its managed policies. Undefined when it does not exist or cannot be read (see
   * model.unknowns). Never rejects.
   */
  async loadRole(model: AccountModel, arnOrName: string): Promise<IamRole | undefined> {
    const me = await settle(this.identity(), "sts:GetCallerIdentity");
    if (!me.ok) {
      model.addUnknown(arnOrName, "role", me.error.reason);
      return undefined;
    }
    let account = me.value.account;
    let roleName = arnOrName;
    if (arnOrName.startsWith("arn:")) {
      const arn = parseArn(arnOrName);
      const parts = arn ? splitIamResource(arn.resource) : undefined;
      if (!arn || arn.service !== "iam" || parts?.type !== "role" || !parts.name) {
        model.addUnknown(arnOrName, "role", "not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        return undefined;
      }
      account = arn.account;
      roleName = parts.name;
    }
    const subject = arnOrName.startsWith("arn:") ? arnOrName : `arn:${this.partition(me.value)}:iam::${account}:role/${roleName}`;
    if (account !== me.value.account) {
      const known = model.findRole(subject);
      if (!known && !model.account(account).loaded) model.addUnknown(subject, "role", this.notLoaded(account, me.value));
      return known;
    }

    const input = { RoleName: roleName };
    const [role, inline, attached, profiles] = await Promise.all([
      settle(this.call("iam", "GetRole", input, (i, o) => this.iam.send(new GetRoleCommand(i), o))),
      this.inlinePolicies("Role", roleName),
      settle(this.iamPages("ListAttachedRolePolicies", input, (i, o) => this.iam.send(new ListAttachedRolePoliciesCommand(i), o))),
      settle(this.iamPages("ListInstanceProfilesForRole", input, (i, o) => this.iam.send(new ListInstanceProfilesForRoleCommand(i), o))),
    ]);
    if (!role.ok || !role.value.Role) {
      if (role.ok || role.error.kind === "not-found") {
        // an authoritative "no such role": drop a stale copy
        for (const r of [...model.roles.values()]) if (r.account === account && r.name === roleName) model.roles.delete(r.arn);
        model.account(account).loaded = true;
      } else {
        model.addUnknown(subject, "role", role.error.reason);
      }
      return undefined;
    }
    const r = plainObj(role.value.Role);
    for (const u of inline.unknowns) model.addUnknown(subject, u.fact, u.reason);
    const attachedList = attached.ok ? attached.value.flatMap((p) => p.AttachedPolicies ?? []) : [];
    if (!attached.ok) model.addUnknown(subject, "attached managed policies", attached.error.reason);
    if (!profiles.ok) model.addUnknown(subject, "instance profiles", profiles.error.reason);
    const doc = {
      RoleDetailList: [
        {
          ...r,
          RolePolicyList: inline.policies,
          AttachedManagedPolicies: attachedList.map(plainObj),
          InstanceProfileList: profiles.ok ? profiles.value.flatMap((p) => (p.InstanceProfiles ?? []).map(plainObj)) : [],
        },
      ],
    };
    loadAuthorizationDetails(new FileReader(model, "AWS iam:GetRole"), doc);
    const loaded = model.roles.get(r.Arn as string);
    if (loaded && loaded.maxSessionDuration === null) model.addUnknown(loaded.arn, "MaxSessionDuration", "iam:GetRole answered without MaxSessionDuration");
    await this.loadManagedPolicies(model, [...attachedList.flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])), ...(loaded?.permissionsBoundary ? [loaded.permissionsBoundary] : [])]);
    return loaded;
  }

  private async loadUser(model: AccountModel, subject: string, userName: string, me: CallerIdentity): Promise<IamUser | undefined> {
    const input = { UserName: userName };
    const [user, inline, attached, groups] = await Promise.all([
      settle(this.call("iam", "GetUser", input, (i, o) => this.iam.send(new GetUserCommand(i), o))),
      this.inlinePolicies("User", userName),
      settle(this.iamPages("ListAttachedUserPolicies", input, (i, o) => this.iam.send(new ListAttachedUserPoliciesCommand(i), o))),
      settle(this.iamPages("ListGroupsForUser", input, (i, o) => this.iam.send(new ListGroupsForUserCommand(i), o))),
    ]);
    if (!user.ok || !user.value.User) {
      if (user.ok || user.error.kind === "not-found") {
        for (const u of [...model.users.values()]) if (u.account === me.account && u.name === userName) model.users.delete(u.arn);
        model.account(me.account).loaded = true;
      } else {
        model.addUnknown(subject, "user", user.error.reason);
      }
      return undefined;
    }
    for (const u of inline.unknowns) model.addUnknown(subject, u.fact, u.reason);
    const attachedList: SdkAttachedPolicy[] = attached.ok ? attached.value.flatMap((p) => p.AttachedPolicies ?? []) : [];
    if (!attached.ok) model.addUnknown(subject, "attached managed policies", attached.error.reason);
    const groupList: SdkGroup[] = groups.ok ? groups.value.flatMap((p) => p.Groups ?? []) : [];
    if (!groups.ok) model.addUnknown(subject, "group memberships", groups.error.reason);
    const u = plainObj(user.value.User);
    const boundary = (user.value.User.PermissionsBoundary?.PermissionsBoundaryArn ?? undefined) as string | undefined;

    // The user's own managed policies load while its groups are read.
    const [groupDocs] = await Promise.all([
      Promise.all(groupList.map((g) => this.loadGroup(model, g))),
      this.loadManagedPolicies(model, [...attachedList.flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])), ...(boundary ? [boundary] : [])]),
    ]);
    loadAuthorizationDetails(new FileReader(model, "AWS iam:GetUser"), {
      UserDetailList: [
        {
          ...u,
          GroupList: groupList.flatMap((g) => (g.GroupName ? [g.GroupName] : [])),
          UserPolicyList: inline.policies,
          AttachedManagedPolicies: attachedList.map(plainObj),
        },
      ],
      GroupDetailList: groupDocs,
    });
    return model.users.get(u.Arn as string);
  }

  /** A group's inline and attached policies (and the attached documents), as a GroupDetailList entry. */
  private async loadGroup(model: AccountModel, group: SdkGroup): Promise<Json> {
    const name = group.GroupName ?? "";
    const subject = group.Arn ?? name;
    const [inline, attached] = await Promise.all([
      this.inlinePolicies("Group", name),
      settle(this.iamPages("ListAttachedGroupPolicies", { GroupName: name }, (i, o) => this.iam.send(new ListAttachedGroupPoliciesCommand(i), o))),
    ]);
    for (const u of inline.unknowns) model.addUnknown(subject, u.fact, u.reason);
    const attachedList = attached.ok ? attached.value.flatMap((p) => p.AttachedPolicies ?? []) : [];
    if (!attached.ok) model.addUnknown(subject, "attached managed policies", attached.error.reason);
    await this.loadManagedPolicies(model, attachedList.flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])));
    return { ...plainObj(group), GroupPolicyList: inline.policies, AttachedManagedPolicies: attachedList.map(plainObj) };
  }

  /**
   * Inline policies of a role, user or group: List…Policies, then Get…Policy for each, in parallel.
   * What could not be read is returned as unknowns, for the caller to record once it knows the
   * entity exists.
   */
  private async inlinePolicies(kind: "Role" | "User" | "Group", name: string): Promise<{ policies: Json[]; unknowns: Array<{ fact: string; reason: string }> }> {
    const list = await settle(this.listInlineNames(kind, name));
    if (!list.ok) return { policies: [], unknowns: [{ fact: "inline policies", reason: list.error.reason }] };
    const docs = await Promise.all(list.value.map((policyName) => settle(this.getInline(kind, name, policyName))));
    const unknowns: Array<{ fact: string; reason: string }> = [];
    const policies = docs.flatMap((d, i) => {
      if (d.ok) return [{ PolicyName: list.value[i], PolicyDocument: d.value }];
      unknowns.push({ fact: `inline policy ${list.value[i]}`, reason: d.error.reason });
      return [];
    });
    return { policies, unknowns };
  }

  private async listInlineNames(kind: "Role" | "User" | "Group", name: string): Promise<string[]> {
    const pages =
      kind === "Role"
        ? await this.iamPages("ListRolePolicies", { RoleName: name }, (i, o) => this.iam.send(new ListRolePoliciesCommand(i), o))
        : kind === "User"
          ? await this.iamPages("ListUserPolicies", { UserName: name }, (i, o) => this.iam.send(new ListUserPoliciesCommand(i), o))
          : await this.iamPages("ListGroupPolicies", { GroupName: name }, (i, o) => this.iam.send(new ListGroupPoliciesCommand(i), o));
    return pages.flatMap((p) => p.PolicyNames ?? []);
  }

  private async getInline(kind: "Role" | "User" | "Group", name: string, policyName: string): Promise<string | undefined> {
    const out =
      kind === "Role"
        ? await this.call("iam", "GetRolePolicy", { RoleName: name, PolicyName: policyName }, (i, o) => this.iam.send(new GetRolePolicyCommand(i), o))
        : kind === "User"
          ? await this.call("iam", "GetUserPolicy", { UserName: name, PolicyName: policyName }, (i, o) => this.iam.send(new GetUserPolicyCommand(i), o))
          : await this.call("iam", "GetGroupPolicy", { GroupName: name, PolicyName: policyName }, (i, o) => this.iam.send(new GetGroupPolicyCommand(i), o));
    return out.PolicyDocument;
  }

  /**
   * Managed policies at their default version: GetPolicy, then GetPolicyVersion(DefaultVersionId).
   * An AWS managed policy that cannot be read falls back to the bundled copy. Never rejects.
   */
  async loadManagedPolicies(model: AccountModel, arns: string[], options: { bundledFallback?: boolean } = {}): Promise<void> {
    await Promise.all(unique(arns).map((arn) => this.loadManagedPolicy(model, arn, options.bundledFallback ?? true)));
  }

  private async loadManagedPolicy(model: AccountModel, arn: string, bundledFallback: boolean): Promise<void> {
    const result = await settle(
      (async () => {
        const p = await this.call("iam", "GetPolicy", { PolicyArn: arn }, (i, o) => this.iam.send(new GetPolicyCommand(i), o));
        const versionId = p.Policy?.DefaultVersionId;
        if (!p.Policy || !versionId) throw new AwsReadError("iam:GetPolicy", "other", "Incomplete", "iam:GetPolicy answered without a default version");
        const v = await this.call("iam", "GetPolicyVersion", { PolicyArn: arn, VersionId: versionId }, (i, o) => this.iam.send(new GetPolicyVersionCommand(i), o));
        return { policy: plainObj(p.Policy), version: plainObj(v.PolicyVersion ?? {}) };
      })(),
    );
    if (result.ok) {
      const doc = { Policies: [{ ...result.value.policy, Arn: arn, PolicyVersionList: [{ ...result.value.version, IsDefaultVersion: true }] }] };
      loadAuthorizationDetails(new FileReader(model, "AWS iam:GetPolicyVersion"), doc);
      this.markFromAws(model, doc);
      return;
    }
    if (bundledFallback && arn.includes(":iam::aws:policy/")) {
      const bundled = (await resolveManagedPolicies([arn])).get(arn);
      if (bundled) {
        model.policies.set(arn, bundled);
        return;
      }
    }
    model.addUnknown(arn, "document", result.error.kind === "not-found" ? `${result.error.permission}: the policy does not exist` : result.error.reason);
  }

  // ---------------------------------------------------------------- Organizations

  /**
   * SCP and RCP levels (root first, the account last) of each account, into model.account(id).org;
   * the organization's ID into account.orgId and model.organizationId. An account whose levels
   * cannot be read gets an unknown naming the missing permission. Never rejects.
   */
  async loadOrganization(model: AccountModel, accountIds: string[]): Promise<void> {
    const ids = unique(accountIds.filter((id) => /^\d{12}$/.test(id)));
    if (ids.length === 0) return;
    const described = await settle(this.call("organizations", "DescribeOrganization", {}, (i, o) => this.organizations.send(new DescribeOrganizationCommand(i), o)));
    if (!described.ok) {
      if (described.error.code === "AWSOrganizationsNotInUseException") {
        // The credentials' account is in no organization: no SCPs or RCPs govern it.
        const me = await settle(this.identity());
        for (const id of ids) {
          if (me.ok && id === me.value.account) {
            const a = model.account(id);
            a.org = undefined;
            a.orgId = undefined;
          } else {
            model.addUnknown(`account ${id}`, "SCPs and RCPs", `the dashboard's account${me.ok ? ` ${me.value.account}` : ""} is in no organization, so the SCPs and RCPs of account ${id} cannot be read`);
          }
        }
        return;
      }
      for (const id of ids) model.addUnknown(`account ${id}`, "SCPs and RCPs", described.error.reason);
      return;
    }
    const org = described.value.Organization;
    const orgId = org?.Id;
    if (orgId) model.organizationId ??= orgId;
    if (org?.FeatureSet && org.FeatureSet !== "ALL") {
      // consolidated billing only: SCPs and RCPs do not exist in such an organization
      for (const id of ids) if (orgId) model.account(id).orgId = orgId;
      return;
    }
    // Which policy types the root has enabled; undefined when that cannot be read (then inferred).
    const roots = await settle(this.orgPages("ListRoots", {}, (i, o) => this.organizations.send(new ListRootsCommand(i), o)));
    const root: Root | undefined = roots.ok ? roots.value.flatMap((p) => p.Roots ?? [])[0] : undefined;
    const enabled = (type: PolicyType): boolean | undefined => (root ? (root.PolicyTypes ?? []).some((t) => t.Type === type && t.Status === "ENABLED") : undefined);
    const types = { scp: enabled("SERVICE_CONTROL_POLICY"), rcp: enabled("RESOURCE_CONTROL_POLICY") };
    await Promise.all(ids.map((id) => this.loadAccountLevels(model, id, orgId, types)));
  }

  private async loadAccountLevels(model: AccountModel, accountId: string, orgId: string | undefined, types: { scp?: boolean; rcp?: boolean }): Promise<void> {
    const subject = `account ${accountId}`;
    const chain = await settle(this.parentChain(accountId));
    if (!chain.ok) {
      model.addUnknown(subject, "SCPs and RCPs", chain.error.reason);
      return;
    }
    const a = model.account(accountId);
    if (orgId) a.orgId = orgId;
    const targets = [...chain.value.reverse(), accountId]; // root first, the account last
    const [scps, rcps] = await Promise.all([
      types.scp === false ? undefined : settle(this.levels(model, targets, "SERVICE_CONTROL_POLICY")),
      types.rcp === false ? undefined : settle(this.levels(model, targets, "RESOURCE_CONTROL_POLICY")),
    ]);
    const levels: OrgLevels = {};
    if (scps?.ok) {
      // With SCPs enabled every node has at least one SCP; an empty level means they are not in force.
      if (types.scp === true || scps.value.every((l) => l.length > 0)) levels.scps = scps.value;
    } else if (scps) {
      model.addUnknown(subject, "SCPs", scps.error.reason);
    }
    if (rcps?.ok) {
      if (rcps.value.some((l) => l.length > 0) || types.rcp === true) levels.rcps = rcps.value;
    } else if (rcps) {
      model.addUnknown(subject, "RCPs", rcps.error.reason);
    }
    a.org = levels.scps || levels.rcps ? levels : undefined;
  }

  /** The organization's ACTIVE accounts (organizations:ListAccounts, every page). Rejects with an AwsReadError. */
  async organizationAccounts(): Promise<string[]> {
    const pages = await this.orgPages("ListAccounts", {}, (i, o) => this.organizations.send(new ListAccountsCommand(i), o));
    // State (newer) or Status (older): only ACTIVE accounts are read
    return pages.flatMap((p) => p.Accounts ?? []).flatMap((a) => ((a as { State?: string }).State ?? a.Status ?? "ACTIVE") === "ACTIVE" && a.Id ? [a.Id] : []);
  }

  /** The account's ancestors, nearest first, ending at the root. */
  private async parentChain(accountId: string): Promise<string[]> {
    const chain: string[] = [];
    let child = accountId;
    for (let depth = 0; depth < MAX_ORG_DEPTH; depth++) {
      const pages = await this.orgPages("ListParents", { ChildId: child }, (i, o) => this.organizations.send(new ListParentsCommand(i), o));
      const parent = pages.flatMap((p) => p.Parents ?? [])[0];
      if (!parent?.Id) throw new AwsReadError("organizations:ListParents", "other", "NoParent", `organizations:ListParents gave no parent for ${child}`);
      chain.push(parent.Id);
      if (parent.Type === "ROOT") return chain;
      child = parent.Id;
    }
    throw new AwsReadError("organizations:ListParents", "other", "TooDeep", `the organization is deeper than ${MAX_ORG_DEPTH} levels above account ${accountId}`);
  }

  /** The documents of one policy type attached at each target (RCPFullAWSAccess left out: it is implied). */
  private async levels(model: AccountModel, targets: string[], type: PolicyType): Promise<PolicyDocumentJson[][]> {
    const reader = new FileReader(model, "AWS organizations:DescribePolicy");
    return Promise.all(
      targets.map(async (target) => {
        const pages = await this.orgPages("ListPoliciesForTarget", { TargetId: target, Filter: type }, (i, o) => this.organizations.send(new ListPoliciesForTargetCommand(i), o));
        const summaries: PolicySummary[] = pages
          .flatMap((p) => p.Policies ?? [])
          .filter((p) => p.Id && !(type === "RESOURCE_CONTROL_POLICY" && (p.Id === RCP_FULL_ACCESS_ID || (p.AwsManaged && p.Name === "RCPFullAWSAccess"))));
        const docs = await Promise.all(
          summaries.map(async (s) => {
            const d = await this.call("organizations", "DescribePolicy", { PolicyId: s.Id! }, (i, o) => this.organizations.send(new DescribePolicyCommand(i), o));
            const doc = reader.document(d.Policy?.Content, `${type === "SERVICE_CONTROL_POLICY" ? "SCP" : "RCP"} ${s.Id} (${s.Name ?? ""}) at ${target}`);
            if (!doc) throw new AwsReadError("organizations:DescribePolicy", "other", "Malformed", `policy ${s.Id} attached at ${target} is not a valid policy document`);
            return doc;
          }),
        );
        return docs;
      }),
    );
  }
}

// ---------------------------------------------------------------- the app's source

let shared: AwsSource | undefined;

/** The AwsSource of the app (default credential chain and SDK settings), created once: the hub. */
export function awsSource(): AwsSource {
  shared ??= new AwsSource();
  return shared;
}
