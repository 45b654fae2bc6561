// The diagnose page's form: what the user typed, how it becomes a POST /api/diagnose body, and
// how it reads and writes the page's query string (plain, readable parameters, so that a link
// such as /?principal=…&role=…&mfa=true reproduces a diagnosis and other pages can build one).
// Pure: no React, no fetch.

import type { DiagnoseRequest } from "@/lib/api/diagnose";

export type Tri = "" | "true" | "false";

export interface KeyValueRow {
  id: string;
  key: string;
  value: string;
}

export interface DiagnoseForm {
  principal: string;
  role: string;
  durationSeconds: string;
  roleSessionName: string;
  externalId: string;
  /** "" = not said */
  mfa: Tri;
  sourceIp: string;
  /** the VPC endpoint (vpce-…) the call goes through */
  sourceVpce: string;
  sourceIdentity: string;
  tags: KeyValueRow[];
  /** comma-separated */
  transitiveTagKeys: string;
  /** extra condition keys; a value written as a JSON array is a multi-valued key */
  context: KeyValueRow[];
}

/** The advanced (session parameter) fields, for the form's disclosure and for errors. */
export type AdvancedField = Exclude<keyof DiagnoseForm, "principal" | "role">;

let counter = 0;
export function row(key = "", value = ""): KeyValueRow {
  counter += 1;
  return { id: `kv${counter}`, key, value };
}

export function emptyDiagnoseForm(): DiagnoseForm {
  return {
    principal: "",
    role: "",
    durationSeconds: "",
    roleSessionName: "",
    externalId: "",
    mfa: "",
    sourceIp: "",
    sourceVpce: "",
    sourceIdentity: "",
    tags: [],
    transitiveTagKeys: "",
    context: [],
  };
}

/** How many session parameters are set: shown on the closed "Advanced" disclosure. */
export function advancedCount(f: DiagnoseForm): number {
  return (
    [f.durationSeconds, f.roleSessionName, f.externalId, f.mfa, f.sourceIp, f.sourceVpce, f.sourceIdentity, f.transitiveTagKeys].filter((v) => v.trim() !== "").length +
    f.tags.filter((t) => t.key.trim() !== "").length +
    f.context.filter((c) => c.key.trim() !== "").length
  );
}

// ---- query string -------------------------------------------------------------------------

const SCALARS = ["principal", "role", "durationSeconds", "roleSessionName", "externalId", "sourceIp", "sourceVpce", "sourceIdentity", "transitiveTagKeys"] as const;

/** `tag=team=web`: split at the first "=" (keys cannot contain one; values may). */
function splitPair(s: string): [string, string] {
  const i = s.indexOf("=");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

export function formToQuery(f: DiagnoseForm): string {
  const p = new URLSearchParams();
  for (const k of SCALARS) {
    const v = f[k].trim();
    if (v) p.set(k, v);
  }
  if (f.mfa) p.set("mfa", f.mfa);
  for (const t of f.tags) if (t.key.trim()) p.append("tag", `${t.key.trim()}=${t.value}`);
  for (const c of f.context) if (c.key.trim()) p.append("context", `${c.key.trim()}=${c.value}`);
  return p.toString();
}

export function queryToForm(search: string | URLSearchParams): DiagnoseForm {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const f = emptyDiagnoseForm();
  for (const k of SCALARS) f[k] = p.get(k) ?? "";
  const mfa = p.get("mfa");
  f.mfa = mfa === "true" || mfa === "false" ? mfa : "";
  f.tags = p.getAll("tag").map((s) => row(...splitPair(s)));
  f.context = p.getAll("context").map((s) => row(...splitPair(s)));
  return f;
}

/** A link to the diagnosis of `principal` on `role` (either may be left out). */
export function diagnoseHref(principal?: string | null, role?: string | null): string {
  const p = new URLSearchParams();
  if (principal) p.set("principal", principal);
  if (role) p.set("role", role);
  const q = p.toString();
  return q ? `/?${q}` : "/";
}

// ---- request ------------------------------------------------------------------------------

export interface BuiltDiagnose {
  request: DiagnoseRequest;
  /** field → message, for what the browser can already tell is wrong */
  errors: Partial<Record<keyof DiagnoseForm, string>>;
}

type ContextValue = NonNullable<DiagnoseRequest["context"]>[string];

function contextValue(raw: string): ContextValue | Error {
  const v = raw.trim();
  if (v.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string" || typeof x === "number" || typeof x === "boolean")) return parsed as ContextValue;
    } catch {
      // fall through
    }
    return new Error(`${v} is not a JSON array of strings, numbers or booleans`);
  }
  return v;
}

export function buildDiagnoseRequest(f: DiagnoseForm): BuiltDiagnose {
  const errors: BuiltDiagnose["errors"] = {};
  const request: DiagnoseRequest = { role: f.role.trim() };
  if (!request.role) errors.role = "Give the role: its ARN, or its name in the principal's account.";
  const principal = f.principal.trim();
  if (principal) request.principal = principal;

  const d = f.durationSeconds.trim();
  if (d) {
    if (!/^\d+$/.test(d)) errors.durationSeconds = "A whole number of seconds, e.g. 3600 for one hour.";
    else request.durationSeconds = Number(d);
  }
  const text = (k: "roleSessionName" | "externalId" | "sourceIp" | "sourceVpce" | "sourceIdentity") => {
    const v = f[k].trim();
    if (v) request[k] = v;
  };
  text("roleSessionName");
  text("externalId");
  text("sourceIp");
  text("sourceVpce");
  if (request.sourceVpce && !/^vpce-[0-9a-f]{8,17}$/.test(request.sourceVpce)) errors.sourceVpce = "A VPC endpoint ID: vpce- and 8 to 17 hex digits, e.g. vpce-0a1b2c3d4e5f67890.";
  text("sourceIdentity");
  if (f.mfa) request.mfa = f.mfa === "true";

  const tags = f.tags.filter((t) => t.key.trim() !== "" || t.value.trim() !== "");
  if (tags.length) {
    const out: Record<string, string> = {};
    for (const t of tags) {
      const k = t.key.trim();
      if (!k) errors.tags = `The tag with value "${t.value}" needs a key.`;
      else if (k in out) errors.tags = `The tag key ${k} is given twice.`;
      else out[k] = t.value;
    }
    request.tags = out;
  }
  const transitive = f.transitiveTagKeys
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (transitive.length) request.transitiveTagKeys = transitive;

  const ctx = f.context.filter((c) => c.key.trim() !== "" || c.value.trim() !== "");
  if (ctx.length) {
    const out: NonNullable<DiagnoseRequest["context"]> = {};
    for (const c of ctx) {
      const k = c.key.trim();
      if (!k) {
        errors.context = `The context value "${c.value}" needs a key.`;
        continue;
      }
      const v = contextValue(c.value);
      if (v instanceof Error) errors.context = `${k}: ${v.message}`;
      else out[k] = v;
    }
    request.context = out;
  }
  return { request, errors };
}

/**
 * The form field a server issue path points at (`issues[0].path` of a 400), so its message can
 * be shown next to that field.
 */
export function fieldOfIssue(path: readonly (string | number)[]): keyof DiagnoseForm | null {
  const head = path[0];
  if (typeof head !== "string") return null;
  const fields: (keyof DiagnoseForm)[] = ["principal", "role", "durationSeconds", "roleSessionName", "externalId", "mfa", "sourceIp", "sourceVpce", "sourceIdentity", "tags", "transitiveTagKeys", "context"];
  return (fields as string[]).includes(head) ? (head as keyof DiagnoseForm) : null;
}

/** Remove the "field: " prefix the server puts in front of a message shown next to its field. */
export function localIssueMessage(field: string, message: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
