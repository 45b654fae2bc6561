import "server-only";
// Every account of ROLECALL_ACCOUNTS, live (rules reference R12.9, hub and spoke): RoleCall's own
// identity (the hub, the default credential chain) reads its own account directly and every other
// account through the reader role there (ROLECALL_READER_ROLE, with ROLECALL_READER_EXTERNAL_ID),
// one AwsSource — one client set, one TTL cache — per account. The reader credentials come from
// the SDK's fromTemporaryCredentials provider, which the clients refresh before they expire (the
// reader sessions are chained sessions of at most one hour when the hub itself is a role session).
//
// `org` lists the organization's ACTIVE accounts with organizations:ListAccounts; SCP and RCP
// levels are read by the hub for every account at once (the management account or a delegated
// administrator can read them; a member cannot). Accounts load in parallel, at most `concurrency`
// at a time. An account whose reader role cannot be assumed, or whose IAM cannot be read, is
// `unreachable` with a reason that says what to do, and its facts are unknown, never guessed.

import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from "@smithy/core";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { parseArn } from "@/lib/policy/arn";
import { AwsReadError, AwsSource, awsSource, toReadError, type AwsSourceOptions, type CallerIdentity } from "./aws";
import { AccountModel, type IamRole, type IamUser } from "./model";

export type AccountsSetting = { kind: "self" } | { kind: "org" } | { kind: "list"; ids: string[] };

export type AccountStateName = "loaded" | "loading" | "unreachable";

/** One entry of /api/health's accountStatus. */
export interface AccountState {
  account: string;
  state: AccountStateName;
  reason: string | null;
}

/** ROLECALL_ACCOUNTS: `self`, `org`, or a comma list of 12-digit account IDs. Throws a message that says what to fix. */
export function parseAccountsSetting(value: string | undefined): AccountsSetting {
  const v = (value ?? "").trim();
  if (v === "" || v === "self") return { kind: "self" };
  if (v === "org") return { kind: "org" };
  const ids = v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length || ids.length === 0) {
    throw new Error(`ROLECALL_ACCOUNTS must be self, org or a comma list of 12-digit account IDs (got ${JSON.stringify(value)}${bad.length ? `: ${bad.map((b) => JSON.stringify(b)).join(", ")} is not an account ID` : ""})`);
  }
  return { kind: "list", ids: [...new Set(ids)] };
}

/** ROLECALL_READER_ROLE: a role name, or `path/name`. Throws a message that says what to fix. */
export function parseReaderRole(value: string | undefined): string {
  const v = (value ?? "").trim().replace(/^\/+|\/+$/g, "");
  if (v === "") return "rolecall-reader";
  if (!/^[\w+=,.@/-]{1,576}$/.test(v) || v.includes("//")) {
    throw new Error(`ROLECALL_READER_ROLE must be a role name or path/name, such as rolecall-reader or security/rolecall-reader (got ${JSON.stringify(value)})`);
  }
  return v;
}

/** The ARN of the role whose trust policy must name the hub: a session's role, or the identity itself. */
export function trustableArn(me: CallerIdentity): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(me.arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : me.arn;
}

export interface AwsOrganizationOptions extends AwsSourceOptions {
  /** ROLECALL_ACCOUNTS (default self) */
  accounts?: AccountsSetting;
  /** ROLECALL_READER_ROLE (default rolecall-reader) */
  readerRole?: string;
  /** ROLECALL_READER_EXTERNAL_ID */
  externalId?: string;
  /** accounts read at once (default 4) */
  concurrency?: number;
  /** the reader sessions' DurationSeconds (default 3600: the most a chained session may last) */
  readerSessionSeconds?: number;
  /** Regions whose VPC endpoints are read (default: the SDK's Region) */
  vpcEndpointRegions?: string[];
  /** the hub's source; default: a new AwsSource of these options */
  hub?: AwsSource;
}

type Reach = { ok: true; source: AwsSource } | { ok: false; reason: string };

export class AwsOrganization {
  readonly hub: AwsSource;
  readonly setting: AccountsSetting;
  readonly readerRole: string;
  private readonly spokes = new Map<string, { reach: Promise<Reach>; at: number }>();
  private readonly status = new Map<string, AccountState>();
  private accountList?: Promise<string[]>;
  private readonly concurrency: number;
  /** problems of the organization itself (ListAccounts denied): shown with the health's problems */
  readonly problems: Array<{ file: string; message: string }> = [];
  private fullLoad?: Promise<void>;

  constructor(readonly options: AwsOrganizationOptions = {}) {
    this.hub = options.hub ?? new AwsSource(options);
    this.setting = options.accounts ?? { kind: "self" };
    this.readerRole = options.readerRole ?? "rolecall-reader";
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  destroy(): void {
    this.hub.destroy();
    for (const p of this.spokes.values()) void p.reach.then((r) => r.ok && r.source !== this.hub && r.source.destroy());
    this.spokes.clear();
  }

  /** The accounts of ROLECALL_ACCOUNTS, the hub's own first when it is one of them. Rejects only when the hub's identity cannot be read. */
  accounts(): Promise<string[]> {
    this.accountList ??= (async () => {
      const me = await this.hub.identity();
      let ids: string[];
      if (this.setting.kind === "self") ids = [me.account];
      else if (this.setting.kind === "list") ids = this.setting.ids;
      else ids = await this.organizationAccounts(me);
      const sorted = [...new Set(ids)].sort();
      return sorted.includes(me.account) ? [me.account, ...sorted.filter((a) => a !== me.account)] : sorted;
    })();
    this.accountList.catch(() => {
      this.accountList = undefined;
    });
    return this.accountList;
  }

  private async organizationAccounts(me: CallerIdentity): Promise<string[]> {
    try {
      return await this.hub.organizationAccounts();
    } catch (e) {
      const err = toReadError(e, "organizations:ListAccounts");
      this.problems.push({
        file: "ROLECALL_ACCOUNTS=org",
        message: `${err.reason}. Only account ${me.account} is read: run RoleCall in the management account or a delegated administrator for Organizations, or list the accounts in ROLECALL_ACCOUNTS.`,
      });
      return [me.account];
    }
  }

  /** The reader role's ARN in `account`. */
  readerRoleArn(account: string, partition = "aws"): string {
    return `arn:${partition}:iam::${account}:role/${this.readerRole}`;
  }

  /** The source that reads `account`: the hub for its own, else the reader role's session (assumed once, refreshed by the SDK). */
  async reach(account: string): Promise<Reach> {
    const hit = this.spokes.get(account);
    if (hit) {
      const r = await hit.reach;
      // an unreachable account is tried again after a minute: its reader role may have been deployed since
      if (r.ok || Date.now() - hit.at < (this.options.cacheTtlMs ?? 60_000)) return r;
      if (this.spokes.get(account) === hit) this.spokes.delete(account);
      return this.reach(account);
    }
    const entry = { reach: this.connect(account), at: Date.now() };
    this.spokes.set(account, entry);
    entry.reach.catch(() => this.spokes.get(account) === entry && this.spokes.delete(account));
    return entry.reach;
  }

  private async connect(account: string): Promise<Reach> {
    const me = await this.hub.identity();
    if (account === me.account) return { ok: true, source: this.hub };
    const partition = parseArn(me.arn)?.partition ?? "aws";
    const roleArn = this.readerRoleArn(account, partition);
    const o = this.options;
    // One provider for the four clients of the account (IAM, STS, Organizations, EC2), memoized
    // once so that they share one reader session, refreshed 5 minutes before it expires.
    const credentials = memoizeIdentityProvider(fromTemporaryCredentials({
      params: {
        RoleArn: roleArn,
        RoleSessionName: `rolecall-${me.account}`,
        DurationSeconds: o.readerSessionSeconds ?? 3600,
        ...(o.externalId ? { ExternalId: o.externalId } : {}),
      },
      masterCredentials: this.hub.credentials,
      clientConfig: {
        ...(o.region ? { region: o.region } : {}),
        ...(o.endpoint ? { endpoint: o.endpoint } : {}),
        maxAttempts: o.maxAttempts ?? 4,
      },
    }), isIdentityExpired, doesIdentityRequireRefresh)!;
    const source = new AwsSource({ ...o, credentials });
    try {
      const who = await source.identity();
      if (who.account !== account) {
        source.destroy();
        return { ok: false, reason: `the reader role ${roleArn} answered as account ${who.account}, not ${account}` };
      }
      return { ok: true, source };
    } catch (e) {
      source.destroy();
      return { ok: false, reason: this.assumeFailure(e, roleArn, me) };
    }
  }

  /** Why the reader role could not be assumed, and what to do about it. */
  private assumeFailure(e: unknown, roleArn: string, me: CallerIdentity): string {
    // The SDK reports a failed AssumeRole of the credential provider as the STS error itself.
    const err = e instanceof AwsReadError ? e : toReadError(e, "sts:AssumeRole");
    const hub = trustableArn(me);
    const deploy = `deploy deploy/rolecall-reader.yaml in that account with RoleCallPrincipalArn=${hub}`;
    if (err.kind === "denied" || err.kind === "not-found" || /AccessDenied|not authorized/i.test(err.reason)) {
      return `sts:AssumeRole on ${roleArn} was denied: the role must exist and its trust policy must trust ${hub}${this.options.externalId ? " with the configured external ID (ROLECALL_READER_EXTERNAL_ID)" : ""}, and ${hub} must be allowed sts:AssumeRole on it (${deploy})`;
    }
    if (err.kind === "credentials") return `sts:AssumeRole on ${roleArn} failed: ${err.reason}`;
    if (err.kind === "timeout" || err.kind === "network") return `sts:AssumeRole on ${roleArn} failed: ${err.reason}; check that STS can be reached from RoleCall`;
    return `sts:AssumeRole on ${roleArn} failed: ${err.reason.replace(/^sts:\w+ /, "")}`;
  }

  private setState(account: string, state: AccountStateName, reason: string | null = null): void {
    this.status.set(account, { account, state, reason });
  }

  /** /api/health's accountStatus: every account of ROLECALL_ACCOUNTS, in the order of accounts(). */
  async accountStatus(): Promise<AccountState[]> {
    const ids = await this.accounts().catch(() => [] as string[]);
    return ids.map((id) => this.status.get(id) ?? { account: id, state: "loading", reason: null });
  }

  /**
   * Read one account in full into the model (its SCP/RCP levels are the hub's to read: see
   * loadOrganization). Never rejects: failures make the account unreachable.
   */
  async loadAccount(model: AccountModel, account: string): Promise<void> {
    this.setState(account, "loading");
    const reach = await this.reach(account).catch((e: unknown) => ({ ok: false as const, reason: toReadError(e, "sts:GetCallerIdentity").reason }));
    if (!reach.ok) {
      this.markUnreachable(model, account, reach.reason);
      return;
    }
    try {
      const [{ iamError }] = await Promise.all([
        reach.source.loadFull(model, { organization: false }),
        reach.source.loadVpcEndpoints(model, this.options.vpcEndpointRegions ?? [await reach.source.iam.config.region()]),
      ]);
      if (iamError) {
        const own = reach.source === this.hub;
        this.markUnreachable(model, account, `${iamError.reason}: ${own ? "RoleCall's own identity" : `the reader role ${this.readerRole}`} needs the read-only permissions the README lists (deploy/rolecall-reader.yaml grants them)`);
        return;
      }
      model.removeUnknown(`account ${account}`, "IAM users, groups, roles and policies");
      this.setState(account, "loaded");
    } catch (e) {
      this.markUnreachable(model, account, toReadError(e, "sts:GetCallerIdentity").reason);
    }
  }

  private markUnreachable(model: AccountModel, account: string, reason: string): void {
    this.setState(account, "unreachable", reason);
    model.account(account);
    model.addUnknown(`account ${account}`, "IAM users, groups, roles and policies", `account ${account} is unreachable: ${reason}`);
  }

  /** The SCP/RCP levels of every account, read by the hub. Never rejects. */
  async loadOrganization(model: AccountModel): Promise<void> {
    await this.hub.loadOrganization(model, await this.accounts());
  }

  /**
   * Every account in full (bounded concurrency) plus the organization's levels, once per call;
   * the hub's own account first when `ownFirst`. Never rejects except when the hub's identity
   * cannot be read.
   */
  async loadAll(model: AccountModel, options: { skip?: string[] } = {}): Promise<void> {
    const ids = (await this.accounts()).filter((a) => !options.skip?.includes(a));
    for (const id of ids) if (!this.status.has(id)) this.setState(id, "loading");
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        await this.loadAccount(model, id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
  }

  /** The background full load, started once; what "who can assume" waits for. */
  loadAllInBackground(model: AccountModel, options: { skip?: string[] } = {}): Promise<void> {
    this.fullLoad ??= this.loadAll(model, options).catch(() => undefined);
    return this.fullLoad;
  }

  /** Whether `account` is one ROLECALL_ACCOUNTS names. */
  private async covers(account: string): Promise<boolean> {
    return (await this.accounts()).includes(account);
  }

  /** A caller, read lazily from its own account's source; an unreachable account leaves it unknown. Never rejects. */
  async loadPrincipal(model: AccountModel, principal: string): Promise<IamUser | IamRole | undefined> {
    const account = parseArn(principal)?.account;
    if (!account || !(await this.covers(account).catch(() => false))) return this.hub.loadPrincipal(model, principal);
    const reach = await this.reach(account).catch(() => undefined);
    if (!reach?.ok) {
      const known = model.users.get(principal) ?? model.findRole(principal);
      if (!known) model.addUnknown(principal, "identity policies", `account ${account} is unreachable: ${reach ? reach.reason : "its reader role could not be assumed"}`);
      return known;
    }
    return reach.source.loadPrincipal(model, principal);
  }

  /** A role by ARN (from its account's source) or by name (in the hub's account). Never rejects. */
  async loadRole(model: AccountModel, arnOrName: string): Promise<IamRole | undefined> {
    const account = arnOrName.startsWith("arn:") ? parseArn(arnOrName)?.account : undefined;
    if (!account || !(await this.covers(account).catch(() => false))) return this.hub.loadRole(model, arnOrName);
    const reach = await this.reach(account).catch(() => undefined);
    if (!reach?.ok) {
      const known = model.findRole(arnOrName);
      if (!known) model.addUnknown(arnOrName, "role", `account ${account} is unreachable: ${reach ? reach.reason : "its reader role could not be assumed"}`);
      return known;
    }
    return reach.source.loadRole(model, arnOrName);
  }

  /** The sources of the reachable accounts, for CloudTrail lookups; the unreachable ones as notes. */
  async readers(): Promise<{ sources: Array<{ account: string; source: AwsSource }>; notes: string[] }> {
    const sources: Array<{ account: string; source: AwsSource }> = [];
    const notes: string[] = [];
    for (const account of await this.accounts()) {
      const r = await this.reach(account);
      if (r.ok) sources.push({ account, source: r.source });
      else notes.push(`account ${account} is unreachable, its events are not in this answer: ${r.reason}`);
    }
    return { sources, notes };
  }
}

// ---------------------------------------------------------------- the app's organization

let sharedOrg: AwsOrganization | undefined;

/** The settings of the environment (ROLECALL_ACCOUNTS, ROLECALL_READER_ROLE, ROLECALL_READER_EXTERNAL_ID). Throws a message that says what to fix. */
export function organizationOptions(env: NodeJS.ProcessEnv = process.env): Pick<AwsOrganizationOptions, "accounts" | "readerRole" | "externalId" | "vpcEndpointRegions"> {
  const externalId = env.ROLECALL_READER_EXTERNAL_ID?.trim();
  if (externalId !== undefined && externalId !== "" && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
    throw new Error("ROLECALL_READER_EXTERNAL_ID must be 2 to 1,224 characters of letters, digits and +=,.@:/-");
  }
  const regions = (env.ROLECALL_CLOUDTRAIL_REGIONS ?? "").split(",").map((r) => r.trim()).filter(Boolean);
  return {
    accounts: parseAccountsSetting(env.ROLECALL_ACCOUNTS),
    readerRole: parseReaderRole(env.ROLECALL_READER_ROLE),
    ...(externalId ? { externalId } : {}),
    ...(regions.length ? { vpcEndpointRegions: [...new Set(regions)] } : {}),
  };
}

/** The organization of the app: the hub is awsSource(), the settings those of the environment. */
export function awsOrganization(): AwsOrganization {
  sharedOrg ??= new AwsOrganization({ ...organizationOptions(), hub: awsSource() });
  return sharedOrg;
}

/**
 * The model for getModel(): the hub's own account in full (as before) and every account's SCP/RCP
 * levels, then the other accounts in the background (GET /api/health shows their states). Rejects
 * with a short message when the hub's identity cannot be read (no credentials, endpoint unreachable).
 */
export async function loadAwsModel(): Promise<AccountModel> {
  const model = new AccountModel();
  let org: AwsOrganization;
  try {
    org = awsOrganization();
  } catch (e) {
    throw new Error(`the aws source could not start: ${(e as Error).message}`);
  }
  let me: CallerIdentity;
  try {
    me = await org.hub.identity();
    await org.accounts();
  } catch (e) {
    throw new Error(`the aws source could not start: ${toReadError(e, "sts:GetCallerIdentity").reason}`);
  }
  const own = (await org.accounts()).includes(me.account);
  await Promise.all([own ? org.loadAccount(model, me.account) : undefined, org.loadOrganization(model)]);
  void org.loadAllInBackground(model, { skip: own ? [me.account] : [] });
  return model;
}
