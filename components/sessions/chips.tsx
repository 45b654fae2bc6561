import type { RoleSession, SessionLabel } from "@/lib/sessions/group";
import { Chip, Dot, type Tone } from "@/components/ui/chips";

/** Where the session came from: services in sky, federation in amber, other accounts in violet. */
export const LABEL_TONE: Record<SessionLabel, Tone> = {
  "ECS task": "sky",
  "EC2 instance": "sky",
  Lambda: "sky",
  "AWS service": "sky",
  "web identity": "amber",
  SAML: "amber",
  "cross-account": "violet",
};

export function LabelChip({ label }: { label: SessionLabel | null }) {
  if (!label) return null;
  return (
    <Chip tone={LABEL_TONE[label] ?? "grey"} testId="session-label">
      {label}
    </Chip>
  );
}

/** success, or the error code of a failed attempt (its message in the title). */
export function OutcomeChip({ session, testId = "outcome" }: { session: Pick<RoleSession, "outcome" | "errorCode" | "errorMessage">; testId?: string }) {
  if (session.outcome === "success") {
    return (
      <Chip tone="green" testId={testId} className="font-medium">
        <Dot tone="green" />
        success
      </Chip>
    );
  }
  return (
    <Chip tone="red" testId={testId} title={session.errorMessage ?? undefined}>
      <svg viewBox="0 0 12 12" className="size-2.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
        <path d="m3 3 6 6M9 3 3 9" strokeLinecap="round" />
      </svg>
      <span className="sr-only">failed: </span>
      {session.errorCode ?? "failed"}
    </Chip>
  );
}
