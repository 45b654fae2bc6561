import type { Metadata } from "next";
import { PlannedPage } from "@/components/PlannedPage";

export const metadata: Metadata = { title: "Sessions" };

export default function SessionsPage() {
  return (
    <PlannedPage
      title="Sessions"
      question="Who assumed which role, when, and what did they do?"
      planned={[
        "Read CloudTrail and list role sessions by session name, role, caller or access key, failed attempts included.",
        "Show the calls each session made, oldest first.",
        "Filter by time window and outcome.",
      ]}
    />
  );
}
