import type { Metadata } from "next";
import { PlannedPage } from "@/components/PlannedPage";

export const metadata: Metadata = { title: "Simulate" };

export default function SimulatePage() {
  return (
    <PlannedPage
      title="Simulate"
      question="What could this role do, and can I try it?"
      planned={[
        "Evaluate any action against a role's policies, trust policy included (IAM's own simulator ignores it).",
        "Rebuild a role's permissions as a session policy on a base role, like iam-sudo, so you can run code as an ECS task role you may not assume.",
        "Give the ready-to-run aws sts assume-role command and profile; minting credentials stays off unless an administrator allows it.",
      ]}
    />
  );
}
