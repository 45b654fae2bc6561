"use client";

import type { ReactNode } from "react";
import { btn } from "@/components/ui/buttons";

/** What a "fill this in" button does to the form. */
export type NeedAction =
  | { kind: "mfa"; value: boolean }
  | { kind: "focus"; field: "externalId" | "sourceIp" | "roleSessionName" | "sourceIdentity" | "durationSeconds" }
  | { kind: "tag"; key: string }
  | { kind: "context"; key: string };

interface Need {
  key: string;
  what: ReactNode;
  actions: { label: string; action: NeedAction; primary?: boolean; testId?: string }[];
}

function needFor(key: string): Need {
  const k = key.toLowerCase();
  if (k === "aws:multifactorauthpresent") {
    return {
      key,
      what: "whether you will sign in with MFA (the trust policy tests it)",
      actions: [
        { label: "I will use MFA", action: { kind: "mfa", value: true }, primary: true, testId: "need-mfa-yes" },
        { label: "Without MFA", action: { kind: "mfa", value: false }, testId: "need-mfa-no" },
      ],
    };
  }
  if (k === "sts:externalid") return { key, what: "the external ID you will pass (--external-id)", actions: [{ label: "Give the external ID", action: { kind: "focus", field: "externalId" }, primary: true }] };
  if (k === "aws:sourceip") return { key, what: "the IP address the call comes from", actions: [{ label: "Give the source IP", action: { kind: "focus", field: "sourceIp" }, primary: true }] };
  if (k === "sts:rolesessionname") return { key, what: "the role session name you will use", actions: [{ label: "Give the session name", action: { kind: "focus", field: "roleSessionName" }, primary: true }] };
  if (k === "sts:sourceidentity") return { key, what: "the source identity you will set", actions: [{ label: "Give the source identity", action: { kind: "focus", field: "sourceIdentity" }, primary: true }] };
  const tag = /^aws:requesttag\/(.+)$/i.exec(key);
  if (tag) return { key, what: <>the value of the session tag <code className="font-mono">{tag[1]}</code> you will pass</>, actions: [{ label: `Add the tag ${tag[1]}`, action: { kind: "tag", key: tag[1]! }, primary: true }] };
  if (k === "aws:multifactorauthage") {
    return { key, what: "how many seconds ago you signed in with MFA", actions: [{ label: "Add it to the context keys", action: { kind: "context", key }, primary: true }] };
  }
  return { key, what: "its value in the request (a condition tests it)", actions: [{ label: `Add ${key} to the context keys`, action: { kind: "context", key }, primary: true }] };
}

export function Needs({ keys, onAction, disabled }: { keys: string[]; onAction: (a: NeedAction) => void; disabled?: boolean }) {
  if (keys.length === 0) return null;
  return (
    <section className="rounded-lg border border-amber-300 bg-amber-50/70 p-3" aria-labelledby="needs-title" data-testid="needs">
      <h2 id="needs-title" className="text-[13px] font-semibold text-amber-950">
        RoleCall needs: {keys.map((k, i) => (
          <span key={k}>
            {i > 0 && ", "}
            <code className="rounded bg-amber-100 px-1 font-mono text-[12px] font-medium">{k}</code>
          </span>
        ))}
      </h2>
      <p className="mt-0.5 text-xs text-amber-900">A condition depends on it and the request does not say. RoleCall will not guess: tell it, and the diagnosis runs again.</p>
      <ul className="mt-2 space-y-1.5">
        {keys.map((k) => {
          const n = needFor(k);
          return (
            <li key={k} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 rounded-md bg-white/70 px-2.5 py-1.5 text-xs" data-testid="need" data-key={k}>
              <span className="min-w-0 flex-1 text-zinc-800">
                <code className="font-mono font-medium">{k}</code>: {n.what}
              </span>
              <span className="flex shrink-0 gap-1.5">
                {n.actions.map((a) => (
                  <button
                    key={a.label}
                    type="button"
                    disabled={disabled}
                    className={a.primary ? "inline-flex items-center rounded-md bg-accent-600 px-2.5 py-1 text-xs font-medium text-white shadow-xs hover:bg-accent-700 disabled:opacity-60" : btn.small}
                    onClick={() => onAction(a.action)}
                    data-testid={a.testId}
                  >
                    {a.label}
                  </button>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
