// The role exists. STS does not say so when it does not: the answer is the same AccessDenied
// (R5.2). A role name is looked up in the caller's account, then in every loaded account.

import { closestRoles, didYouMeanText } from "../resolve";
import type { AssumeRoleCheck } from "./types";

export const roleExists: AssumeRoleCheck = {
  id: "role-exists",
  title: "The role exists",
  withoutRole(s) {
    const acct = s.roleAccount;
    if (!acct || !s.model.accounts.get(acct)?.loaded) {
      // a source that tried and failed says why (an unreachable account of the organization, a denied read)
      const why = s.model.whyNotLoaded(s.roleArn, acct);
      return { status: "unknown", detail: `Account ${acct ?? "?"} is not loaded${why ? ` (${why})` : ""}, so whether the role exists is not known.` };
    }
    const name = s.roleArn.split("/").pop() ?? s.roleArn;
    const near = closestRoles(s.model, name, acct);
    return {
      status: "fail",
      detail: `Account ${acct} has no role ${name}. STS does not say whether a role exists: it answers with the same AccessDenied. (Role names in ARNs are case-sensitive when assuming.)${didYouMeanText(near)}`,
    };
  },
  evaluate: (s) => ({ status: "pass", detail: `${s.role.arn} exists.` }),
};

/** A "did you mean" fix for a role that does not exist: diagnose the closest one instead. */
export function roleSuggestionFixes(s: { model: import("@/lib/account/model").AccountModel; roleArn: string; roleAccount?: string }) {
  const near = closestRoles(s.model, s.roleArn.split("/").pop() ?? s.roleArn, s.roleAccount);
  return near.map((r) => ({
    target: "role-exists" as const,
    title: `Did you mean ${r.name} (${r.account})?`,
    explanation: `No role of that name exists; ${r.arn} comes closest. Role names are case-sensitive in RoleArn.`,
    patches: [{ kind: "request" as const, change: { role: r.arn } }],
  }));
}
