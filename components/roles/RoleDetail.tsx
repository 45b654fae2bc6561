"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import type { RoleDetail as RoleDetailData } from "@/lib/api/roles";
import { SEVERITY_LABEL, SEVERITY_TONE } from "@/lib/ui/policy-findings";
import { diagnoseHref } from "@/lib/ui/diagnose-form";
import { arnName, formatDay, formatDuration, relativeDay } from "@/lib/ui/iam-format";
import { btn } from "@/components/ui/buttons";
import { Chip } from "@/components/ui/chips";
import { CopyButton } from "@/components/ui/CopyButton";
import { ApiRequestError, getJson } from "@/components/ui/http";
import { Spinner } from "@/components/ui/Spinner";
import { PolicyJson } from "@/components/evaluate/PolicyJson";
import { Section } from "@/components/evaluate/Section";
import { Assumers } from "./Assumers";
import { Reachers } from "./Reachers";
import { AdmitsChips } from "./RolesList";
import { TrustPolicy } from "./TrustPolicy";
import { RoleCapabilities } from "@/components/simulate/RoleCapabilities";
import { RecentSessions } from "@/components/sessions/RecentSessions";

const NO_MARKS = new Map<number, "allow" | "deny">();

function Fact({ label, children, testId, className = "" }: { label: string; children: ReactNode; testId?: string; className?: string }) {
  return (
    <div className={`min-w-0 ${className}`} data-testid={testId}>
      <dt className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-[13px] text-zinc-800">{children}</dd>
    </div>
  );
}

/** Long documents (AWS managed policies run to thousands of lines) start folded. */
function isShort(document: unknown): boolean {
  try {
    return JSON.stringify(document, null, 2).split("\n").length <= 80;
  } catch {
    return false;
  }
}

function CollapsiblePolicy({ title, summary, document, defaultOpen, missing }: { title: string; summary?: ReactNode; document: unknown; defaultOpen: boolean; missing?: string }) {
  const [open, setOpen] = useState(() => defaultOpen && isShort(document));
  return (
    <Section title={title} summary={summary} open={open} onToggle={() => setOpen(!open)} testId="permission-policy">
      {document == null ? (
        <p className="text-xs text-amber-800">{missing ?? "The document is not in the loaded data."}</p>
      ) : (
        <div className="max-h-[32rem] overflow-auto rounded-md">
          <PolicyJson document={document} marks={NO_MARKS} label={title} />
        </div>
      )}
    </Section>
  );
}

function Header({ role }: { role: RoleDetailData }) {
  const maxUnknown = role.unknowns.find((u) => u.fact === "MaxSessionDuration");
  const tags = Object.entries(role.tags);
  return (
    <header className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
      <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
        {/* a basis, so that on a narrow screen the buttons wrap below rather than squeeze the name */}
        <div className="min-w-0 flex-1 basis-72">
          <h1 className="flex flex-wrap items-baseline gap-x-1.5 text-xl leading-tight font-semibold tracking-tight text-zinc-900">
            {role.path !== "/" && <span className="font-mono text-sm font-normal text-zinc-500">{role.path}</span>}
            <span className="[overflow-wrap:anywhere]">{role.name}</span>
          </h1>
          <p className="mt-1 flex min-w-0 flex-wrap items-center gap-2">
            <code className="font-mono text-xs break-all text-zinc-600" data-testid="role-arn">
              {role.arn}
            </code>
            <CopyButton text={role.arn} label="Copy the role ARN" testId="copy-arn">
              Copy ARN
            </CopyButton>
          </p>
          {role.description && <p className="mt-2 text-[13px] text-zinc-700">{role.description}</p>}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <a href="#who-can-assume" className={btn.secondary}>
            Who can assume it
          </a>
          <Link href={diagnoseHref(null, role.arn)} className={btn.primary} data-testid="diagnose-role">
            Diagnose
          </Link>
        </div>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-3 border-t border-zinc-100 pt-3 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Account">
          <span className="font-mono">{role.account}</span>
        </Fact>
        <Fact label="Trusted by">
          <AdmitsChips admits={role.admits} />
        </Fact>
        <Fact label="Max session" testId="max-session" className={role.MaxSessionDuration === null ? "col-span-2" : ""}>
          {role.MaxSessionDuration === null ? (
            <span className="text-amber-800">unknown{maxUnknown ? `: ${maxUnknown.reason}` : ""}</span>
          ) : (
            <span title={`${role.MaxSessionDuration} seconds`}>
              {formatDuration(role.MaxSessionDuration)} <span className="text-zinc-500">({role.MaxSessionDuration} s)</span>
            </span>
          )}
        </Fact>
        <Fact label="Last used" testId="last-used">
          {role.lastUsed?.lastUsedDate ? (
            <span title={role.lastUsed.lastUsedDate}>
              {relativeDay(role.lastUsed.lastUsedDate)} <span className="text-zinc-500">({formatDay(role.lastUsed.lastUsedDate)}{role.lastUsed.region ? `, ${role.lastUsed.region}` : ""})</span>
            </span>
          ) : (
            <span className="text-zinc-500">no record</span>
          )}
        </Fact>
        <Fact label="Created">{role.createDate ? <span title={role.createDate}>{formatDay(role.createDate)}</span> : <span className="text-zinc-500">not known</span>}</Fact>
        <Fact label="Instance profiles" testId="instance-profiles">
          {role.instanceProfiles.length ? (
            <span className="flex flex-col">
              {role.instanceProfiles.map((p) => (
                <span key={p.arn} className="font-mono text-xs break-all" title={p.arn}>
                  {p.path !== "/" ? p.path : ""}
                  {p.name}
                </span>
              ))}
            </span>
          ) : (
            <span className="text-zinc-500">none</span>
          )}
        </Fact>
        <div className="col-span-full min-w-0">
          <dt className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Tags</dt>
          <dd className="mt-1 flex flex-wrap gap-1" data-testid="tags">
            {tags.length ? (
              tags.map(([k, v]) => (
                <span key={k} className="inline-flex overflow-hidden rounded border border-zinc-200 font-mono text-[11px]">
                  <span className="bg-zinc-100 px-1.5 py-px text-zinc-600">{k}</span>
                  <span className="px-1.5 py-px text-zinc-800">{v || "\u00a0"}</span>
                </span>
              ))
            ) : (
              <span className="text-[13px] text-zinc-500">none</span>
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}

function Warnings({ warnings }: { warnings: RoleDetailData["warnings"] }) {
  if (warnings.length === 0) return null;
  return (
    <section className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3" aria-labelledby="warnings-title" data-testid="warnings">
      <h2 id="warnings-title" className="flex items-center gap-2 text-[13px] font-semibold text-amber-950">
        <svg viewBox="0 0 20 20" className="size-4 text-amber-600" fill="currentColor" aria-hidden>
          <path d="M10 2.5 1.5 17h17L10 2.5Zm-.9 5h1.8v4.8H9.1V7.5Zm0 6.3h1.8v1.7H9.1v-1.7Z" />
        </svg>
        {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}
      </h2>
      <ul className="mt-1.5 space-y-1.5">
        {warnings.map((w) => (
          <li key={`${w.code}:${w.message}`} className="text-[13px] text-amber-950" data-testid="warning" data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What IAM's policy validation would report for the role's loaded policies (R12.8). */
function PolicyFindings({ findings }: { findings: RoleDetailData["findings"] }) {
  if (!findings || findings.length === 0) return null;
  return (
    <section className="rounded-lg border border-red-200 bg-white px-4 py-3" aria-labelledby="policy-findings-title" data-testid="role-policy-findings">
      <h2 id="policy-findings-title" className="text-[13px] font-semibold text-zinc-900">
        Policy validation: {findings.length === 1 ? "1 finding" : `${findings.length} findings`}
      </h2>
      <p className="text-xs text-zinc-600">What IAM&apos;s validation (as IAM Access Analyzer reports it) says of the loaded policies. RoleCall evaluates them as far as their elements allow; a statement IAM would refuse grants nothing.</p>
      <ul className="mt-1.5 space-y-1">
        {findings.map((f, i) => (
          <li key={`${f.policy}-${f.code}-${i}`} className={`rounded border px-2 py-1 text-xs ${SEVERITY_TONE[f.severity]}`} data-testid="finding" data-code={f.code} data-severity={f.severity}>
            <span className="font-semibold">{SEVERITY_LABEL[f.severity]}</span> · <span className="font-medium break-all">{f.policy}</span>
            {f.statement !== null && <span> · statement #{f.statement}</span>}
            <span className="font-mono text-[11px] opacity-75"> {f.code}</span>: {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RoleDetail({ id }: { id: string }) {
  const { data: role, error, isPending, refetch } = useQuery({
    queryKey: ["role", id],
    queryFn: ({ signal }) => getJson<RoleDetailData>(`/api/roles/${encodeURIComponent(id)}`, signal),
    retry: (n, e) => !(e instanceof ApiRequestError && e.status >= 400 && e.status < 500) && n < 1,
  });

  const crumbs = (
    <nav aria-label="Breadcrumb" className="py-2.5 text-xs text-zinc-500">
      <Link href="/roles" className="hover:text-accent-700 hover:underline">
        Roles
      </Link>
      <span className="mx-1.5" aria-hidden>
        /
      </span>
      <span aria-current="page" className="text-zinc-700">
        {role?.name ?? arnName(id)}
      </span>
    </nav>
  );

  if (isPending) {
    return (
      <div className="mx-auto max-w-[1400px] px-4 pb-10">
        {crumbs}
        <p className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-5 text-[13px] text-zinc-600" data-testid="role-loading">
          <Spinner /> Loading the role…
        </p>
      </div>
    );
  }
  if (error || !role) {
    const notFound = error instanceof ApiRequestError && error.status === 404;
    return (
      <div className="mx-auto max-w-[1400px] px-4 pb-10">
        {crumbs}
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-5 text-red-900" data-testid="role-error">
          <h1 className="text-base font-semibold">{notFound ? "No such role" : "The role could not be loaded"}</h1>
          <p className="mt-1 font-mono text-xs break-all">{error?.message}</p>
          <div className="mt-3 flex gap-2">
            <Link href="/roles" className={btn.secondary}>
              Back to the roles
            </Link>
            {!notFound && (
              <button type="button" className={btn.secondary} onClick={() => void refetch()}>
                Try again
              </button>
            )}
          </div>
        </div>
      </div>
    );
  }

  const policyCount = role.inlinePolicies.length + role.managedPolicies.length;
  return (
    <div className="mx-auto max-w-[1400px] space-y-4 px-4 pb-10" data-testid="role-detail">
      <div className="-mb-2">{crumbs}</div>
      <Warnings warnings={role.warnings} />
      <Header role={role} />
      <PolicyFindings findings={role.findings} />

      <Section title="Trust policy" summary="who may assume the role, each principal resolved" testId="trust-policy">
        <TrustPolicy role={role} />
      </Section>

      <section id="who-can-assume" className="scroll-mt-4 rounded-lg border border-zinc-200 bg-white shadow-xs" aria-labelledby="assumers-title">
        <h2 id="assumers-title" className="flex items-baseline gap-2 px-3.5 pt-2.5 pb-1 text-[13px] font-semibold text-zinc-900">
          Who can assume this role
          <span className="text-xs font-normal text-zinc-500">every known user, role and account root, diagnosed with default session parameters</span>
        </h2>
        <div className="px-3.5 pb-3.5">
          <Assumers arn={role.arn} />
        </div>
      </section>

      <section id="who-can-reach" className="scroll-mt-4 rounded-lg border border-zinc-200 bg-white shadow-xs" aria-labelledby="reachers-title">
        <h2 id="reachers-title" className="flex flex-wrap items-baseline gap-x-2 px-3.5 pt-2.5 pb-1 text-[13px] font-semibold text-zinc-900">
          Who can reach it
          <span className="text-xs font-normal text-zinc-500">directly or through other roles (role chaining), with default session parameters</span>
        </h2>
        <div className="px-3.5 pb-3.5">
          <Reachers arn={role.arn} />
        </div>
      </section>

      <section aria-labelledby="permissions-title" className="space-y-2" data-testid="permissions">
        <h2 id="permissions-title" className="pt-1 text-[13px] font-semibold text-zinc-900">
          Permission policies <span className="font-normal text-zinc-500">({policyCount === 0 ? "none" : `${role.inlinePolicies.length} inline, ${role.managedPolicies.length} managed`})</span>
        </h2>
        {policyCount === 0 && <p className="text-xs text-zinc-600">No policy is attached: the role may do nothing (until one is).</p>}
        {role.inlinePolicies.map((p) => (
          <CollapsiblePolicy key={`inline:${p.name}`} title={p.name} summary="inline" document={p.document} defaultOpen={policyCount === 1} />
        ))}
        {role.managedPolicies.map((p) => (
          <CollapsiblePolicy key={p.arn} title={p.name} summary={<span className="font-mono">{p.arn}</span>} document={p.document} defaultOpen={policyCount === 1} missing="The document of this managed policy is not in the loaded data." />
        ))}
      </section>

      <section aria-labelledby="boundary-title" className="space-y-2" data-testid="boundary">
        <h2 id="boundary-title" className="text-[13px] font-semibold text-zinc-900">
          Permissions boundary
        </h2>
        {role.permissionBoundary ? (
          <CollapsiblePolicy title={arnName(role.permissionBoundary.arn)} summary={<span className="font-mono">{role.permissionBoundary.arn}</span>} document={role.permissionBoundary.document} defaultOpen />
        ) : (
          <p className="text-xs text-zinc-600">None: the permission policies alone say what the role may do.</p>
        )}
      </section>

      {role.unknowns.length > 0 && (
        <section className="rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" aria-labelledby="unknowns-title" data-testid="unknowns">
          <h2 id="unknowns-title" className="text-[13px] font-semibold text-zinc-900">
            Not known <span className="font-normal text-zinc-500">RoleCall lacks these facts and does not guess them</span>
          </h2>
          <ul className="mt-1.5 space-y-1 text-xs text-zinc-700">
            {role.unknowns.map((u) => (
              <li key={`${u.fact}:${u.reason}`}>
                <Chip tone="amber">{u.fact}</Chip> <span className="ml-1">{u.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Section title="What could this role do?" testId="role-capabilities">
        <RoleCapabilities role={role.arn} />
      </Section>
      {/* RecentSessions is its own titled section: one "Recent sessions" landmark, not two */}
      <div data-testid="role-sessions">
        <RecentSessions role={role.arn} />
      </div>
    </div>
  );
}
