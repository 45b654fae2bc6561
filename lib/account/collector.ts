import "server-only";
// `rolecall snapshot --out DIR`: the collector. For every account of ROLECALL_ACCOUNTS (read as the
// live source reads it: lib/account/aws-org.ts) it writes the files the snapshot format reads,
// as the AWS CLI writes them —
//
//   DIR/<account>/iam.json          aws iam get-account-authorization-details (every page merged,
//                                   policy documents decoded to JSON as the CLI prints them)
//   DIR/<account>/roles.json        aws iam list-roles
//   DIR/<account>/vpce-<region>.json aws ec2 describe-vpc-endpoints
//   DIR/<account>/events-<region>.json aws cloudtrail lookup-events (with --cloudtrail-days N)
//   DIR/organization.json           every account's SCP and RCP levels (../shared/API.md), Id set
//
// — so that ROLECALL_SNAPSHOT_DIR=DIR gives the answers the live source gives. An account that
// cannot be read is named with its reason and the rest is written; the result says whether
// everything was read. Files are written to a temporary name and renamed, so a file is whole or
// absent. Progress goes to `progress` (stderr for the CLI): accounts done, calls made, retries.

import { createWriteStream } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import type { Event as LookupEvent } from "@aws-sdk/client-cloudtrail";
import { decodePolicyInput } from "@/lib/policy/parse";
import { LookupReader, cloudTrailClientWith } from "@/lib/sessions/lookup";
import { plain, toReadError, type AwsSource } from "./aws";
import type { AwsOrganization } from "./aws-org";
import { AccountModel } from "./model";

type Json = Record<string, unknown>;

export interface CollectOptions {
  out: string;
  /** Regions whose VPC endpoints (and CloudTrail events) are read */
  regions: string[];
  /** adds the last N days of LookupEvents records per account and Region */
  cloudtrailDays?: number;
  /** accounts read at once (default 4) */
  concurrency?: number;
  progress?: (line: string) => void;
  /** CloudTrail endpoint (tests); default: the SDK's */
  cloudtrailEndpoint?: string;
  now?: () => number;
}

export interface CollectedAccount {
  account: string;
  ok: boolean;
  /** what could not be read, and what to do */
  problems: string[];
  files: string[];
}

export interface CollectResult {
  /** everything of every account was read */
  ok: boolean;
  accounts: CollectedAccount[];
  /** organization.json, or null when no organization governs the accounts */
  organizationFile: string | null;
  organizationProblems: string[];
  calls: number;
  retries: number;
}

/** The policy documents of IAM answers, decoded as the AWS CLI prints them (the API URL-encodes them). */
const DOCUMENT_KEYS = new Set(["AssumeRolePolicyDocument", "PolicyDocument", "Document"]);

export function decodeDocuments(v: unknown, key = ""): unknown {
  if (typeof v === "string" && DOCUMENT_KEYS.has(key)) {
    try {
      const parsed = decodePolicyInput(v);
      return parsed && typeof parsed === "object" ? parsed : v;
    } catch {
      return v; // not a document: kept as it is
    }
  }
  if (Array.isArray(v)) return v.map((x) => decodeDocuments(x));
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = decodeDocuments(x, k);
    return out;
  }
  return v;
}

/** Every page of get-account-authorization-details merged into one document, as the CLI does. */
export function mergeAuthorizationPages(pages: unknown[]): Json {
  const merged: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  for (const page of pages) {
    const p = plain(page) as Json;
    for (const k of Object.keys(merged)) if (Array.isArray(p[k])) merged[k]!.push(...(p[k] as unknown[]));
  }
  return decodeDocuments(merged) as Json;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, file);
}

/** The organization file of ../shared/API.md from a model the hub read the levels into. */
export function organizationFile(model: AccountModel, accounts: string[]): Json | null {
  const entries: Json = {};
  for (const id of accounts) {
    const org = model.accounts.get(id)?.org;
    if (!org) continue;
    entries[id] = {
      ...(org.scps ? { ServiceControlPolicies: org.scps } : {}),
      ...(org.rcps ? { ResourceControlPolicies: org.rcps } : {}),
    };
  }
  if (!model.organizationId && Object.keys(entries).length === 0) return null;
  return { Organization: { ...(model.organizationId ? { Id: model.organizationId } : {}), Accounts: entries } };
}

export async function collectSnapshot(org: AwsOrganization, options: CollectOptions): Promise<CollectResult> {
  const say = options.progress ?? (() => undefined);
  const now = options.now ?? Date.now;
  const accounts = await org.accounts(); // rejects when RoleCall's own identity cannot be read
  const regions = [...new Set(options.regions)];
  say(`reading ${accounts.length} account${accounts.length === 1 ? "" : "s"} (${accounts.join(", ")}) in ${regions.join(", ")} into ${options.out}`);
  for (const p of org.problems) say(`${p.file}: ${p.message}`);
  const sources = new Set<AwsSource>();
  let lookupRetries = 0;
  const totals = () => {
    let calls = 0;
    let retries = lookupRetries;
    for (const s of sources) {
      calls += s.stats.calls;
      retries += s.stats.retries;
    }
    return { calls, retries };
  };
  const results: CollectedAccount[] = [];
  const line = (msg: string) => {
    const t = totals();
    say(`[${results.length}/${accounts.length} accounts] ${msg} · ${t.calls} calls · ${t.retries} retries`);
  };

  const lookups = new LookupReader({ regions });

  const collectAccount = async (account: string): Promise<CollectedAccount> => {
    const dir = path.join(options.out, account);
    const files: string[] = [];
    const problems: string[] = [];
    const reach = await org.reach(account).catch((e: unknown) => ({ ok: false as const, reason: toReadError(e, "sts:AssumeRole").reason }));
    if (!reach.ok) return { account, ok: false, problems: [`account ${account} is unreachable: ${reach.reason}`], files };
    const src = reach.source;
    sources.add(src);
    const [details, roles, ...vpce] = await Promise.allSettled([src.authorizationDetailsPages(), src.listRolesPages(), ...regions.map((r) => src.vpcEndpoints(r))]);
    if (details.status === "fulfilled") {
      await writeJson(path.join(dir, "iam.json"), mergeAuthorizationPages(details.value));
      files.push(path.join(dir, "iam.json"));
    } else {
      problems.push(`${toReadError(details.reason, "iam:GetAccountAuthorizationDetails").reason}: its users, groups, roles and policies are not in the snapshot`);
    }
    if (roles.status === "fulfilled") {
      const list = roles.value.flatMap((p) => (plain(p) as Json).Roles as unknown[] ?? []);
      await writeJson(path.join(dir, "roles.json"), decodeDocuments({ Roles: list }));
      files.push(path.join(dir, "roles.json"));
    } else {
      problems.push(`${toReadError(roles.reason, "iam:ListRoles").reason}: its roles' MaxSessionDuration is not in the snapshot`);
    }
    for (const [i, r] of vpce.entries()) {
      const region = regions[i]!;
      if (r.status === "fulfilled") {
        const f = path.join(dir, `vpce-${region}.json`);
        await writeJson(f, { VpcEndpoints: r.value });
        files.push(f);
      } else {
        problems.push(`${toReadError(r.reason, "ec2:DescribeVpcEndpoints").reason} in ${region}: its VPC endpoints there are not in the snapshot`);
      }
    }
    if (options.cloudtrailDays) {
      const window = { fromMs: now() - options.cloudtrailDays * 86400_000, toMs: now() };
      const target = { account, clientFor: (region: string) => cloudTrailClientWith(region, src.credentials, options.cloudtrailEndpoint) };
      await Promise.all(
        regions.map(async (region) => {
          const f = path.join(dir, `events-${region}.json`);
          try {
            const n = await writeEvents(f, (onPage) => lookups.pages(target, region, undefined, window, (events, retries) => {
              lookupRetries += retries;
              src.stats.calls++;
              return onPage(events);
            }, 1_000_000));
            files.push(f);
            line(`account ${account}: ${n} CloudTrail events in ${region}`);
          } catch (e) {
            problems.push(`${toReadError(e, "cloudtrail:LookupEvents").reason} in ${region}: its CloudTrail events there are not in the snapshot`);
          }
        }),
      );
    }
    return { account, ok: problems.length === 0, problems, files };
  };

  // The organization's levels (the hub reads them) while the accounts are read.
  const model = new AccountModel();
  sources.add(org.hub);
  const orgRead = org.loadOrganization(model);

  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++]!;
      const r = await collectAccount(account).catch((e: unknown) => ({ account, ok: false, problems: [toReadError(e, "aws").reason], files: [] }));
      results.push(r);
      line(r.ok ? `account ${account}: written` : `account ${account}: ${r.files.length ? "written in part" : "not written"} — ${r.problems.join("; ")}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, options.concurrency ?? 4), accounts.length) }, worker));
  await orgRead;

  const organizationProblems = model.unknowns.filter((u) => /SCP|RCP/.test(u.fact)).map((u) => `${u.subject}: ${u.fact}: ${u.reason}`);
  const orgDoc = organizationFile(model, accounts);
  let organizationPath: string | null = null;
  if (orgDoc) {
    organizationPath = path.join(options.out, "organization.json");
    await writeJson(organizationPath, orgDoc);
  }
  for (const p of organizationProblems) say(`organization: ${p} (the account's SCPs/RCPs are not in organization.json)`);
  results.sort((a, b) => accounts.indexOf(a.account) - accounts.indexOf(b.account));
  lookups.destroy();
  const t = totals();
  return { ok: results.every((r) => r.ok) && organizationProblems.length === 0, accounts: results, organizationFile: organizationPath, organizationProblems, calls: t.calls, retries: t.retries };
}

/** lookup-events' output ({"Events": [...]}) streamed to a file, page by page; the number of events. */
async function writeEvents(file: string, read: (onPage: (events: LookupEvent[]) => Promise<void>) => Promise<void>): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  try {
    await write('{"Events": [');
    await read(async (events) => {
      for (const e of events) {
        await write(`${n ? "," : ""}\n${JSON.stringify(plain(e))}`);
        n++;
      }
    });
    await write("\n]}\n");
    out.end();
    await once(out, "finish");
    await rename(tmp, file);
    return n;
  } catch (e) {
    out.destroy();
    throw e;
  }
}
