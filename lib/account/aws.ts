import "server-only";
// Placeholder while the AWS source is written (replaced in this same change).
import type { AccountModel } from "./model";
export async function loadAwsModel(): Promise<AccountModel> {
  throw new Error("the aws source is not available in this build");
}
