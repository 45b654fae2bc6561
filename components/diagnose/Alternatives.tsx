"use client";
// A denied or unknown diagnosis: the routes the caller already has through other roles (role
// chaining), shortest first, each hop linked to its own diagnosis, with the commands to take it.

import { useState } from "react";
import type { DiagnoseResult } from "@/lib/diagnose/types";
import { pathCommands } from "@/lib/paths/commands";
import { conditionLabel, describePath, formatSeconds, shortName } from "@/lib/paths/describe";
import type { AccessPath } from "@/lib/paths/types";
import { Segmented } from "@/components/ui/Segmented";
import { CodeBlock } from "@/components/simulate/CodeBlock";
import { PathHops } from "@/components/paths/PathHops";

function sessionName(principal: string): string {
  return shortName(principal).replace(/[^\w+=,.@-]/g, "-").slice(0, 64) || "rolecall";
}

function Alternative({ path, index, principal }: { path: AccessPath; index: number; principal: string }) {
  const [open, setOpen] = useState(index === 0);
  const [tab, setTab] = useState<"profile" | "steps">("profile");
  const commands = pathCommands(path, sessionName(principal));
  const needs = [...new Set(path.hops.flatMap((h) => h.requires))];
  return (
    <li className="rounded-md border border-zinc-200 bg-white p-3" data-testid="alternative">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <PathHops path={path} />
        <span className="text-xs text-zinc-600" data-testid="alternative-summary">
          {path.hops.length} hops
          {path.maxSessionSeconds !== null && <>, sessions of at most {formatSeconds(path.maxSessionSeconds)}</>}
          {path.verdict === "unknown" && needs.length > 0 && <>, if {needs.map(conditionLabel).join(" and ")}</>}
        </span>
        <button type="button" className="ml-auto text-xs font-medium text-accent-700 hover:underline" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="alternative-toggle">
          {open ? "Hide the commands" : "How to take it"}
        </button>
      </div>
      {path.notes.map((n) => (
        <p key={n} className="mt-1.5 text-xs text-amber-900" data-testid="alternative-note">
          {n}
        </p>
      ))}
      {open && (
        <div className="mt-2 space-y-2">
          <Segmented legend="Commands" showLegend={false} value={tab} onChange={setTab} options={[{ value: "profile", label: "AWS config profiles" }, { value: "steps", label: "aws sts assume-role" }]} testId="alternative-tabs" />
          {tab === "profile" ? (
            <CodeBlock code={commands.profile} title="~/.aws/config" hint={`then run any command with --profile ${commands.profileName}; the CLI assumes each role in turn`} testId="alternative-profile" />
          ) : (
            <CodeBlock code={commands.steps} title="assume-role steps" hint="each step uses the credentials the previous one exported (POSIX shell)" wrap testId="alternative-steps" />
          )}
        </div>
      )}
    </li>
  );
}

export function Alternatives({ result }: { result: DiagnoseResult }) {
  const alternatives = result.alternatives ?? [];
  if (result.verdict === "allowed" || alternatives.length === 0) return null;
  const role = shortName(result.role);
  const first = alternatives[0]!;
  return (
    <section className="rounded-lg border border-sky-200 bg-sky-50/60 p-3.5" aria-labelledby="alternatives-title" data-testid="alternatives">
      <h2 id="alternatives-title" className="text-[13px] font-semibold text-zinc-900">
        {result.verdict === "denied" ? `You can't assume ${role} directly. You can:` : `Whether you can assume ${role} directly is not known. You can also:`}
      </h2>
      <p className="mt-0.5 text-xs text-zinc-600">
        Through other roles (role chaining), shortest first — {describePath(first)}. Every hop is a full diagnosis; open one to see its checks.
      </p>
      <ol className="mt-2 space-y-2">
        {alternatives.map((p, i) => (
          <Alternative key={p.hops.map((h) => h.role).join(">")} path={p} index={i} principal={result.principal} />
        ))}
      </ol>
    </section>
  );
}
