// The snapshot source: a directory of the files AWS tools produce (../shared/API.md, "Snapshot
// directory"), read recursively, each recognised by its top-level keys. A file that cannot be read
// or is not recognised is reported with its path and reason; the rest still loads.

import { isAscii } from "node:buffer";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gunzipSync, createGunzip } from "node:zlib";
import { decodePolicyInput, PolicyParseError } from "@/lib/policy/parse";
import { parseArn } from "@/lib/policy/arn";
import { AccountModel, tagsFromList, type AttachedPolicy, type InlinePolicy, type PolicyDocumentJson } from "./model";
import { resolveManagedPolicies } from "./managed-policies";
import { firstJsonError, jsonSyntaxProblem, lineColumn } from "./json-error";
import { FileTooLarge, isOutputTooLarge, maxFileBytes, MAX_DOCUMENT_DEPTH, nestsDeeperThan } from "./limits";

type Json = Record<string, unknown>;

export type SnapshotFileKind = "authorization-details" | "list-roles" | "organization" | "vpc-endpoints" | "cloudtrail-records" | "cloudtrail-events";

export interface SnapshotFile {
  /** path relative to the snapshot directory */
  file: string;
  absolute: string;
  kind: SnapshotFileKind;
}

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function classify(doc: unknown): SnapshotFileKind | null {
  if (!isObj(doc)) return null;
  if ("UserDetailList" in doc || "GroupDetailList" in doc || "RoleDetailList" in doc || "Policies" in doc) return "authorization-details";
  if ("Roles" in doc) return "list-roles";
  if ("Organization" in doc) return "organization";
  if ("VpcEndpoints" in doc) return "vpc-endpoints";
  if ("Records" in doc) return "cloudtrail-records";
  if ("Events" in doc) return "cloudtrail-events";
  return null;
}

const RECOGNISED = "expected the top-level keys of get-account-authorization-details (UserDetailList, GroupDetailList, RoleDetailList, Policies), list-roles (Roles), describe-vpc-endpoints (VpcEndpoints), a CloudTrail log (Records), lookup-events (Events) or the Organization file";

/**
 * The JSON files under `dir`. A symbolic link is not followed (it could lead out of the snapshot,
 * or round in a loop) and is reported, as is a *.json entry that is no regular file (a FIFO would
 * block the read forever); other names are not snapshot files and are passed over.
 */
async function walk(dir: string, odd: { absolute: string; message: string }[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) odd.push({ absolute: p, message: "a symbolic link: not followed (copy the file into the snapshot directory instead)" });
    else if (e.isDirectory()) out.push(...(await walk(p, odd)));
    else if (/\.json(\.gz)?$/i.test(e.name)) {
      if (e.isFile()) out.push(p);
      else odd.push({ absolute: p, message: "not a regular file: not read" });
    }
  }
  return out;
}

/**
 * The first top-level key, read from the head of the file without loading it whole; or, when the
 * head already is not JSON, where it breaks (a file of zeros, gzipped, is never inflated whole).
 */
async function firstKey(file: string): Promise<string | { notJson: string } | null> {
  const stream = file.endsWith(".gz") ? createReadStream(file).pipe(createGunzip()) : createReadStream(file, { end: 65_535 });
  let head = "";
  try {
    for await (const chunk of stream) {
      head += chunk.toString("utf8");
      if (head.length >= 4096) break;
    }
  } catch {
    return null;
  } finally {
    stream.destroy();
  }
  const key = /^\uFEFF?\s*\{\s*"([^"]+)"/.exec(head)?.[1];
  if (key) return key;
  const e = firstJsonError(head, true);
  if (!e) return null;
  const { line, column } = lineColumn(head, e.at);
  return { notJson: `invalid JSON at line ${line}, column ${column} (${e.what})` };
}

/**
 * The text of a JSON file. Trail files are almost always plain ASCII (non-ASCII text is rare and
 * JSON-escaped by most writers); for those, latin1 — a byte-for-byte copy — reads the same text
 * as UTF-8 decoding at a fraction of the cost (isAscii is a SIMD scan). A byte-order
 * mark (Windows PowerShell's Out-File -Encoding utf8 writes one) is skipped.
 */
export function decodeJsonText(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString("latin1");
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A whole JSON file, gzipped or not, at most `limit` bytes once uncompressed (ROLECALL_MAX_FILE_BYTES):
 * inflating stops at the limit, so a gzip bomb costs no more memory than an honest file of that size.
 */
export async function readJsonFile(file: string, limit = maxFileBytes()): Promise<unknown> {
  const gz = file.endsWith(".gz");
  if ((await stat(file)).size > limit) throw new FileTooLarge(limit, "ROLECALL_MAX_FILE_BYTES", false);
  const buf = await readFile(file);
  let bytes: Buffer;
  try {
    bytes = gz ? gunzipSync(buf, { maxOutputLength: limit }) : buf;
  } catch (e) {
    if (isOutputTooLarge(e)) throw new FileTooLarge(limit, "ROLECALL_MAX_FILE_BYTES", true);
    throw e;
  }
  const text = decodeJsonText(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text: say where it breaks instead
    if (e instanceof SyntaxError) throw new Error(jsonSyntaxProblem(text));
    throw e;
  }
}

/** List the recognised files of a snapshot directory (CloudTrail files are only peeked at). */
export async function scanSnapshot(dir: string, model?: AccountModel): Promise<{ files: SnapshotFile[]; parsed: Map<string, unknown> }> {
  const files: SnapshotFile[] = [];
  const parsed = new Map<string, unknown>();
  let all: string[];
  const odd: { absolute: string; message: string }[] = [];
  try {
    all = await walk(dir, odd);
  } catch (e) {
    model?.problems.push({ file: dir, message: `cannot read the snapshot directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return { files, parsed };
  }
  for (const o of odd) model?.problems.push({ file: path.relative(dir, o.absolute), message: o.message });
  for (const absolute of all) {
    const file = path.relative(dir, absolute);
    const key = await firstKey(absolute);
    if (key !== null && typeof key === "object") {
      model?.problems.push({ file, message: `not readable as JSON${absolute.endsWith(".gz") ? " (gzip)" : ""}: ${key.notJson}` });
      continue;
    }
    if (key === "Records" || key === "Events") {
      files.push({ file, absolute, kind: key === "Records" ? "cloudtrail-records" : "cloudtrail-events" });
      continue;
    }
    let doc: unknown;
    try {
      doc = await readJsonFile(absolute);
    } catch (e) {
      model?.problems.push({ file, message: `not readable as JSON${absolute.endsWith(".gz") ? " (gzip)" : ""}: ${(e as Error).message}` });
      continue;
    }
    const kind = classify(doc);
    if (!kind) {
      model?.problems.push({ file, message: `not recognised: ${RECOGNISED}` });
      continue;
    }
    files.push({ file, absolute, kind });
    parsed.set(absolute, doc);
  }
  return { files, parsed };
}

export class FileReader {
  constructor(
    readonly model: AccountModel,
    readonly file: string,
  ) {}

  problem(message: string): void {
    this.model.problems.push({ file: this.file, message });
  }

  /**
   * A policy document, decoded or URL-encoded; undefined (and a problem) when malformed, or nested
   * deeper than any IAM document (which would overflow the stack of whatever recurses into it later).
   * The problem says where, never the document's text.
   */
  document(v: unknown, where: string): PolicyDocumentJson | undefined {
    const tooDeep = () => this.problem(`${where}: nested more than ${MAX_DOCUMENT_DEPTH} levels deep (no IAM policy document is)`);
    if (nestsDeeperThan(v, MAX_DOCUMENT_DEPTH)) {
      tooDeep();
      return undefined;
    }
    try {
      const d = decodePolicyInput(v);
      if (!isObj(d)) throw new PolicyParseError("", "expected a JSON object");
      if (typeof v === "string" && nestsDeeperThan(d, MAX_DOCUMENT_DEPTH)) {
        tooDeep();
        return undefined;
      }
      return d;
    } catch (e) {
      if (e instanceof RangeError) tooDeep();
      else if (e instanceof PolicyParseError && /^invalid JSON/.test(e.detail)) this.problem(`${where}: invalid JSON (the document is URL-encoded text that does not parse)`);
      else this.problem(`${where}: ${e instanceof Error ? e.message.slice(0, 300) : "invalid policy document"}`);
      return undefined;
    }
  }

  inline(list: unknown, where: string): InlinePolicy[] {
    const out: InlinePolicy[] = [];
    arr(list).forEach((p, i) => {
      if (!isObj(p)) return;
      const name = str(p.PolicyName) ?? `inline-${i}`;
      const document = this.document(p.PolicyDocument, `${where} inline policy ${name}`);
      if (document) out.push({ name, document });
    });
    return out;
  }

  attached(list: unknown): AttachedPolicy[] {
    return arr(list).flatMap((p) => (isObj(p) && str(p.PolicyArn) ? [{ arn: p.PolicyArn as string, name: str(p.PolicyName) ?? (p.PolicyArn as string).split("/").pop()! }] : []));
  }
}

function accountOf(arn: string | undefined): string | undefined {
  const a = arn ? parseArn(arn) : null;
  return a && /^\d{12}$/.test(a.account) ? a.account : undefined;
}

/** Apply one get-account-authorization-details document (CLI output, or SDK pages). */
export function loadAuthorizationDetails(r: FileReader, doc: Json): void {
  const m = r.model;
  const loaded = new Set<string>();
  for (const u of arr(doc.UserDetailList)) {
    if (!isObj(u) || !str(u.Arn) || !str(u.UserName)) continue;
    const arn = u.Arn as string;
    const account = accountOf(arn);
    if (!account) continue;
    loaded.add(account);
    m.users.set(arn, {
      arn,
      name: u.UserName as string,
      path: str(u.Path) ?? "/",
      userId: str(u.UserId),
      account,
      createDate: str(u.CreateDate),
      groups: arr(u.GroupList).filter((g): g is string => typeof g === "string"),
      inlinePolicies: r.inline(u.UserPolicyList, `user ${arn}`),
      attachedPolicies: r.attached(u.AttachedManagedPolicies),
      permissionsBoundary: isObj(u.PermissionsBoundary) ? str(u.PermissionsBoundary.PermissionsBoundaryArn) : undefined,
      tags: tagsFromList(u.Tags),
    });
  }
  for (const g of arr(doc.GroupDetailList)) {
    if (!isObj(g) || !str(g.Arn) || !str(g.GroupName)) continue;
    const arn = g.Arn as string;
    const account = accountOf(arn);
    if (!account) continue;
    loaded.add(account);
    m.groups.set(arn, {
      arn,
      name: g.GroupName as string,
      path: str(g.Path) ?? "/",
      groupId: str(g.GroupId),
      account,
      inlinePolicies: r.inline(g.GroupPolicyList, `group ${arn}`),
      // the aws-cli example prints this as an object by mistake; the model says list
      attachedPolicies: r.attached(Array.isArray(g.AttachedManagedPolicies) ? g.AttachedManagedPolicies : isObj(g.AttachedManagedPolicies) ? [g.AttachedManagedPolicies] : []),
    });
  }
  for (const ro of arr(doc.RoleDetailList)) {
    if (!isObj(ro) || !str(ro.Arn) || !str(ro.RoleName)) continue;
    const arn = ro.Arn as string;
    const account = accountOf(arn);
    if (!account) continue;
    loaded.add(account);
    const trustPolicy = r.document(ro.AssumeRolePolicyDocument, `role ${arn} trust policy`);
    if (!trustPolicy) m.addUnknown(arn, "trust policy", `the trust policy in ${r.file} is not a valid policy document`);
    const existing = m.roles.get(arn);
    m.roles.set(arn, {
      arn,
      name: ro.RoleName as string,
      path: str(ro.Path) ?? "/",
      roleId: str(ro.RoleId),
      account,
      createDate: str(ro.CreateDate),
      description: str(ro.Description) ?? existing?.description,
      trustPolicy: trustPolicy ?? {},
      inlinePolicies: r.inline(ro.RolePolicyList, `role ${arn}`),
      attachedPolicies: r.attached(ro.AttachedManagedPolicies),
      permissionsBoundary: isObj(ro.PermissionsBoundary) ? str(ro.PermissionsBoundary.PermissionsBoundaryArn) : undefined,
      maxSessionDuration: typeof ro.MaxSessionDuration === "number" ? ro.MaxSessionDuration : (existing?.maxSessionDuration ?? null),
      lastUsed: isObj(ro.RoleLastUsed) ? { lastUsedDate: str(ro.RoleLastUsed.LastUsedDate), region: str(ro.RoleLastUsed.Region) } : undefined,
      tags: tagsFromList(ro.Tags),
      instanceProfiles: arr(ro.InstanceProfileList).flatMap((p) =>
        isObj(p) && str(p.Arn) ? [{ arn: p.Arn as string, name: str(p.InstanceProfileName) ?? "", path: str(p.Path) ?? "/" }] : [],
      ),
    });
  }
  for (const p of arr(doc.Policies)) {
    if (!isObj(p) || !str(p.Arn)) continue;
    const arn = p.Arn as string;
    const versions = arr(p.PolicyVersionList).filter(isObj);
    const def = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => v.VersionId === p.DefaultVersionId);
    const document = def ? r.document(def.Document, `policy ${arn}`) : undefined;
    if (!def) {
      // `aws iam list-policies` output has the same key but no documents: never let it erase one
      if (m.policies.get(arn)?.document) continue;
      m.addUnknown(arn, "document", `${r.file} lists the policy without its default version`);
    } else if (document) {
      m.removeUnknown(arn, "document");
    }
    m.policies.set(arn, {
      arn,
      // some SDK outputs omit PolicyName: fall back to the ARN's last segment
      name: str(p.PolicyName) ?? arn.split("/").pop()!,
      path: str(p.Path) ?? "/",
      defaultVersionId: str(p.DefaultVersionId) ?? str(def?.VersionId),
      document,
      origin: "snapshot",
      description: str(p.Description),
    });
  }
  for (const a of loaded) m.account(a).loaded = true;
}

/** Merge a list-roles document by ARN (MaxSessionDuration, which authorization details lack). */
export function loadListRoles(r: FileReader, doc: Json, seen: Set<string>): void {
  const m = r.model;
  for (const ro of arr(doc.Roles)) {
    if (!isObj(ro) || !str(ro.Arn)) continue;
    const arn = ro.Arn as string;
    seen.add(arn);
    const role = m.roles.get(arn);
    const msd = typeof ro.MaxSessionDuration === "number" ? ro.MaxSessionDuration : null;
    if (role) {
      if (msd !== null) role.maxSessionDuration = msd;
      role.description ??= str(ro.Description);
      continue;
    }
    const account = accountOf(arn);
    if (!account || !str(ro.RoleName)) continue;
    const trustPolicy = r.document(ro.AssumeRolePolicyDocument, `role ${arn} trust policy`);
    m.roles.set(arn, {
      arn,
      name: ro.RoleName as string,
      path: str(ro.Path) ?? "/",
      roleId: str(ro.RoleId),
      account,
      createDate: str(ro.CreateDate),
      description: str(ro.Description),
      trustPolicy: trustPolicy ?? {},
      inlinePolicies: [],
      attachedPolicies: [],
      maxSessionDuration: msd,
      tags: tagsFromList(ro.Tags),
      instanceProfiles: [],
    });
    m.addUnknown(arn, "permission policies", `only a list-roles file has this role (${r.file}); its inline and attached policies and boundary need get-account-authorization-details`);
  }
}

export function loadOrganization(r: FileReader, doc: Json): void {
  const m = r.model;
  const org = doc.Organization;
  if (!isObj(org)) {
    r.problem("Organization: expected an object with Id and Accounts");
    return;
  }
  const id = str(org.Id);
  if (id) m.organizationId = id;
  if (!isObj(org.Accounts)) {
    r.problem("Organization.Accounts: expected an object keyed by account ID");
    return;
  }
  const levels = (v: unknown, where: string): PolicyDocumentJson[][] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      r.problem(`${where}: expected a list of levels, root first, each a list of policies`);
      return undefined;
    }
    return v.map((level, i) =>
      arr(level).flatMap((p, j) => {
        const d = r.document(p, `${where}[${i}][${j}]`);
        return d ? [d] : [];
      }),
    );
  };
  for (const [accountId, info] of Object.entries(org.Accounts)) {
    if (!/^\d{12}$/.test(accountId)) {
      // the key is the file's text, which a problem never quotes: say which entry it is
      r.problem(`Organization.Accounts: entry ${Object.keys(org.Accounts).indexOf(accountId) + 1} is not keyed by a 12-digit account ID`);
      continue;
    }
    if (!isObj(info)) continue;
    const a = m.account(accountId);
    if (id) a.orgId = id;
    a.org = {
      scps: levels(info.ServiceControlPolicies, `Organization.Accounts.${accountId}.ServiceControlPolicies`),
      rcps: levels(info.ResourceControlPolicies, `Organization.Accounts.${accountId}.ResourceControlPolicies`),
    };
  }
}

/** Apply one `aws ec2 describe-vpc-endpoints` document (its PolicyDocument fields are JSON strings). */
export function loadVpcEndpoints(r: FileReader, doc: Json): void {
  const m = r.model;
  if (!Array.isArray(doc.VpcEndpoints)) {
    r.problem("VpcEndpoints: expected a list, as aws ec2 describe-vpc-endpoints prints it");
    return;
  }
  doc.VpcEndpoints.forEach((e, i) => {
    const id = isObj(e) ? str(e.VpcEndpointId) : undefined;
    if (!isObj(e) || !id) {
      r.problem(`VpcEndpoints[${i}]: expected an object with VpcEndpointId`);
      return;
    }
    const serviceName = str(e.ServiceName) ?? "";
    // com.amazonaws.<region>.<service>; the region is also in the file name the collector writes.
    const region = /^com\.amazonaws\.([a-z0-9-]+)\./.exec(serviceName)?.[1] ?? /vpce-([a-z0-9-]+)\.json/.exec(r.file)?.[1];
    const owner = str(e.OwnerId);
    const policy = e.PolicyDocument === undefined ? undefined : r.document(e.PolicyDocument, `VpcEndpoints[${i}] (${id}) PolicyDocument`);
    m.vpcEndpoints.set(id, {
      id,
      type: str(e.VpcEndpointType) ?? "Interface",
      vpcId: str(e.VpcId),
      account: owner && /^\d{12}$/.test(owner) ? owner : undefined,
      region,
      serviceName,
      state: str(e.State),
      policy,
    });
    if (!policy) m.addUnknown(id, "endpoint policy", e.PolicyDocument === undefined ? `${r.file} has no PolicyDocument for ${id}` : `the PolicyDocument of ${id} in ${r.file} could not be read`);
  });
}

/** Resolve attached managed policies that the files reference but do not include. */
export async function resolveReferencedPolicies(m: AccountModel, source: string): Promise<void> {
  const referenced = new Set<string>();
  for (const e of [...m.users.values(), ...m.groups.values(), ...m.roles.values()]) {
    for (const p of e.attachedPolicies) referenced.add(p.arn);
    if ("permissionsBoundary" in e && e.permissionsBoundary) referenced.add(e.permissionsBoundary);
  }
  const awsManaged = [...referenced].filter((arn) => !m.policies.has(arn) && arn.includes(":iam::aws:policy/"));
  if (awsManaged.length > 0) {
    const resolved = await resolveManagedPolicies(awsManaged);
    for (const arn of awsManaged) {
      const p = resolved.get(arn);
      if (p) m.policies.set(arn, p);
      else m.addUnknown(arn, "document", `AWS managed policy not found in the bundled copy of AWS managed policies (${source} does not include it either)`);
    }
  }
  for (const arn of referenced) {
    if (!m.policies.has(arn)) m.addUnknown(arn, "document", `${source} does not include this customer managed policy`);
  }
}

export async function loadSnapshot(dir: string, model = new AccountModel()): Promise<AccountModel> {
  const { files, parsed } = await scanSnapshot(dir, model);
  const order: SnapshotFileKind[] = ["authorization-details", "list-roles", "organization", "vpc-endpoints"];
  const listed = new Set<string>();
  let sawListRoles = false;
  let sawOrg = false;
  for (const kind of order) {
    for (const f of files.filter((x) => x.kind === kind)) {
      const doc = parsed.get(f.absolute) as Json;
      const r = new FileReader(model, f.file);
      if (kind === "authorization-details") loadAuthorizationDetails(r, doc);
      else if (kind === "list-roles") {
        sawListRoles = true;
        loadListRoles(r, doc, listed);
      } else if (kind === "vpc-endpoints") loadVpcEndpoints(r, doc);
      else {
        sawOrg = true;
        loadOrganization(r, doc);
      }
    }
  }
  for (const role of model.roles.values()) {
    if (role.maxSessionDuration === null) {
      model.addUnknown(
        role.arn,
        "MaxSessionDuration",
        sawListRoles ? `no list-roles file includes this role (account ${role.account})` : "the snapshot has no list-roles file (aws iam list-roles > roles.json)",
      );
    }
  }
  if (!sawOrg) {
    for (const id of model.loadedAccounts()) {
      model.addUnknown(`account ${id}`, "SCPs and RCPs", "the snapshot has no Organization file, so the service and resource control policies of this account are not known");
    }
  }
  await resolveReferencedPolicies(model, "the snapshot");
  return model;
}
