// Resource control policies of the role's account: RCPFullAWSAccess is implied at every level,
// so only their Denies matter; they bind callers from outside the organization too (R1.4).

import type { AssumeRoleCheck } from "./types";
import { orgFixes, orgOutcome } from "./scp";

export const rcp: AssumeRoleCheck = {
  id: "rcp",
  title: "Resource control policies (role's account)",
  evaluate(s) {
    const acct = s.role.account;
    if (s.roleProfile.rcpState === "unknown") {
      return { status: "unknown", detail: `The RCPs of account ${acct} are not known: ${s.model.unknownsFor(`account ${acct}`).map((u) => u.reason).join("; ") || "the account is not loaded"}.` };
    }
    if (s.roleProfile.rcpState === "not-governed") return { status: "not-applicable", detail: `Account ${acct} has no resource control policies of its own (RCPFullAWSAccess allows everything).` };
    return orgOutcome(s, "rcp", `No RCP of account ${acct} denies it.`, () => `An RCP of account ${acct} denies sts:AssumeRole for this caller.`);
  },
  fixes: (s, check) => orgFixes(s, check, "rcp"),
};
