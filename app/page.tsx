import type { Metadata } from "next";
import { PlannedPage } from "@/components/PlannedPage";

export const metadata: Metadata = { title: { absolute: "Diagnose · RoleCall" } };

export default function DiagnosePage() {
  return (
    <PlannedPage
      title="Diagnose"
      question="Why can't I assume this role?"
      planned={[
        "Pick a caller and a role from your accounts, and give the session parameters: duration, session name, external ID, MFA, session tags, source identity.",
        "Check the trust policy, identity policies, permissions boundary, SCPs, RCPs, session policy, MaxSessionDuration and role chaining, and say which one blocks.",
        "Quote the exact statement, predict the error STS would return, and propose the smallest fix as a policy statement plus AWS CLI, Terraform and CloudFormation.",
        'Say "unknown" and name what is missing when the data does not allow an answer, never guess.',
      ]}
    />
  );
}
