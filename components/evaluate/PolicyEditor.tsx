"use client";

import { useId, useMemo } from "react";
import type { PolicyKind } from "@/lib/policy/parse";
import { checkPolicyText } from "@/lib/ui/json-check";
import { draftFindings } from "@/lib/ui/policy-findings";
import { FindingList } from "./FindingList";
import type { PolicyDraft } from "@/lib/ui/form-state";
import { btn } from "@/components/ui/buttons";

export const editorDomId = (id: string) => `editor-${id}`;

const PLACEHOLDER = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "…", "Resource": "…" }
  ]
}`;

const TRUST_PLACEHOLDER = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "…" }, "Action": "sts:AssumeRole" }
  ]
}`;

interface Props {
  draft: PolicyDraft;
  /** visible label, e.g. "Identity policy 2" */
  label: string;
  onChange: (text: string) => void;
  onRemove?: () => void;
  /** the server's message about this policy, from the last evaluation */
  serverError?: string;
  trust?: boolean;
  /** the editor's place in the form, e.g. `identityPolicies/1`, for tests and links */
  slot: string;
  /** the kind of policy, for the validation findings shown as the user types */
  kind: PolicyKind;
}

export function PolicyEditor({ draft, label, onChange, onRemove, serverError, trust, slot, kind }: Props) {
  const check = useMemo(() => checkPolicyText(draft.text), [draft.text]);
  const findings = useMemo(() => (check.kind === "ok" ? draftFindings(draft.text, kind) : null), [check.kind, draft.text, kind]);
  const statusId = useId();
  const invalid = check.kind === "error" || serverError !== undefined;

  const format = () => {
    if (check.kind === "ok" && typeof check.document === "object") onChange(JSON.stringify(check.document, null, 2));
  };

  return (
    <div className="group/editor" data-testid="policy-editor" data-slot={slot} data-invalid={invalid ? "true" : undefined}>
      <div className="mb-1 flex items-center gap-2">
        <label htmlFor={editorDomId(draft.id)} className="text-xs font-semibold text-zinc-700">
          {label}
        </label>
        <div className="ml-auto flex items-center gap-1">
          {check.kind === "ok" && typeof check.document === "object" && (
            <button type="button" className={btn.small} onClick={format} title="Pretty-print this document">
              Format
            </button>
          )}
          {onRemove && (
            <button type="button" className={btn.danger} onClick={onRemove} aria-label={`Remove ${label}`}>
              Remove
            </button>
          )}
        </div>
      </div>
      <textarea
        id={editorDomId(draft.id)}
        value={draft.text}
        onChange={(e) => onChange(e.target.value)}
        placeholder={trust ? TRUST_PLACEHOLDER : PLACEHOLDER}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        aria-invalid={invalid}
        aria-describedby={statusId}
        rows={6}
        className={`policy-text block max-h-[28rem] min-h-32 w-full resize-y rounded-md border bg-white px-2.5 py-2 text-zinc-900 shadow-xs [field-sizing:content] placeholder:text-zinc-500 ${
          invalid ? "border-red-400" : "border-zinc-300"
        }`}
      />
      <div id={statusId} className="mt-1 min-h-4 text-xs">
        {serverError !== undefined && (
          <p className="flex gap-1.5 font-medium text-red-700" data-testid="editor-error" role="alert">
            <span aria-hidden>✕</span>
            <span>
              Refused by the server: <span className="font-mono font-normal">{serverError}</span>
            </span>
          </p>
        )}
        {check.kind === "error" && (
          <p className="flex gap-1.5 text-red-700" data-testid="json-error">
            <span aria-hidden>✕</span>
            <span>{check.message}</span>
          </p>
        )}
        {check.kind === "empty" && <p className="text-zinc-500">Empty: left out of the request.</p>}
        {check.kind === "ok" && serverError === undefined && (
          <p className={check.warning ? "text-amber-700" : "text-zinc-500"}>
            <span className="text-emerald-700">✓ Valid JSON</span> · {check.statements} statement{check.statements === 1 ? "" : "s"}
            {check.urlEncoded && " · URL-encoded, sent as is"}
            {check.warning && <> · {check.warning}</>}
            {findings && findings.length > 0 && (
              <>
                {" "}
                · <span className="text-red-800">{findings.length} finding{findings.length === 1 ? "" : "s"}: IAM&apos;s validation would report {findings.length === 1 ? "it" : "them"} (evaluated as far as the elements allow)</span>
              </>
            )}
          </p>
        )}
        {findings && <FindingList findings={findings} />}
      </div>
    </div>
  );
}
