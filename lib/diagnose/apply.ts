// Applies a fix's patch to a copy of the account model (and request), so that the diagnosis can
// be re-run on the world after the fix: "would this change make the check pass?"

import { AccountModel } from "@/lib/account/model";
import type { DiagnoseInput, FixPatch } from "./types";

export function cloneModel(m: AccountModel): AccountModel {
  const c = new AccountModel();
  for (const [k, v] of m.users) c.users.set(k, structuredClone(v));
  for (const [k, v] of m.groups) c.groups.set(k, structuredClone(v));
  for (const [k, v] of m.roles) c.roles.set(k, structuredClone(v));
  for (const [k, v] of m.policies) c.policies.set(k, structuredClone(v));
  for (const [k, v] of m.accounts) c.accounts.set(k, structuredClone(v));
  for (const [k, v] of m.vpcEndpoints) c.vpcEndpoints.set(k, structuredClone(v));
  for (const u of m.unknowns) c.addUnknown(u.subject, u.fact, u.reason);
  c.problems.push(...m.problems);
  c.organizationId = m.organizationId;
  return c;
}

/** The model and request after the patches (the originals are not changed). */
export function applyFix(model: AccountModel, input: DiagnoseInput, patches: FixPatch[]): { model: AccountModel; input: DiagnoseInput } {
  let m = cloneModel(model);
  let i = input;
  for (const p of patches) ({ model: m, input: i } = applyPatch(m, i, p));
  return { model: m, input: i };
}

function applyPatch(m: AccountModel, input: DiagnoseInput, patch: FixPatch): { model: AccountModel; input: DiagnoseInput } {
  switch (patch.kind) {
    case "request":
      return { model: m, input: { ...input, ...patch.change } };
    case "trust-policy": {
      const role = m.roles.get(patch.roleArn);
      if (!role) throw new Error(`no role ${patch.roleArn}`);
      role.trustPolicy = structuredClone(patch.document);
      break;
    }
    case "max-session-duration": {
      const role = m.roles.get(patch.roleArn);
      if (!role) throw new Error(`no role ${patch.roleArn}`);
      role.maxSessionDuration = patch.maxSessionDuration;
      break;
    }
    case "inline-policy": {
      const entity = patch.entity === "user" ? [...m.users.values()].find((u) => u.arn === patch.principalArn || u.name === patch.name) : [...m.roles.values()].find((r) => r.arn === patch.principalArn || r.name === patch.name);
      if (!entity) throw new Error(`no ${patch.entity} ${patch.name}`);
      entity.inlinePolicies = [...entity.inlinePolicies.filter((p) => p.name !== patch.policyName), { name: patch.policyName, document: structuredClone(patch.document) }];
      break;
    }
    case "tag-principal": {
      const entity = patch.entity === "user" ? [...m.users.values()].find((u) => u.arn === patch.principalArn) : [...m.roles.values()].find((r) => r.arn === patch.principalArn);
      if (!entity) throw new Error(`no ${patch.entity} ${patch.principalArn}`);
      entity.tags = { ...entity.tags, [patch.key]: patch.value };
      break;
    }
    case "managed-policy": {
      const p = m.policies.get(patch.policyArn);
      if (!p) throw new Error(`no managed policy ${patch.policyArn}`);
      p.document = structuredClone(patch.document);
      break;
    }
    case "endpoint-policy": {
      const e = m.vpcEndpoints.get(patch.endpointId);
      if (!e) throw new Error(`no VPC endpoint ${patch.endpointId}`);
      e.policy = structuredClone(patch.document);
      m.removeUnknown(patch.endpointId, "endpoint policy");
      break;
    }
    case "org-policy": {
      const org = m.accounts.get(patch.account)?.org?.[patch.type];
      const level = org?.[patch.level];
      if (!level || !level[patch.index]) throw new Error(`no ${patch.type} level ${patch.level} #${patch.index} for ${patch.account}`);
      level[patch.index] = structuredClone(patch.document);
      break;
    }
  }
  return { model: m, input };
}
