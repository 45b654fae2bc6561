// The caller's own session policy, when the caller is a session created with one (R1.11). Session
// policies are not stored in IAM (GAAD cannot show them), so RoleCall cannot read them.

import type { AssumeRoleCheck } from "./types";

export const sessionPolicy: AssumeRoleCheck = {
  id: "session-policy",
  title: "The caller's session policy",
  evaluate: (s) =>
    s.isSession
      ? {
          status: "not-applicable",
          detail: "Session policies are not stored in IAM, so RoleCall assumes the caller's session was created without one. If it was (--policy or --policy-arns), that policy must also allow sts:AssumeRole.",
        }
      : { status: "not-applicable", detail: "The caller is not a role session, so it has no session policy." },
};
