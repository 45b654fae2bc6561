// What a person types as the caller or the role, resolved against the account model: a bare
// name ("bob", "user/bob", "role/ci", "ecs/orders-api-task") becomes the one principal or role of
// that name in the loaded accounts; a name that matches none or several is a 400 that says which
// known principals come closest ("did you mean user/bob?"), never a diagnosis of a caller that
// does not exist.

import type { AccountModel, IamRole } from "@/lib/account/model";
import { parseArn, splitIamResource } from "@/lib/policy/arn";
import { parseRequestPrincipal } from "@/lib/policy/principal";

export class DiagnoseInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** known principals or roles that come closest to what was typed */
    readonly suggestions: Suggestion[] = [],
  ) {
    super(message);
    this.name = "DiagnoseInputError";
  }
}

export interface Suggestion {
  arn: string;
  kind: "user" | "role";
  name: string;
  account: string;
}

interface Named {
  arn: string;
  kind: "user" | "role";
  name: string;
  /** path + name, e.g. contractors/dana */
  pathName: string;
  account: string;
}

const cache = new WeakMap<AccountModel, { size: number; list: Named[] }>();

/** Every user and role (not service-linked); rebuilt when the model grows (the aws source reads lazily). */
function named(model: AccountModel): Named[] {
  const size = model.users.size + model.roles.size;
  let hit = cache.get(model);
  if (!hit || hit.size !== size) {
    const out: Named[] = [];
    for (const u of model.users.values()) out.push({ arn: u.arn, kind: "user", name: u.name, pathName: `${u.path.replace(/^\/|\/$/g, "")}/${u.name}`.replace(/^\//, ""), account: u.account });
    for (const r of model.roles.values()) {
      if (r.path.startsWith("/aws-service-role/")) continue;
      out.push({ arn: r.arn, kind: "role", name: r.name, pathName: `${r.path.replace(/^\/|\/$/g, "")}/${r.name}`.replace(/^\//, ""), account: r.account });
    }
    hit = { size, list: out };
    cache.set(model, hit);
  }
  return hit.list;
}

/** Levenshtein distance, given up on past `max` (names are at most 64 characters). */
export function editDistance(a: string, b: string, max = 8): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function suggestion(n: Named): Suggestion {
  return { arn: n.arn, kind: n.kind, name: n.pathName, account: n.account };
}

/** The known principals (or roles) closest to `text`, best first, at most `limit`. */
function closest(candidates: Named[], text: string, limit = 3): Suggestion[] {
  const t = text.toLowerCase();
  const max = Math.max(2, Math.floor(t.length / 3));
  return candidates
    .map((n) => {
      const name = n.name.toLowerCase();
      const d = Math.min(editDistance(t, name, max), editDistance(t, n.pathName.toLowerCase(), max));
      // a name that contains what was typed is close too ("dan" → dana)
      return { n, d: name.includes(t) || t.includes(name) ? Math.min(d, 1) : d };
    })
    .filter((x) => x.d <= max)
    .sort((a, b) => a.d - b.d || a.n.pathName.localeCompare(b.n.pathName) || a.n.account.localeCompare(b.n.account))
    .slice(0, limit)
    .map((x) => suggestion(x.n));
}

function short(s: Suggestion): string {
  return `${s.kind}/${s.name}${s.account ? ` (${s.account})` : ""}`;
}

function didYouMean(list: Suggestion[]): string {
  if (list.length === 0) return "";
  return ` Did you mean ${list.length === 1 ? short(list[0]!) : `${list.slice(0, -1).map(short).join(", ")} or ${short(list.at(-1)!)}`}?`;
}

/** "user/bob" → {kind: user, name: bob}; "bob" → {name: bob}; "contractors/dana" → {pathName}. */
function splitTyped(text: string): { kind?: "user" | "role"; rest: string } {
  const m = /^(user|role)\/(.+)$/i.exec(text);
  return m ? { kind: m[1]!.toLowerCase() as "user" | "role", rest: m[2]! } : { rest: text };
}

function matchByName(candidates: Named[], rest: string): Named[] {
  const withPath = rest.includes("/");
  const key = (n: Named) => (withPath ? n.pathName : n.name);
  const exact = candidates.filter((n) => key(n) === rest);
  if (exact.length) return exact;
  // IAM names are unique case-insensitively within an account: a different case still names it
  const lower = rest.toLowerCase();
  return candidates.filter((n) => key(n).toLowerCase() === lower);
}

export interface ResolvedPrincipal {
  /** what to diagnose: an ARN or a service principal */
  principal: string;
  /** said when a name was resolved, e.g. "bob" is arn:aws:iam::111111111111:user/bob */
  note?: string;
}

/**
 * The caller as typed: an ARN or a service principal is kept (`strict` also refuses an IAM user,
 * role or session whose account is loaded but which the account does not have); a bare name is
 * resolved among the users and roles of every loaded account.
 */
export function resolvePrincipalInput(model: AccountModel, text: string, strict = false): ResolvedPrincipal {
  // an ARN or a service principal is parsed (and refused) by the caller's profile: no cost here
  // for the who-can-assume matrices, which diagnose thousands of known ARNs
  if (!strict && (text.startsWith("arn:") || text.includes("."))) return { principal: text };
  const s = text.trim();
  const parsed = parseRequestPrincipal(s);
  if (typeof parsed !== "string") {
    if (strict) assertKnown(model, s);
    return { principal: s };
  }
  if (s.startsWith("arn:") || s.includes(":")) throw new DiagnoseInputError("principal", parsed);
  const { kind, rest } = splitTyped(s);
  if (!rest || !/^[\w+=,.@/-]+$/.test(rest)) throw new DiagnoseInputError("principal", parsed);
  const candidates = named(model).filter((n) => !kind || n.kind === kind);
  const hits = matchByName(candidates, rest);
  if (hits.length === 1) {
    const h = hits[0]!;
    return { principal: h.arn, note: `"${s}" is ${h.arn}, the only ${kind ?? "user or role"} of that name in the loaded accounts.` };
  }
  if (hits.length > 1) {
    throw new DiagnoseInputError("principal", `"${s}" names ${hits.length} principals: ${hits.map((h) => h.arn).join(", ")}. Give the one you mean by its ARN.`, hits.map(suggestion));
  }
  const near = closest(candidates, rest);
  throw new DiagnoseInputError(
    "principal",
    `No ${kind ?? "user or role"} named "${rest}" in the loaded accounts (${model.loadedAccounts().join(", ") || "none"}).${didYouMean(near)}${near.length ? "" : " Give the caller's ARN (user, role, assumed-role session) or a service principal."}`,
    near,
  );
}

/** An IAM user, role or session of a loaded account that the account does not have is a typo. */
function assertKnown(model: AccountModel, arnText: string): void {
  const arn = parseArn(arnText);
  if (!arn || !model.accounts.get(arn.account)?.loaded) return;
  let kind: "user" | "role" | undefined;
  let name: string | undefined;
  if (arn.service === "iam") {
    const r = splitIamResource(arn.resource);
    if (r.type === "user" || r.type === "role") {
      kind = r.type;
      name = r.name;
    }
  } else if (arn.service === "sts" && arn.resource.startsWith("assumed-role/")) {
    kind = "role";
    name = arn.resource.split("/")[1];
  }
  if (!kind || !name) return;
  const known =
    kind === "user"
      ? model.users.has(arnText) || [...model.users.values()].some((u) => u.account === arn.account && u.name === name)
      : [...model.roles.values()].some((r) => r.account === arn.account && r.name.toLowerCase() === name!.toLowerCase());
  if (known) return;
  const candidates = named(model).filter((n) => n.kind === kind);
  const inAccount = candidates.filter((n) => n.account === arn.account);
  const near = closest(inAccount.length ? inAccount : candidates, name);
  throw new DiagnoseInputError(
    "principal",
    `Account ${arn.account} is loaded and has no ${kind} ${name}.${didYouMean(near)}${near.length ? "" : ` (If it was created after the data was read, reload it.)`}`,
    near,
  );
}

/**
 * The role as typed: an ARN, or a name (or path/name) looked up in the caller's account first,
 * then in every loaded account. Undefined when no loaded account has it; several → a 400.
 */
export function resolveRoleInput(model: AccountModel, text: string, callerAccount: string | undefined): IamRole | undefined {
  if (text.startsWith("arn:")) return model.findRole(text);
  const withPath = text.includes("/");
  const rest = text.replace(/^role\//, "");
  const matches = (account?: string) =>
    [...model.roles.values()].filter((r) => (!account || r.account === account) && (withPath ? `${r.path.replace(/^\//, "")}${r.name}` === rest : r.name === rest));
  if (callerAccount) {
    const own = matches(callerAccount);
    if (own.length === 1) return own[0];
  }
  const all = matches();
  if (all.length === 1) return all[0];
  if (all.length > 1) {
    throw new DiagnoseInputError(
      "role",
      `Several loaded accounts have a role "${text}": ${all.map((r) => r.arn).join(", ")}. Give the one you mean by its ARN.`,
      all.map((r) => ({ arn: r.arn, kind: "role" as const, name: r.name, account: r.account })),
    );
  }
  return undefined;
}

/** Roles whose name comes close to `name`, for a "did you mean" in the role-exists check. */
export function closestRoles(model: AccountModel, name: string, account?: string): Suggestion[] {
  const roles = named(model).filter((n) => n.kind === "role");
  const inAccount = account ? roles.filter((n) => n.account === account) : roles;
  return closest(inAccount.length ? inAccount : roles, name);
}

export function didYouMeanText(list: Suggestion[]): string {
  return didYouMean(list);
}
