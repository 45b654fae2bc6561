// The policies of a caller and of a role, as the account model knows them, compiled once per
// document and reused across diagnoses (compile once, evaluate many).

import { findByName, type AccountModel, type AttachedPolicy, type IamRole, type IamUser, type InlinePolicy, type PolicyDocumentJson } from "@/lib/account/model";
import { compilePolicyInput, type CompiledPolicy } from "@/lib/policy/compile";
import type { PolicyKind } from "@/lib/policy/parse";

const compiled = new WeakMap<object, Map<string, CompiledPolicy | Error>>();

/**
 * Compile a model document once per kind and name; a malformed one becomes an Error. The label
 * (its place in one caller's list, e.g. identity[3]) is only for display, so a shared managed
 * policy is compiled once and relabelled with a shallow copy per place.
 */
export function compileDoc(doc: PolicyDocumentJson, kind: PolicyKind, label: string, name: string): CompiledPolicy | Error {
  let byKey = compiled.get(doc);
  if (!byKey) {
    byKey = new Map();
    compiled.set(doc, byKey);
  }
  const key = `${kind}\u0000${name}`;
  let base = byKey.get(key);
  if (!base) {
    try {
      base = compilePolicyInput(doc, kind, label, name);
    } catch (e) {
      base = e instanceof Error ? e : new Error(String(e));
    }
    byKey.set(key, base);
  }
  if (base instanceof Error || base.label === label) return base;
  const labelled = `${key}\u0000${label}`;
  let c = byKey.get(labelled);
  if (!c) {
    c = { ...base, label };
    byKey.set(labelled, c);
  }
  return c;
}

export interface NamedDocument {
  name: string;
  document: PolicyDocumentJson;
}

export interface PolicyGathering {
  documents: NamedDocument[];
  /** what could not be known, e.g. "customer managed policy arn:… is not in the snapshot" */
  missing: string[];
}

function inline(list: InlinePolicy[], owner: string): NamedDocument[] {
  return list.map((p) => ({ name: `inline policy ${p.name} of ${owner}`, document: p.document }));
}

function attached(model: AccountModel, list: AttachedPolicy[], missing: string[]): NamedDocument[] {
  return list.flatMap((p) => {
    const doc = model.managedDocument(p.arn);
    if (!doc) {
      const why = model.unknownsFor(p.arn)[0]?.reason ?? "its document is not loaded";
      missing.push(`managed policy ${p.arn}: ${why}`);
      return [];
    }
    return [{ name: p.arn, document: doc }];
  });
}

/** A user's identity policies: its own inline and attached ones, and those of each group. */
export function userPolicies(model: AccountModel, user: IamUser): PolicyGathering {
  const missing: string[] = [];
  const documents = [...inline(user.inlinePolicies, `user ${user.name}`), ...attached(model, user.attachedPolicies, missing)];
  for (const groupName of user.groups) {
    const group = findByName(model.groups, user.account, groupName, false);
    if (!group) {
      missing.push(`group ${groupName}: not in the loaded data`);
      continue;
    }
    documents.push(...inline(group.inlinePolicies, `group ${group.name}`), ...attached(model, group.attachedPolicies, missing));
  }
  for (const u of model.unknownsFor(user.arn)) missing.push(`${u.fact}: ${u.reason}`);
  return { documents, missing };
}

export function rolePolicies(model: AccountModel, role: IamRole): PolicyGathering {
  const missing: string[] = [];
  const documents = [...inline(role.inlinePolicies, `role ${role.name}`), ...attached(model, role.attachedPolicies, missing)];
  for (const u of model.unknownsFor(role.arn)) if (u.fact !== "MaxSessionDuration" && u.fact !== "trust policy") missing.push(`${u.fact}: ${u.reason}`);
  return { documents, missing };
}

/** The boundary document, undefined when none; a string when it is set but not known. */
export function boundaryOf(model: AccountModel, entity: { permissionsBoundary?: string }): NamedDocument | string | undefined {
  if (!entity.permissionsBoundary) return undefined;
  const doc = model.managedDocument(entity.permissionsBoundary);
  if (!doc) return `the permissions boundary ${entity.permissionsBoundary} is not loaded`;
  return { name: entity.permissionsBoundary, document: doc };
}

export function compileAll(docs: NamedDocument[], kind: PolicyKind, labelPrefix: string, errors: string[]): CompiledPolicy[] {
  return docs.flatMap((d, i) => {
    const c = compileDoc(d.document, kind, `${labelPrefix}[${i}]`, d.name);
    if (c instanceof Error) {
      errors.push(`${d.name}: ${c.message}`);
      return [];
    }
    return [c];
  });
}
