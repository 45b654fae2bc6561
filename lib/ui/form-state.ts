// The policy evaluator's form: what the user typed, and how it becomes a POST /api/evaluate body.
// Pure: no React, no fetch. Empty editors and empty levels are left out of the request, so the
// request's indices can differ from the editors' positions; `locations` maps them back.

import type { EvaluateRequest } from "@/lib/api/evaluate";
import { checkPolicyText } from "./json-check";

export type ContextMode = "text" | "list" | "json";

export interface ContextRow {
  id: string;
  key: string;
  value: string;
  /** text: one string; list: comma-separated values (a multi-valued key); json: a JSON value */
  mode: ContextMode;
}

export interface PolicyDraft {
  id: string;
  text: string;
}

export interface PolicyLevel {
  id: string;
  policies: PolicyDraft[];
}

export interface FormState {
  principal: string;
  action: string;
  resource: string;
  resourceAccount: string;
  context: ContextRow[];
  identityPolicies: PolicyDraft[];
  resourcePolicy: PolicyDraft;
  permissionBoundary: PolicyDraft;
  scps: PolicyLevel[];
  rcps: PolicyLevel[];
  sessionPolicy: PolicyDraft;
  endpointPolicy: PolicyDraft;
}

let counter = 0;
/** A key for React lists; unique within a page's lifetime. */
export function newId(prefix = "x"): string {
  counter += 1;
  return `${prefix}${counter}`;
}

export const draft = (text = ""): PolicyDraft => ({ id: newId("p"), text });
export const level = (texts: string[] = [""]): PolicyLevel => ({ id: newId("l"), policies: texts.map(draft) });
export const contextRow = (key = "", value = "", mode: ContextMode = "text"): ContextRow => ({ id: newId("c"), key, value, mode });

/** The blank form. Its ids are fixed so that the server's and the browser's first render agree. */
export function emptyForm(): FormState {
  return {
    principal: "",
    action: "sts:AssumeRole",
    resource: "",
    resourceAccount: "",
    context: [],
    identityPolicies: [{ id: "identity-0", text: "" }],
    resourcePolicy: { id: "resource", text: "" },
    permissionBoundary: { id: "boundary", text: "" },
    scps: [],
    rcps: [],
    sessionPolicy: { id: "session", text: "" },
    endpointPolicy: { id: "endpoint", text: "" },
  };
}

/** The value a context row sends, or an error message. */
export function contextValue(row: ContextRow): { value: string | number | boolean | (string | number | boolean)[] } | { error: string } {
  switch (row.mode) {
    case "text":
      return { value: row.value };
    case "list":
      return {
        value: row.value
          .split(",")
          .map((v) => v.trim())
          .filter((v) => v !== ""),
      };
    case "json": {
      let v: unknown;
      try {
        v = JSON.parse(row.value);
      } catch {
        return { error: 'not valid JSON: write a string in quotes ("a"), a number, true/false, or a list (["a", "b"])' };
      }
      const scalar = (x: unknown): x is string | number | boolean => typeof x === "string" || typeof x === "number" || typeof x === "boolean";
      if (scalar(v)) return { value: v };
      if (Array.isArray(v) && v.every(scalar)) return { value: v };
      return { error: "expected a string, number, boolean, or a list of those" };
    }
  }
}

/** Where a request field came from: an editor id, a context row id, or a top-level input name. */
export type Locations = Record<string, string>;

export interface BuiltRequest {
  request: EvaluateRequest;
  /** request path key (see `pathKey`) → editor or row id */
  locations: Locations;
  /** editor or row id → what is wrong with it; the request must not be sent while non-empty */
  errors: Record<string, string>;
}

/** The key of a request location: `identityPolicies/0`, `scps/1/0`, `resourcePolicy`, `context/aws:SourceIp`. */
export function pathKey(path: readonly (string | number)[]): string {
  const [head, a, b] = path;
  if (head === "identityPolicies" && a !== undefined) return `${head}/${a}`;
  if ((head === "scps" || head === "rcps") && a !== undefined) return b !== undefined ? `${head}/${a}/${b}` : `${head}/${a}`;
  if (head === "context" && a !== undefined) return `context/${a}`;
  return String(head ?? "");
}

type Doc = Record<string, unknown> | string;

export function buildRequest(form: FormState): BuiltRequest {
  const locations: Locations = {};
  const errors: Record<string, string> = {};

  const policy = (d: PolicyDraft, key: string): Doc | undefined => {
    const checked = checkPolicyText(d.text);
    if (checked.kind === "empty") return undefined;
    locations[key] = d.id;
    if (checked.kind === "error") {
      errors[d.id] = checked.message;
      return undefined;
    }
    return checked.document;
  };

  const request: EvaluateRequest = {
    principal: form.principal.trim(),
    action: form.action.trim(),
    resource: form.resource.trim(),
  };
  for (const f of ["principal", "action", "resource", "resourceAccount"] as const) locations[f] = f;
  if (form.resourceAccount.trim()) request.resourceAccount = form.resourceAccount.trim();

  const context: NonNullable<EvaluateRequest["context"]> = {};
  for (const row of form.context) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!key) {
      errors[row.id] = "give the context key a name, e.g. aws:SourceIp";
      continue;
    }
    locations[`context/${key}`] = row.id;
    if (key in context) {
      errors[row.id] = `${key} is given twice: use one row (choose "list" for several values)`;
      continue;
    }
    const v = contextValue(row);
    if ("error" in v) errors[row.id] = v.error;
    else context[key] = v.value;
  }
  if (Object.keys(context).length > 0) request.context = context;

  const identity: Doc[] = [];
  for (const d of form.identityPolicies) {
    const doc = policy(d, `identityPolicies/${identity.length}`);
    if (doc !== undefined) identity.push(doc);
  }
  if (identity.length > 0) request.identityPolicies = identity;

  const resource = policy(form.resourcePolicy, "resourcePolicy");
  if (resource !== undefined) request.resourcePolicy = resource;
  const boundary = policy(form.permissionBoundary, "permissionBoundary");
  if (boundary !== undefined) request.permissionBoundary = boundary;

  for (const kind of ["scps", "rcps"] as const) {
    const levels: Doc[][] = [];
    for (const lv of form[kind]) {
      const docs: Doc[] = [];
      for (const d of lv.policies) {
        const doc = policy(d, `${kind}/${levels.length}/${docs.length}`);
        if (doc !== undefined) docs.push(doc);
      }
      if (docs.length > 0) {
        locations[`${kind}/${levels.length}`] = lv.id;
        levels.push(docs);
      }
    }
    if (levels.length > 0) request[kind] = levels;
  }

  const session = policy(form.sessionPolicy, "sessionPolicy");
  if (session !== undefined) request.sessionPolicy = session;
  const endpoint = policy(form.endpointPolicy, "endpointPolicy");
  if (endpoint !== undefined) request.endpointPolicy = endpoint;

  return { request, locations, errors };
}

/**
 * The policy document behind an explanation's label (`identity[0]`, `resource`, `scps[1][0]`,
 * `rcps[0][0]`, `permissionBoundary`, `session`), as it was sent.
 */
export function documentForLabel(request: EvaluateRequest, label: string): Doc | undefined {
  let m = /^identity\[(\d+)\]$/.exec(label);
  if (m) return request.identityPolicies?.[Number(m[1])] as Doc | undefined;
  m = /^(scps|rcps)\[(\d+)\]\[(\d+)\]$/.exec(label);
  if (m) return request[m[1] as "scps" | "rcps"]?.[Number(m[2])]?.[Number(m[3])] as Doc | undefined;
  if (label === "resource") return request.resourcePolicy as Doc | undefined;
  if (label === "permissionBoundary") return request.permissionBoundary as Doc | undefined;
  if (label === "session") return request.sessionPolicy as Doc | undefined;
  if (label === "endpoint") return request.endpointPolicy as Doc | undefined;
  return undefined;
}

/** The request path key of an explanation's label, to find its editor through `locations`. */
export function labelPathKey(label: string): string | undefined {
  let m = /^identity\[(\d+)\]$/.exec(label);
  if (m) return `identityPolicies/${m[1]}`;
  m = /^(scps|rcps)\[(\d+)\]\[(\d+)\]$/.exec(label);
  if (m) return `${m[1]}/${m[2]}/${m[3]}`;
  return { resource: "resourcePolicy", permissionBoundary: "permissionBoundary", session: "sessionPolicy", endpoint: "endpointPolicy" }[label];
}

/** A person's name for a policy label, e.g. "SCP level 2 · policy 1". */
export function policyTitle(label: string, trust: boolean): string {
  let m = /^identity\[(\d+)\]$/.exec(label);
  if (m) return `Identity policy ${Number(m[1]) + 1}`;
  m = /^(scps|rcps)\[(\d+)\]\[(\d+)\]$/.exec(label);
  if (m) return `${m[1] === "scps" ? "SCP" : "RCP"} level ${Number(m[2]) + 1} · policy ${Number(m[3]) + 1}`;
  if (label === "resource") return trust ? "Trust policy" : "Resource policy";
  if (label === "permissionBoundary") return "Permissions boundary";
  if (label === "session") return "Session policy";
  if (label === "endpoint") return "VPC endpoint policy";
  return label;
}

/** A copy of the form with one policy editor's text replaced, wherever the editor is. */
export function setDraftText(form: FormState, id: string, text: string): FormState {
  const one = (d: PolicyDraft) => (d.id === id ? { ...d, text } : d);
  const levels = (ls: PolicyLevel[]) => ls.map((l) => ({ ...l, policies: l.policies.map(one) }));
  return {
    ...form,
    identityPolicies: form.identityPolicies.map(one),
    resourcePolicy: one(form.resourcePolicy),
    permissionBoundary: one(form.permissionBoundary),
    sessionPolicy: one(form.sessionPolicy),
    endpointPolicy: one(form.endpointPolicy),
    scps: levels(form.scps),
    rcps: levels(form.rcps),
  };
}

export type SectionName = "resourcePolicy" | "permissionBoundary" | "scps" | "rcps" | "sessionPolicy" | "endpointPolicy";

/** The optional sections that hold something, so they open when a form is loaded. */
export function filledSections(form: FormState): SectionName[] {
  const out: SectionName[] = [];
  if (form.resourcePolicy.text.trim()) out.push("resourcePolicy");
  if (form.permissionBoundary.text.trim()) out.push("permissionBoundary");
  if (form.scps.length) out.push("scps");
  if (form.rcps.length) out.push("rcps");
  if (form.sessionPolicy.text.trim()) out.push("sessionPolicy");
  if (form.endpointPolicy.text.trim()) out.push("endpointPolicy");
  return out;
}

/** The optional section an editor or level belongs to, if any. */
export function sectionOf(form: FormState, id: string): SectionName | undefined {
  if (form.resourcePolicy.id === id) return "resourcePolicy";
  if (form.permissionBoundary.id === id) return "permissionBoundary";
  if (form.sessionPolicy.id === id) return "sessionPolicy";
  if (form.endpointPolicy.id === id) return "endpointPolicy";
  for (const kind of ["scps", "rcps"] as const) {
    if (form[kind].some((l) => l.id === id || l.policies.some((d) => d.id === id))) return kind;
  }
  return undefined;
}
