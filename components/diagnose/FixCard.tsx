"use client";

import Link from "next/link";
import { useId, useState, type KeyboardEvent } from "react";
import type { Check, Fix } from "@/lib/diagnose/types";
import { btn } from "@/components/ui/buttons";
import { Chip } from "@/components/ui/chips";
import { CopyButton } from "@/components/ui/CopyButton";

const TABS = [
  { id: "statement", label: "Statement" },
  { id: "cli", label: "CLI" },
  { id: "terraform", label: "Terraform" },
  { id: "cloudformation", label: "CloudFormation" },
] as const;
type TabId = (typeof TABS)[number]["id"];

function codeOf(fix: Fix, tab: TabId): string | undefined {
  if (tab === "statement") return fix.statement ? JSON.stringify(fix.statement, null, 2) : undefined;
  return fix[tab] || undefined;
}

/** A RoleCall page a fix points to, named for what it does there. */
function linkLabel(link: string): string {
  if (link.startsWith("/simulate")) return "Simulate this role";
  if (link.startsWith("/roles")) return "Open the role";
  if (link.startsWith("/evaluate")) return "Open in the policy evaluator";
  if (link.startsWith("/sessions")) return "See the sessions";
  return "Open";
}

interface Props {
  fix: Fix;
  index: number;
  checks: Check[];
  defaultOpen: boolean;
}

export function FixCard({ fix, index, checks, defaultOpen }: Props) {
  const [open, setOpen] = useState(defaultOpen);
  const tabs = TABS.filter((t) => codeOf(fix, t.id) !== undefined);
  const [tab, setTab] = useState<TabId | undefined>(tabs[0]?.id);
  const baseId = useId();
  const bodyId = `${baseId}-body`;
  const current = tab && tabs.some((t) => t.id === tab) ? tab : tabs[0]?.id;
  const code = current ? codeOf(fix, current) : undefined;
  const title = (id: string) => checks.find((c) => c.id === id)?.title ?? id;

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = tabs.findIndex((t) => t.id === current);
    let next = -1;
    if (e.key === "ArrowRight") next = (i + 1) % tabs.length;
    else if (e.key === "ArrowLeft") next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    setTab(tabs[next]!.id);
    document.getElementById(`${baseId}-tab-${tabs[next]!.id}`)?.focus();
  };

  return (
    <li className="rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="fix" data-target={fix.target}>
      <h3 className="m-0">
        <button type="button" className="flex w-full items-start gap-2 rounded-lg px-3.5 py-2.5 text-left hover:bg-zinc-50" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)} data-testid="fix-toggle">
          <svg viewBox="0 0 16 16" className={`mt-1 size-3.5 shrink-0 text-zinc-500 transition-transform ${open ? "rotate-90" : ""}`} aria-hidden>
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="flex size-5 shrink-0 items-center justify-center rounded-full bg-accent-100 text-[11px] font-semibold text-accent-800" aria-hidden>
            {index + 1}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block text-[13px] font-semibold text-zinc-900" data-testid="fix-title">
              {fix.title}
            </span>
            <span className="mt-1 flex flex-wrap items-center gap-1 text-[11px] text-zinc-500">
              Fixes
              <Chip tone="red">{title(fix.target)}</Chip>
              {(fix.covers ?? []).map((c) => (
                <Chip key={c} tone="red">
                  {title(c)}
                </Chip>
              ))}
            </span>
          </span>
        </button>
      </h3>
      {open && (
        <div id={bodyId} className="space-y-2.5 px-3.5 pb-3.5 pl-[3.4rem]">
          <p className="text-[13px] text-zinc-700" data-testid="fix-explanation">
            {fix.explanation}
          </p>
          {tabs.length > 0 && current && code !== undefined && (
            <div className="overflow-hidden rounded-md border border-zinc-200">
              <div className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 pr-1.5">
                <div role="tablist" aria-label={`Fix ${index + 1} as`} className="flex min-w-0 overflow-x-auto">
                  {tabs.map((t) => {
                    const selected = t.id === current;
                    return (
                      <button
                        key={t.id}
                        type="button"
                        role="tab"
                        id={`${baseId}-tab-${t.id}`}
                        aria-selected={selected}
                        aria-controls={`${baseId}-panel`}
                        tabIndex={selected ? 0 : -1}
                        onClick={() => setTab(t.id)}
                        onKeyDown={onTabKey}
                        className={`-mb-px border-b-2 px-3 py-1.5 text-xs font-medium whitespace-nowrap ${
                          selected ? "border-accent-600 bg-white text-accent-800" : "border-transparent text-zinc-600 hover:text-zinc-900"
                        }`}
                      >
                        {t.label}
                      </button>
                    );
                  })}
                </div>
                <span className="ml-auto">
                  <CopyButton key={current} text={code} label={`Copy the ${TABS.find((t) => t.id === current)!.label} of fix ${index + 1}`} testId="fix-copy" />
                </span>
              </div>
              <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${current}`}>
                <pre className={`policy-text max-h-96 overflow-auto bg-white px-3 py-2 text-zinc-800 ${current === "cli" ? "break-all whitespace-pre-wrap" : ""}`} tabIndex={0} data-testid="fix-code" data-tab={current}>
                  <code>{code}</code>
                </pre>
              </div>
            </div>
          )}
          {fix.baseRoles && fix.baseRoles.length > 0 && (
            <div>
              <p className="text-xs font-medium text-zinc-700">Base roles the caller may assume</p>
              <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="fix-base-roles">
                {fix.baseRoles.map((b) => (
                  <li key={b.arn}>
                    <Link href={b.link} className="inline-flex items-baseline gap-1 rounded-full border border-zinc-300 bg-white px-2 py-0.5 text-xs font-medium text-accent-800 hover:bg-accent-50" title={b.arn} data-testid="fix-base-role">
                      Simulate on {b.name}
                      {b.verdict === "unknown" && <span className="font-normal text-amber-800">(if allowed)</span>}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {fix.link && (
            <Link href={fix.link} className={btn.secondary} data-testid="fix-link">
              {linkLabel(fix.link)} →
            </Link>
          )}
        </div>
      )}
    </li>
  );
}
