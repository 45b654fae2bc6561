"use client";
// One session, whole: every field of the assumption, the chain it belongs to (the session that
// assumed it, and those it assumed), and what it did. A failed attempt says why, and links to the
// diagnosis of that caller and role.

import Link from "next/link";
import { forwardRef, type ReactNode } from "react";
import type { RoleSession, SessionRef } from "@/lib/sessions/group";
import { principalHref, roleHref } from "@/lib/ui/iam-format";
import { diagnosableCaller, diagnoseHrefFor, formatShortTime, formatTime, isDurationError, roleParts, sessionSeconds, shortCaller, shortDuration } from "@/lib/ui/session-format";
import type { SessionSearch } from "@/lib/ui/sessions-search";
import { btn } from "@/components/ui/buttons";
import { Chip } from "@/components/ui/chips";
import { CopyButton } from "@/components/ui/CopyButton";
import { Spinner } from "@/components/ui/Spinner";
import { LabelChip, OutcomeChip } from "./chips";
import { ErrorBox } from "./ReadStatus";
import { SessionActivity } from "./SessionActivity";

interface Props {
  id: string;
  session: RoleSession | null;
  loading: boolean;
  error: unknown;
  onClose: () => void;
  onOpenRef: (ref: SessionRef) => void;
  /** which chain entry is being looked up */
  resolving: string | null;
  onFilter: (patch: Partial<SessionSearch>) => void;
}

const none = <span className="text-zinc-500">none</span>;
const IAM_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(?:user|role)\//;

function Fact({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="pt-px text-xs text-zinc-500">{term}</dt>
      <dd className="min-w-0 text-xs break-words text-zinc-800" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

function Mono({ children, copy, label }: { children: string; copy?: boolean; label?: string }) {
  return (
    <span className="group inline-flex max-w-full items-start gap-1.5">
      <span className="font-mono text-[12px] break-all">{children}</span>
      {copy && <CopyButton text={children} label={label} className="inline-flex shrink-0 items-center gap-1 rounded px-1 text-[11px] whitespace-nowrap text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800" />}
    </span>
  );
}

const refKey = (r: SessionRef) => r.accessKeyId ?? `${r.roleArn}|${r.roleSessionName}|${r.eventTime}`;

function ChainEntry({ r, relation, onOpen, resolving }: { r: SessionRef; relation: "parent" | "child"; onOpen: (r: SessionRef) => void; resolving: string | null }) {
  const role = roleParts(r.roleArn);
  const openable = !!r.accessKeyId || (!!r.eventTime && !!r.roleArn);
  const body = (
    <>
      <span className="flex min-w-0 items-baseline gap-1">
        <span className="truncate font-medium text-zinc-900">{role.name}</span>
        <span className="truncate font-mono text-[11px] text-zinc-500">/ {r.roleSessionName ?? "?"}</span>
      </span>
      <span className="flex items-center gap-2 text-[11px] text-zinc-500">
        {r.eventTime ? formatShortTime(r.eventTime) : "not in the CloudTrail read"}
        {r.outcome === "failure" && (
          <Chip tone="red" className="!py-0">
            failed
          </Chip>
        )}
        {resolving === refKey(r) && <Spinner className="size-3" />}
      </span>
    </>
  );
  return (
    <li className="relative pl-5" data-testid={`chain-${relation}`}>
      <span className={`absolute top-2.5 left-[5px] size-2 rounded-full ${r.outcome === "failure" ? "bg-red-400" : "bg-zinc-300"}`} aria-hidden />
      {openable ? (
        <button
          type="button"
          onClick={() => onOpen(r)}
          className="flex w-full min-w-0 flex-col items-start rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-left hover:border-accent-300 hover:bg-accent-50/50"
          data-testid="chain-link"
          data-session={r.accessKeyId ?? undefined}
        >
          <span className="sr-only">{relation === "parent" ? "Open the session that assumed this one: " : "Open the session this one assumed: "}</span>
          {body}
        </button>
      ) : (
        <div className="flex min-w-0 flex-col rounded-md border border-dashed border-zinc-200 px-2.5 py-1.5">{body}</div>
      )}
    </li>
  );
}

function Chain({ s, onOpen, resolving }: { s: RoleSession; onOpen: (r: SessionRef) => void; resolving: string | null }) {
  const { parent, children } = s.chain;
  if (!parent && children.length === 0) return null;
  const role = roleParts(s.roleArn);
  return (
    <section aria-labelledby="chain-title" className="mt-5" data-testid="chain">
      <h3 id="chain-title" className="text-[13px] font-semibold text-zinc-900">
        Role chain
      </h3>
      <ol className="relative mt-2 space-y-1.5 before:absolute before:top-3 before:bottom-3 before:left-[8.5px] before:w-px before:bg-zinc-200">
        {parent && (
          <>
            <li className="pl-5 text-[11px] text-zinc-500">assumed by</li>
            <ChainEntry r={parent} relation="parent" onOpen={onOpen} resolving={resolving} />
          </>
        )}
        <li className="relative pl-5" data-testid="chain-self" aria-current="true">
          <span className="absolute top-2.5 left-[4px] size-2.5 rounded-full bg-accent-600 ring-2 ring-accent-100" aria-hidden />
          <div className="rounded-md border border-accent-300 bg-accent-50 px-2.5 py-1.5">
            <span className="flex min-w-0 items-baseline gap-1">
              <span className="truncate font-medium text-accent-800">{role.name}</span>
              <span className="truncate font-mono text-[11px] text-zinc-600">/ {s.roleSessionName ?? "?"}</span>
            </span>
            <span className="text-[11px] text-zinc-600">this session · {formatShortTime(s.eventTime)}</span>
          </div>
        </li>
        {children.length > 0 && <li className="pl-5 text-[11px] text-zinc-500">then assumed</li>}
        {children.map((c) => (
          <ChainEntry key={refKey(c)} r={c} relation="child" onOpen={onOpen} resolving={resolving} />
        ))}
      </ol>
    </section>
  );
}

function FailureBox({ s }: { s: RoleSession }) {
  const href = diagnoseHrefFor(s);
  const caller = diagnosableCaller(s);
  return (
    <div className="mt-3 rounded-lg border border-red-200 bg-red-50 p-3" data-testid="failure">
      <p className="text-xs font-semibold text-red-900">
        STS refused: <span className="font-mono">{s.errorCode ?? "error"}</span>
      </p>
      {s.errorMessage && (
        <p className="mt-1 font-mono text-[12px] break-words text-red-900" data-testid="failure-message">
          {s.errorMessage}
        </p>
      )}
      {isDurationError(s.errorMessage) && s.durationSeconds !== null && (
        <p className="mt-1.5 text-xs text-red-900">
          The call asked for DurationSeconds = {s.durationSeconds} ({shortDuration(s.durationSeconds)}).
        </p>
      )}
      {href ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Link href={href} className={btn.primary} data-testid="diagnose-this">
            <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
              <circle cx="7" cy="7" r="4.5" />
              <path d="m10.5 10.5 3 3" strokeLinecap="round" />
            </svg>
            Diagnose this
          </Link>
          <span className="text-[11px] text-red-900/80">
            Why {shortCaller(caller!)} cannot assume {roleParts(s.roleArn).name}
            {s.durationSeconds !== null ? `, with the same duration` : ""}
          </span>
        </div>
      ) : (
        <p className="mt-2 text-[11px] text-red-900/80">
          {s.eventName !== "AssumeRole"
            ? `RoleCall diagnoses sts:AssumeRole; this was ${s.eventName}.`
            : "CloudTrail names the caller only by its principal ID here, so there is no caller ARN to diagnose."}
        </p>
      )}
    </div>
  );
}

export const SessionPanel = forwardRef<HTMLHeadingElement, Props>(function SessionPanel({ id, session: s, loading, error, onClose, onOpenRef, resolving, onFilter }, headingRef) {
  const closeButton = (
    <button type="button" onClick={onClose} className="-mr-1 rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900" aria-label="Close the session" data-testid="panel-close">
      <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
        <path d="m4 4 8 8M12 4l-8 8" strokeLinecap="round" />
      </svg>
    </button>
  );

  if (!s) {
    return (
      <aside aria-label="Session" className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm" data-testid="session-panel" data-state={loading ? "loading" : "missing"}>
        <div className="flex items-start justify-between gap-3">
          <h2 ref={headingRef} tabIndex={-1} className="text-sm font-semibold text-zinc-900 outline-none">
            Session <span className="font-mono text-xs font-normal text-zinc-500">{id}</span>
          </h2>
          {closeButton}
        </div>
        {loading ? (
          <p className="mt-4 flex items-center gap-2 text-xs text-zinc-600">
            <Spinner className="size-3.5" /> Finding the session…
          </p>
        ) : error ? (
          <div className="mt-3">
            <ErrorBox error={error} what="session" />
          </div>
        ) : (
          <p className="mt-3 text-xs text-zinc-600" data-testid="session-missing">
            No session with this access key ID or event ID is in the CloudTrail read.
          </p>
        )}
      </aside>
    );
  }

  const role = roleParts(s.roleArn);
  const seconds = sessionSeconds(s);
  const tags = Object.entries(s.sessionTags ?? {});
  return (
    <aside aria-labelledby="session-panel-title" className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm" data-testid="session-panel" data-state="ready" data-session={s.accessKeyId ?? s.eventId}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-1.5">
            <OutcomeChip session={s} />
            <LabelChip label={s.label} />
            <span className="text-[11px] text-zinc-500">{s.eventName}</span>
          </div>
          <h2 id="session-panel-title" ref={headingRef} tabIndex={-1} className="mt-1 text-base leading-snug font-semibold break-words text-zinc-900 outline-none" data-testid="panel-title">
            {role.name} <span className="font-mono text-[13px] font-normal text-zinc-600">/ {s.roleSessionName ?? "?"}</span>
          </h2>
          <p className="text-xs text-zinc-500">
            <time dateTime={s.eventTime}>{formatTime(s.eventTime)} UTC</time> · by <span className="font-mono">{shortCaller(s.caller)}</span>
          </p>
        </div>
        {closeButton}
      </div>

      {s.outcome === "failure" && <FailureBox s={s} />}

      <dl className="mt-4 grid grid-cols-[8.5rem_minmax(0,1fr)] gap-x-3 gap-y-1.5" data-testid="session-facts">
        <Fact term="Role">
          {s.roleArn ? (
            <span className="inline-flex max-w-full flex-wrap items-center gap-x-2">
              <Link href={roleHref(s.roleArn)} className="font-mono text-[12px] break-all text-accent-700 hover:underline">
                {s.roleArn}
              </Link>
            </span>
          ) : (
            none
          )}
        </Fact>
        <Fact term="Assumed-role ARN">{s.assumedRoleArn ? <Mono copy label="Copy the assumed-role ARN">{s.assumedRoleArn}</Mono> : none}</Fact>
        <Fact term="Caller" testId="fact-caller">
          {IAM_PRINCIPAL.test(s.caller) ? (
            <Link href={principalHref(s.caller)} className="font-mono text-[12px] break-all text-accent-700 hover:underline">
              {s.caller}
            </Link>
          ) : (
            <Mono>{s.caller}</Mono>
          )}
          {s.callerType && <span className="ml-1.5 text-[11px] text-zinc-500">({s.callerType})</span>}
        </Fact>
        <Fact term="Caller account">{s.callerAccount ? <span className="font-mono">{s.callerAccount}</span> : none}</Fact>
        <Fact term="Source IP">{s.sourceIp ? <span className="font-mono">{s.sourceIp}</span> : none}</Fact>
        <Fact term="User agent">{s.userAgent ? <span className="font-mono text-[11px] break-all text-zinc-700">{s.userAgent}</span> : none}</Fact>
        <Fact term="Region">{s.region ? <span className="font-mono">{s.region}</span> : none}</Fact>
        <Fact term="Event time">
          <span className="font-mono">{formatTime(s.eventTime)}</span> UTC
        </Fact>
        <Fact term="Expiration">{s.expiration ? <><span className="font-mono">{formatTime(s.expiration)}</span> UTC</> : none}</Fact>
        <Fact term="Duration">
          {seconds !== null ? shortDuration(seconds) : none}
          {s.durationSeconds !== null && <span className="ml-1.5 text-[11px] text-zinc-500">(requested DurationSeconds {s.durationSeconds})</span>}
          {s.durationSeconds === null && s.outcome === "success" && <span className="ml-1.5 text-[11px] text-zinc-500">(no DurationSeconds in the request)</span>}
        </Fact>
        <Fact term="Access key ID" testId="fact-access-key">
          {s.accessKeyId ? <Mono copy label="Copy the access key ID">{s.accessKeyId}</Mono> : none}
        </Fact>
        <Fact term="Source identity">{s.sourceIdentity ? <span className="font-mono">{s.sourceIdentity}</span> : none}</Fact>
        <Fact term="Session tags">
          {tags.length ? (
            <span className="flex flex-wrap gap-1">
              {tags.map(([k, v]) => (
                <Chip key={k} tone="grey" className="font-mono">
                  {k}={v}
                </Chip>
              ))}
            </span>
          ) : (
            none
          )}
        </Fact>
        <Fact term="Transitive tag keys">{s.transitiveTagKeys?.length ? <span className="font-mono">{s.transitiveTagKeys.join(", ")}</span> : none}</Fact>
        <Fact term="Logged in">
          {s.loggedIn.length ? <span className="font-mono">{s.loggedIn.join(", ")}</span> : none}
          {s.loggedIn.length > 1 && <span className="ml-1.5 text-[11px] text-zinc-500">(one assumption, logged by both accounts)</span>}
        </Fact>
        <Fact term="Event ID">
          <span className="font-mono text-[11px] text-zinc-600">{s.eventId}</span>
        </Fact>
      </dl>

      <div className="mt-3 flex flex-wrap gap-x-3 gap-y-1 border-t border-zinc-100 pt-2.5 text-xs">
        <span className="text-zinc-500">Show all sessions:</span>
        {s.roleArn && (
          <button type="button" className={btn.link} onClick={() => onFilter({ role: s.roleArn!, principal: "", roleSessionName: "", accessKeyId: "" })} data-testid="filter-role">
            of this role
          </button>
        )}
        <button type="button" className={btn.link} onClick={() => onFilter({ principal: s.caller, role: "", roleSessionName: "", accessKeyId: "" })} data-testid="filter-caller">
          by this caller
        </button>
        {s.roleSessionName && (
          <button type="button" className={btn.link} onClick={() => onFilter({ roleSessionName: s.roleSessionName!, role: "", principal: "", accessKeyId: "" })}>
            with this session name
          </button>
        )}
      </div>

      <Chain s={s} onOpen={onOpenRef} resolving={resolving} />
      {s.outcome === "success" && <SessionActivity key={s.eventId} session={s} />}
    </aside>
  );
});
