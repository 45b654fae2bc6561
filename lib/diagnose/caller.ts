// Who is calling AssumeRole, as the account model knows them: the parsed principal, the IAM
// entity behind it (user, or the role of a session), and what is not known about it.

import { findByName, type AccountModel, type IamRole, type IamUser, type Tags } from "@/lib/account/model";
import { parseRequestPrincipal, type RequestPrincipal } from "@/lib/policy/principal";

export interface Caller {
  principal: RequestPrincipal;
  /** the ARN STS names in its messages: "User: <arn> is not authorized…" */
  errorArn: string;
  account?: string;
  user?: IamUser;
  /** the role of a role session */
  role?: IamRole;
  /** why the caller's own policies are not known (account not loaded, entity missing) */
  unknownReason?: string;
  tags?: Tags;
}

/** A string return is an error message about the principal. */
export function resolveCaller(model: AccountModel, principalArn: string, sessionName?: string): Caller | string {
  const principal = parseRequestPrincipal(principalArn);
  if (typeof principal === "string") return principal;
  const caller: Caller = { principal, errorArn: principalArn };
  if (!("account" in principal)) return caller;
  caller.account = principal.account;
  const account = model.accounts.get(principal.account);
  // a source that tried and failed says why (an unreachable account of the organization, a denied read)
  const why = model.whyNotLoaded(principal.arn, principal.account);
  const notLoaded = why ?? `account ${principal.account} is not loaded${model.loadedAccounts().length ? ` (loaded: ${model.loadedAccounts().join(", ")})` : ""}`;
  switch (principal.type) {
    case "user": {
      caller.user = model.users.get(principal.arn) ?? [...model.users.values()].find((u) => u.account === principal.account && u.name === principal.name);
      if (!caller.user) caller.unknownReason = account?.loaded ? `user ${principal.name} is not in the loaded data of account ${principal.account}` : notLoaded;
      caller.tags = caller.user?.tags;
      break;
    }
    case "role":
    case "assumed-role": {
      const name = principal.type === "role" ? principal.name : principal.roleName;
      caller.role = principal.type === "role" ? model.roles.get(principal.arn) : undefined;
      caller.role ??= findByName(model.roles, principal.account, name, true);
      if (!caller.role) caller.unknownReason = account?.loaded ? `role ${name} is not in the loaded data of account ${principal.account}` : notLoaded;
      caller.tags = caller.role?.tags;
      if (principal.type === "role") caller.errorArn = `arn:${principal.partition}:sts::${principal.account}:assumed-role/${principal.name}/${sessionName ?? "SESSION"}`;
      break;
    }
    case "root":
    case "federated-user":
      if (!account?.loaded) caller.unknownReason = notLoaded;
      break;
  }
  return caller;
}
