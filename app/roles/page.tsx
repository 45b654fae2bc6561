import type { Metadata } from "next";
import { PlannedPage } from "@/components/PlannedPage";

export const metadata: Metadata = { title: "Roles" };

export default function RolesPage() {
  return (
    <PlannedPage
      title="Roles"
      question="Which roles exist, who can assume them, and what can they do?"
      planned={[
        "Search the roles of every loaded account by name, path or account.",
        "Show a role's trust policy, inline and managed policies, permissions boundary, MaxSessionDuration and tags.",
        "List every known principal that can (or cannot) assume the role, with the reason for each.",
      ]}
    />
  );
}
