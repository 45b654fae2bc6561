"use client";

import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { SimulateResponse } from "@/lib/api/simulate";
import { policyMeter, SESSION_POLICY_LIMIT, splitArns } from "@/lib/ui/simulate-form";
import { PolicyJson } from "@/components/evaluate/PolicyJson";
import { CodeBlock } from "./CodeBlock";
import { CopyButton } from "@/components/ui/CopyButton";
import { btn } from "@/components/ui/buttons";

const nameOf = (arn: string) => arn.split("/").pop() ?? arn;

/** Text with its ARNs set in monospace, so that a reader can find them. */
export function WithArns({ text }: { text: string }) {
  return (
    <>
      {splitArns(text).map((p, i) =>
        p.arn ? (
          <code key={i} className="rounded bg-black/5 px-0.5 font-mono text-[0.92em] break-all">
            {p.text}
          </code>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function Caveats({ caveats, title = "Caveats: where the simulation differs from the real role" }: { caveats: string[]; title?: string }) {
  if (!caveats.length) return null;
  return (
    <section className="rounded-lg border border-amber-300 bg-amber-50 p-3.5 text-amber-950" aria-labelledby="caveats-title" data-testid="caveats">
      <h3 id="caveats-title" className="flex items-center gap-2 text-[13px] font-semibold">
        <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-amber-600" fill="currentColor" aria-hidden>
          <path d="M8.6 2.9a1.6 1.6 0 0 1 2.8 0l6.3 11.4a1.6 1.6 0 0 1-1.4 2.4H3.7a1.6 1.6 0 0 1-1.4-2.4L8.6 2.9ZM10 7a.9.9 0 0 0-.9.9v3.4a.9.9 0 0 0 1.8 0V7.9A.9.9 0 0 0 10 7Zm0 6.4a1 1 0 1 0 0 2 1 1 0 0 0 0-2Z" />
        </svg>
        {title}
        <span className="font-normal text-amber-800">({caveats.length}, most important first)</span>
      </h3>
      <ol className="mt-2 space-y-1.5">
        {caveats.map((c, i) => (
          <li
            key={c}
            className={`flex gap-2 rounded-md border px-2.5 py-1.5 text-[13px] leading-snug ${i < 2 ? "border-amber-300 bg-white font-medium" : "border-amber-200/70 bg-white/60"}`}
            data-testid="caveat"
          >
            <span className="mt-px shrink-0 font-mono text-[11px] text-amber-700" aria-hidden>
              {i + 1}.
            </span>
            <span className="min-w-0">
              <WithArns text={c} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

interface Tab {
  id: string;
  label: string;
  content: ReactNode;
}

/** ARIA tabs: arrow keys move between them. */
function Tabs({ tabs, label }: { tabs: Tab[]; label: string }) {
  const uid = useId();
  const [selected, setSelected] = useState(tabs[0]!.id);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    const next = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setSelected(tabs[next]!.id);
    refs.current.get(tabs[next]!.id)?.focus();
  };
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex flex-wrap gap-1 border-b border-zinc-200" onKeyDown={onKey}>
        {tabs.map((t) => {
          const on = t.id === selected;
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) refs.current.set(t.id, el);
              }}
              type="button"
              role="tab"
              id={`${uid}-tab-${t.id}`}
              aria-selected={on}
              aria-controls={`${uid}-panel-${t.id}`}
              tabIndex={on ? 0 : -1}
              onClick={() => setSelected(t.id)}
              className={`-mb-px rounded-t-md border px-3 py-1.5 text-[13px] font-medium whitespace-nowrap ${
                on ? "border-zinc-200 border-b-white bg-white text-zinc-900" : "border-transparent text-zinc-500 hover:text-zinc-800"
              }`}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`${uid}-panel-${t.id}`} aria-labelledby={`${uid}-tab-${t.id}`} hidden={t.id !== selected} className="pt-3">
          {t.content}
        </div>
      ))}
    </div>
  );
}

function Meter({ chars }: { chars: number }) {
  const { percent, level } = policyMeter(chars);
  const color = level === "over" ? "bg-red-500" : level === "tight" ? "bg-amber-500" : "bg-emerald-500";
  return (
    <div className="flex items-center gap-2 text-xs text-zinc-600" data-testid="policy-meter">
      <meter
        className="sr-only"
        min={0}
        max={SESSION_POLICY_LIMIT}
        value={chars}
        low={SESSION_POLICY_LIMIT * 0.8}
        high={SESSION_POLICY_LIMIT}
        optimum={0}
        aria-label="Session policy size"
      />
      <span className="relative h-2 w-40 overflow-hidden rounded-full bg-zinc-200" aria-hidden>
        <span className={`absolute inset-y-0 left-0 rounded-full ${color}`} style={{ width: `${Math.min(percent, 100)}%` }} />
      </span>
      <span>
        <strong className="font-semibold text-zinc-900 tabular-nums">{chars.toLocaleString("en-US")}</strong> of {SESSION_POLICY_LIMIT.toLocaleString("en-US")} characters ({percent}%)
      </span>
    </div>
  );
}

function SessionPolicy({ plan }: { plan: SimulateResponse }) {
  const [view, setView] = useState<"pretty" | "minified">("pretty");
  const doc = useMemo(() => {
    try {
      return plan.sessionPolicy ? (JSON.parse(plan.sessionPolicy) as unknown) : null;
    } catch {
      return plan.sessionPolicy;
    }
  }, [plan.sessionPolicy]);
  const extraNotes = plan.notes.filter((n) => !plan.caveats.includes(n));
  return (
    <section className="min-w-0 space-y-3 rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" aria-labelledby="session-policy-title" data-testid="session-policy">
      <div>
        <h3 id="session-policy-title" className="text-[13px] font-semibold text-zinc-900">
          Session policies
        </h3>
        <p className="text-xs text-zinc-500">The role&apos;s policies, passed when assuming the base role: the session gets what both allow.</p>
      </div>
      <div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h4 className="text-xs font-medium text-zinc-700">
            Inline session policy <span className="font-normal text-zinc-500">(--policy: the role&apos;s inline policies)</span>
          </h4>
          {plan.sessionPolicy && (
            <div className="flex rounded-md border border-zinc-300 p-px text-xs" role="group" aria-label="Session policy view">
              {(["pretty", "minified"] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  className={`rounded px-2 py-0.5 ${view === v ? "bg-zinc-800 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}
                  onClick={() => setView(v)}
                >
                  {v === "pretty" ? "Pretty" : "Minified"}
                </button>
              ))}
            </div>
          )}
        </div>
        {plan.sessionPolicy ? (
          <div className="mt-1.5 space-y-1.5">
            <Meter chars={plan.sessionPolicyChars} />
            {view === "pretty" ? (
              <figure className="min-w-0">
                <figcaption className="mb-1 flex items-end gap-2">
                  <span className="flex-1 text-xs font-medium text-zinc-700">Pretty-printed</span>
                  <CopyButton text={typeof doc === "string" ? doc : JSON.stringify(doc, null, 2)} label="Copy the session policy, pretty-printed" className={`${btn.small} shrink-0`} testId="copy" />
                </figcaption>
                <div className="max-h-96 overflow-auto">
                  <PolicyJson document={doc} marks={new Map()} label="Session policy" />
                </div>
              </figure>
            ) : (
              <CodeBlock title="Minified, as sent" code={plan.sessionPolicy} wrap tone="plain" testId="session-policy-minified" />
            )}
          </div>
        ) : (
          <p className="mt-1 text-xs text-zinc-600">None: the role has no inline policies, and all its managed policies pass by ARN.</p>
        )}
      </div>
      <div>
        <h4 className="text-xs font-medium text-zinc-700">
          Managed policies by ARN <span className="font-normal text-zinc-500">(--policy-arns, at most 10)</span>
        </h4>
        {plan.policyArns.length ? (
          <ul className="mt-1 space-y-0.5" data-testid="policy-arns">
            {plan.policyArns.map((a) => (
              <li key={a} className="font-mono text-xs break-all text-zinc-800">
                {a}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-xs text-zinc-600">None.</p>
        )}
      </div>
      {plan.inlined.length > 0 && (
        <div>
          <h4 className="text-xs font-medium text-zinc-700">Managed policies inlined into the session policy</h4>
          <ul className="mt-1 space-y-0.5" data-testid="inlined">
            {plan.inlined.map((a) => (
              <li key={a} className="font-mono text-xs break-all text-zinc-800">
                {a}
              </li>
            ))}
          </ul>
        </div>
      )}
      {extraNotes.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-xs text-zinc-600" data-testid="plan-notes">
          {extraNotes.map((n) => (
            <li key={n}>
              <WithArns text={n} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Commands({ plan }: { plan: SimulateResponse }) {
  const profileName = `rolecall-${nameOf(plan.role)}`;
  return (
    <section className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" aria-labelledby="commands-title" data-testid="commands">
      <h3 id="commands-title" className="text-[13px] font-semibold text-zinc-900">
        Run your code as {nameOf(plan.role)}
      </h3>
      <p className="mb-2 text-xs text-zinc-500">
        With your own credentials (profile <code>{/--profile (\S+)/.exec(plan.commands.assumeRole)?.[1] ?? "default"}</code>), which must be allowed to assume {nameOf(plan.baseRole)}.
      </p>
      <Tabs
        label="Ways to get the simulated session"
        tabs={[
          {
            id: "assume-role",
            label: "aws sts assume-role",
            content: (
              <CodeBlock
                title="aws sts assume-role command"
                hint={
                  plan.commands.mfa ? (
                    <>
                      Prints temporary credentials as JSON (one hour). Replace <code>123456</code> with the code your MFA device shows now.
                    </>
                  ) : (
                    "Prints temporary credentials as JSON (one hour)."
                  )
                }
                code={plan.commands.assumeRole}
                wrap
                testId="command-assume-role"
              />
            ),
          },
          {
            id: "profile",
            label: "AWS config profile",
            content: <ProfileSteps plan={plan} profileName={profileName} />,
          },
          {
            id: "env",
            label: "environment",
            content: (
              <CodeBlock
                title="environment variables"
                hint={<>Exports the profile&apos;s credentials into this shell, for tools that read only AWS_ACCESS_KEY_ID and friends (add the profile first).</>}
                code={plan.commands.exports}
                wrap
                testId="command-exports"
              />
            ),
          },
        ]}
      />
    </section>
  );
}

/** The profile's set-up as numbered steps, each copied on its own; the profile is one of them. */
function ProfileSteps({ plan, profileName }: { plan: SimulateResponse; profileName: string }) {
  const steps = plan.commands.profileSetup;
  return (
    <ol className="space-y-3" data-testid="profile-steps">
      {steps.map((st, i) => (
        <li key={st.title} data-testid="profile-step">
          <CodeBlock title={`${i + 1}. ${st.title}`} code={st.command} wrap hint={plan.commands.mfa && /MFA/.test(st.title) ? <>Replace <code>123456</code> with the code your MFA device shows now.</> : undefined} />
        </li>
      ))}
      <li data-testid="command-profile">
        <CodeBlock
          title={`${steps.length + 1}. Add the profile to ~/.aws/config`}
          hint={
            <>
              Every AWS SDK and the CLI then use <code>--profile {profileName}</code> (or <code>AWS_PROFILE={profileName}</code>)
              {plan.commands.mfa ? <>, while the MFA session of step {steps.length} lasts</> : null}.
            </>
          }
          code={plan.commands.profile}
          wrap
        />
      </li>
      <li className="text-xs text-zinc-600">
        {steps.length + 2}. Check it: <code className="font-mono">aws sts get-caller-identity --profile {profileName}</code>
      </li>
    </ol>
  );
}

export function DirectBox({ plan }: { plan: SimulateResponse }) {
  const direct = plan.commands.direct;
  if (!direct) return null;
  return (
    <section className="rounded-lg border-2 border-emerald-400 bg-emerald-50 p-3.5" aria-labelledby="direct-title" data-testid="direct">
      <h3 id="direct-title" className="text-[15px] font-semibold text-emerald-900">
        You may assume this role directly
      </h3>
      <p className="mt-0.5 text-[13px] text-emerald-900">No simulation needed: this profile assumes {nameOf(plan.role)} itself, so the session is exactly the real role&apos;s.</p>
      <div className="mt-2.5 grid gap-3 lg:grid-cols-2">
        <CodeBlock
          title="AWS config profile"
          hint={
            <>
              Add it to <code>~/.aws/config</code>.{/^mfa_serial = /m.test(direct.profile) ? " With mfa_serial, the CLI asks for your MFA code when it assumes the role." : ""}
            </>
          }
          code={direct.profile}
          testId="direct-profile"
        />
        <CodeBlock title="environment" hint="Then export its credentials into this shell." code={direct.exports} wrap testId="direct-exports" />
      </div>
    </section>
  );
}

export function PlanDetails({ plan }: { plan: SimulateResponse }) {
  return (
    <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1.1fr)_minmax(0,1fr)]">
      <Commands plan={plan} />
      <SessionPolicy plan={plan} />
    </div>
  );
}

export function TooLarge({ message, caveats }: { message: string; caveats: string[] }) {
  return (
    <div className="space-y-3" data-testid="too-large">
      <section role="alert" tabIndex={-1} className="rounded-lg border border-red-300 bg-red-50 p-3.5 text-red-950">
        <h3 className="text-[15px] font-semibold">The role&apos;s policies do not fit in a session policy</h3>
        <p className="mt-1 text-[13px]" data-testid="too-large-message">
          <WithArns text={message} />
        </p>
        <p className="mt-2 text-xs text-red-900">
          AWS caps the inline session policy at {SESSION_POLICY_LIMIT.toLocaleString("en-US")} characters (managed policies by ARN do not count against it), so this role cannot be
          simulated as it is.
        </p>
      </section>
      <Caveats caveats={caveats} title="Caveats, had it fit" />
    </div>
  );
}

