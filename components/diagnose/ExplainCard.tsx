"use client";

import Link from "next/link";
import type { ExplainErrorResponse } from "@/lib/api/diagnose";
import { btn } from "@/components/ui/buttons";
import { Chip } from "@/components/ui/chips";

const KIND_LABEL: Record<string, string> = {
  "access-denied": "Access denied",
  "access-denied-plain": "Plain Access Denied",
  root: "Root user",
  "max-session-duration": "Duration above MaxSessionDuration",
  "role-chaining": "Role chaining limit",
  validation: "Invalid parameter",
  mfa: "MFA rejected",
  "expired-token": "Expired credentials",
  "invalid-token": "Unknown or invalid credentials",
  signature: "Bad signature",
  "region-disabled": "Region not enabled",
  "packed-policy": "Session policy too large",
  "malformed-policy": "Malformed policy",
  "web-identity": "Web identity refused",
  unrecognised: "Not recognised",
};

const POLICY_TYPE: Record<string, string> = {
  resource: "the role's trust policy",
  identity: "an identity-based policy",
  permissionBoundary: "a permissions boundary",
  scp: "a service control policy",
  rcp: "a resource control policy",
  session: "a session policy",
  endpoint: "a VPC endpoint policy",
};

const DECISION: Record<string, string> = { allowed: "Allowed", explicitDeny: "Denied by an explicit Deny", implicitDeny: "Denied: nothing allows it" };

/** What RoleCall read in a pasted error: its parts, and the advice for that kind of error. */
export function ExplainCard({ explain }: { explain: ExplainErrorResponse }) {
  const parts: [string, string | null, string][] = [
    ["Principal", explain.principal, "principal"],
    ["Operation", explain.operation, "operation"],
    ["Action", explain.action, "action"],
    ["Resource", explain.resource, "resource"],
    ["Policy type", explain.policyType ? (POLICY_TYPE[explain.policyType] ?? explain.policyType) : null, "policy-type"],
    ["Explicit deny", explain.explicit === null ? null : explain.explicit ? "yes: a Deny statement matched" : "no: nothing allowed it (implicit deny)", "explicit"],
    ["Policy", explain.policyArn, "policy-arn"],
  ];
  const recognised = explain.kind !== "unrecognised";
  return (
    <section className={`rounded-lg border bg-white p-3.5 shadow-xs ${recognised ? "border-zinc-200" : "border-amber-300"}`} aria-labelledby="explain-title" data-testid="explain-card" data-kind={explain.kind}>
      <h2 id="explain-title" tabIndex={-1} className="flex flex-wrap items-center gap-2 text-[13px] font-semibold text-zinc-900 focus:outline-none">
        The error you pasted
        {!(explain.kind === "access-denied" && explain.code) && <Chip tone={recognised ? "accent" : "amber"}>{KIND_LABEL[explain.kind] ?? explain.kind}</Chip>}
        {explain.code && <Chip tone="red">{explain.code}</Chip>}
      </h2>
      {parts.some(([, v]) => v) && (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          {parts
            .filter(([, v]) => v)
            .map(([label, value, id]) => (
              <div key={id} className="contents" data-testid={`parsed-${id}`}>
                <dt className="text-zinc-500">{label}</dt>
                <dd className={`break-all text-zinc-800 ${id === "policy-type" || id === "explicit" ? "" : "font-mono"}`}>{value}</dd>
              </div>
            ))}
        </dl>
      )}
      <p className="mt-2 text-[13px] text-zinc-700" data-testid="advice">
        {explain.advice}
      </p>
      {explain.unparsed && <p className="mt-1 text-xs text-amber-800">{explain.unparsed}</p>}
      {explain.throughVpcEndpoint && <p className="mt-1 text-xs text-zinc-600">The call went through a VPC endpoint; the policy type named is the one that denied.</p>}
      {explain.diagnosisError && (
        <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900" data-testid="diagnosis-error">
          {explain.check || explain.evaluateLink ? "Not an AssumeRole error" : "No diagnosis"}: {explain.diagnosisError}.
        </p>
      )}
      {explain.check && (
        <div className="mt-2 rounded-md border border-zinc-200 px-2.5 py-2 text-xs" data-testid="explain-check" data-decision={explain.check.decision}>
          <p className="font-semibold text-zinc-900">
            With the loaded policies: {DECISION[explain.check.decision] ?? explain.check.decision}
            {explain.check.blockedBy.length > 0 && <span className="font-normal text-zinc-600"> ({explain.check.blockedBy.map((t) => POLICY_TYPE[t] ?? t).join(", ")})</span>}
          </p>
          <p className="mt-0.5 text-zinc-700">{explain.check.summary}</p>
          {explain.check.explain.some((x) => x.decisive) && (
            <ul className="mt-1 list-disc pl-5 text-zinc-700">
              {explain.check.explain
                .filter((x) => x.decisive)
                .map((x) => (
                  <li key={`${x.policy}#${x.statement}`} data-testid="explain-check-statement">
                    <span className="font-mono">{x.sid ?? `statement #${x.statement}`}</span> of {x.policyName ?? x.policy}: {x.reason}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      {explain.evaluateLink && (
        <p className="mt-2">
          <Link href={explain.evaluateLink} className={btn.secondary} data-testid="open-evaluator">
            {explain.check ? "Open this check in the policy evaluator" : "Open the policy evaluator, prefilled"} →
          </Link>
        </p>
      )}
    </section>
  );
}
