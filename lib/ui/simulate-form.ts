// The simulate page's form: what the user typed, how it becomes a POST /api/simulate-role body,
// how it reads and writes the page's query string (?role=…&base=…&caller=…&profile=…, never
// anything secret), which field a server error is about, and the ways minted credentials are
// written out. Pure: no React, no fetch.

import type { SimulateRequest } from "@/lib/api/simulate";

export interface SimulateForm {
  role: string;
  baseRole: string;
  caller: string;
  sourceProfile: string;
}

export type SimulateField = keyof SimulateForm;

export const SIMULATE_FIELDS: readonly SimulateField[] = ["role", "baseRole", "caller", "sourceProfile"];

/** The query parameter of each field. `base` and `role` are what other pages link with. */
const PARAM: Record<SimulateField, string> = { role: "role", baseRole: "base", caller: "caller", sourceProfile: "profile" };

/** The longest text a field takes (the server's limit). */
const MAX = 2048;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, name: string): string {
  const v = params instanceof URLSearchParams ? params.get(name) : params[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one.trim().slice(0, MAX) : "";
}

export function formFromParams(params: Params): SimulateForm {
  return {
    role: get(params, PARAM.role),
    baseRole: get(params, PARAM.baseRole),
    caller: get(params, PARAM.caller),
    sourceProfile: get(params, PARAM.sourceProfile),
  };
}

/** The query string for a form ("" when empty), fields in a stable order, empty ones left out. */
export function formSearch(form: Partial<SimulateForm>): string {
  const p = new URLSearchParams();
  for (const f of SIMULATE_FIELDS) {
    const v = form[f]?.trim();
    if (v) p.set(PARAM[f], v);
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

export const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/;
const PRINCIPAL_ARN = /^arn:aws[\w-]*:(?:iam|sts)::\d{12}:(?:root|user\/.+|role\/.+|assumed-role\/.+\/.+|federated-user\/.+)$/;
const PROFILE = /^[\w.@-]{1,64}$/;

/** What is wrong with the form before asking the server, field by field (the server checks again). */
export function validateForm(form: SimulateForm): Partial<Record<SimulateField, string>> {
  const errors: Partial<Record<SimulateField, string>> = {};
  const role = form.role.trim();
  const base = form.baseRole.trim();
  const caller = form.caller.trim();
  const profile = form.sourceProfile.trim();
  if (!role) errors.role = "Pick the role to simulate: its ARN or name.";
  else if (role.startsWith("arn:") && !ROLE_ARN.test(role)) errors.role = "Not a role ARN: arn:aws:iam::ACCOUNT:role/NAME.";
  if (base.startsWith("arn:") && !ROLE_ARN.test(base)) errors.baseRole = "Not a role ARN: arn:aws:iam::ACCOUNT:role/NAME.";
  else if (base && role && base === role) errors.baseRole = "The base role is the role itself: pick a broader role you may assume.";
  if (caller && !PRINCIPAL_ARN.test(caller)) errors.caller = "An IAM ARN, e.g. arn:aws:iam::111111111111:user/alice (or leave it empty).";
  if (profile && !PROFILE.test(profile)) errors.sourceProfile = "A profile name: letters, digits and _ . @ - (at most 64).";
  return errors;
}

/** The request body; an empty base role is left out, so that the server's configured one is used. */
export function buildSimulateRequest(form: SimulateForm, mint = false): SimulateRequest {
  const req: SimulateRequest = { role: form.role.trim() };
  if (form.baseRole.trim()) req.baseRole = form.baseRole.trim();
  if (form.caller.trim()) req.caller = form.caller.trim();
  if (form.sourceProfile.trim()) req.sourceProfile = form.sourceProfile.trim();
  if (mint) req.mint = true;
  return req;
}

export interface ErrorLike {
  status: number;
  code: string;
  message: string;
  issues: { path: (string | number)[]; message: string }[];
}

/** The field a server error is about: issues[0].path first, else the role a "no such role" message names. */
export function errorField(err: ErrorLike, req: Pick<SimulateRequest, "role" | "baseRole">): SimulateField | null {
  const head = err.issues[0]?.path[0];
  if (typeof head === "string" && (SIMULATE_FIELDS as readonly string[]).includes(head)) return head as SimulateField;
  const named =
    /^No role (.+?) in the loaded accounts/.exec(err.message)?.[1] ??
    /roles are named (.+?) \(/.exec(err.message)?.[1] ??
    /^"(.+?)" is not a role ARN/.exec(err.message)?.[1];
  if (named === undefined) return null;
  if (req.baseRole !== undefined && named === req.baseRole && named !== req.role) return "baseRole";
  if (named === req.role) return "role";
  return null;
}

/** The server has no configured base role and none was given: a prompt, not a failure. */
export function needsBaseRole(err: ErrorLike): boolean {
  return err.status === 400 && err.issues[0]?.path[0] === "baseRole" && /required/i.test(err.message);
}

/** How full a session policy is: IAM's limit for the inline session policy is 2,048 characters. */
export const SESSION_POLICY_LIMIT = 2048;

export function policyMeter(chars: number, limit = SESSION_POLICY_LIMIT): { percent: number; level: "ok" | "tight" | "over" } {
  const percent = Math.round((chars / limit) * 100);
  return { percent, level: chars > limit ? "over" : chars > limit * 0.8 ? "tight" : "ok" };
}

// --- minted credentials ---

export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `export AWS_…=…` lines for a POSIX shell. */
export function credentialExports(c: Credentials): string {
  return [`export AWS_ACCESS_KEY_ID=${shq(c.AccessKeyId)}`, `export AWS_SECRET_ACCESS_KEY=${shq(c.SecretAccessKey)}`, `export AWS_SESSION_TOKEN=${shq(c.SessionToken)}`].join("\n");
}

/** The profile name the credentials-file block uses: rolecall-<role name>. */
export function credentialsProfileName(roleArnOrName: string): string {
  const name = roleArnOrName.split("/").pop() || roleArnOrName;
  return `rolecall-${name.replace(/[^\w.@-]/g, "-")}`;
}

/** A ~/.aws/credentials block. */
export function credentialsFile(c: Credentials, roleArnOrName: string): string {
  return [`[${credentialsProfileName(roleArnOrName)}]`, `aws_access_key_id = ${c.AccessKeyId}`, `aws_secret_access_key = ${c.SecretAccessKey}`, `aws_session_token = ${c.SessionToken}`].join("\n");
}

/** What a credential_process command prints (version 1 of the format). */
export function credentialProcessJson(c: Credentials): string {
  return JSON.stringify({ Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration }, null, 2);
}

/** The same text with every secret value replaced by dots, for the screen (copy takes the real text). */
export function maskSecrets(text: string, c: Credentials): string {
  let out = text;
  for (const secret of [c.SecretAccessKey, c.SessionToken]) {
    if (secret) out = out.split(secret).join(`${secret.slice(0, 4)}${"•".repeat(12)}`);
  }
  return out;
}

/** "in 59 min", "in 2 h 5 min", "expired"; for the expiration of minted credentials. */
export function timeLeft(expiration: string, now: Date = new Date()): string {
  const t = new Date(expiration).getTime();
  if (Number.isNaN(t)) return "";
  const minutes = Math.floor((t - now.getTime()) / 60_000);
  if (minutes < 0) return "expired";
  if (minutes < 1) return "in less than a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `in ${h} h${m ? ` ${m} min` : ""}` : `in ${m} min`;
}

/** Splits text around ARNs, so that a page can set them in monospace. */
export function splitArns(text: string): { text: string; arn: boolean }[] {
  const out: { text: string; arn: boolean }[] = [];
  const re = /arn:aws[\w-]*:[\w-]+:[\w-]*:\d{0,12}:[^\s,;()]+[^\s,;().:]/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), arn: false });
    out.push({ text: m[0], arn: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), arn: false });
  return out;
}

/** 3600 → "1 hour", 14400 → "4 hours", 5400 → "1 h 30 min", 900 → "15 minutes". */
export function sessionLength(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds % 60) return `${seconds} seconds`;
  if (h && m) return `${h} h ${m} min`;
  if (h) return `${h} hour${h === 1 ? "" : "s"}`;
  return `${m} minute${m === 1 ? "" : "s"}`;
}
