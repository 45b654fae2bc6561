"use client";

import type { Dispatch, SetStateAction } from "react";
import { contextRow, draft, level, setDraftText, type FormState, type SectionName } from "@/lib/ui/form-state";
import { checkPolicyText } from "@/lib/ui/json-check";
import { btn, input } from "@/components/ui/buttons";
import { ContextEditor } from "./ContextEditor";
import { LevelsEditor } from "./LevelsEditor";
import { PolicyEditor } from "./PolicyEditor";
import { Section } from "./Section";

interface Props {
  form: FormState;
  setForm: Dispatch<SetStateAction<FormState>>;
  /** by editor, row or field id: the server's complaint from the last evaluation */
  errors: Record<string, string | undefined>;
  /** by row id: what the form itself finds wrong (editors check their own JSON) */
  clientErrors: Record<string, string | undefined>;
  open: ReadonlySet<SectionName>;
  toggle: (s: SectionName) => void;
  /** the action and resource make the resource policy a role's trust policy */
  trust: boolean;
  onEdited: (id: string) => void;
}

function policySummary(text: string): string {
  const c = checkPolicyText(text);
  if (c.kind === "empty") return "none";
  if (c.kind === "error") return "invalid JSON";
  return `${c.statements} statement${c.statements === 1 ? "" : "s"}`;
}

function levelsSummary(levels: FormState["scps"]): string {
  if (levels.length === 0) return "none: not in an organization";
  const n = levels.reduce((a, l) => a + l.policies.filter((d) => d.text.trim()).length, 0);
  return `${levels.length} level${levels.length === 1 ? "" : "s"}, ${n} polic${n === 1 ? "y" : "ies"}`;
}

function Field({ id, label, hint, value, onChange, placeholder, error, optional }: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  error?: string;
  optional?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-semibold text-zinc-700">
        {label}
        {optional && <span className="ml-1 font-normal text-zinc-500">optional</span>}
      </label>
      <input
        id={id}
        className={`${input} font-mono`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-0.5 text-[11px] text-zinc-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-0.5 text-xs text-red-700" data-testid="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function EvaluateForm({ form, setForm, errors, clientErrors, open, toggle, trust, onEdited }: Props) {
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const text = (id: string, t: string) => {
    onEdited(id);
    setForm((f) => setDraftText(f, id, t));
  };
  const field = (name: "principal" | "action" | "resource" | "resourceAccount") => (v: string) => {
    onEdited(name);
    set({ [name]: v });
  };

  const levelHandlers = (kind: "scps" | "rcps") => ({
    onText: text,
    onAddLevel: () => setForm((f) => ({ ...f, [kind]: [...f[kind], level()] })),
    onRemoveLevel: (id: string) => setForm((f) => ({ ...f, [kind]: f[kind].filter((l) => l.id !== id) })),
    onAddPolicy: (id: string) => setForm((f) => ({ ...f, [kind]: f[kind].map((l) => (l.id === id ? { ...l, policies: [...l.policies, draft()] } : l)) })),
    onRemovePolicy: (lid: string, pid: string) =>
      setForm((f) => ({ ...f, [kind]: f[kind].map((l) => (l.id === lid ? { ...l, policies: l.policies.filter((d) => d.id !== pid) } : l)) })),
  });

  return (
    <div className="space-y-3">
      <Section title="Request" testId="section-request" description="Who calls what, on which resource.">
        <div className="grid gap-x-3 gap-y-2.5 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Field
              id="principal"
              label="Principal"
              value={form.principal}
              onChange={field("principal")}
              placeholder="arn:aws:iam::111111111111:user/alice"
              hint="An IAM ARN (user, role, assumed-role session, federated user, :root) or a service principal such as ecs-tasks.amazonaws.com"
              error={errors.principal}
            />
          </div>
          <Field id="action" label="Action" value={form.action} onChange={field("action")} placeholder="sts:AssumeRole" error={errors.action} />
          <Field
            id="resourceAccount"
            label="Resource account"
            optional
            value={form.resourceAccount}
            onChange={field("resourceAccount")}
            placeholder="from the resource ARN"
            hint="For ARNs without an account, such as S3 buckets"
            error={errors.resourceAccount}
          />
          <div className="sm:col-span-2">
            <Field
              id="resource"
              label="Resource"
              value={form.resource}
              onChange={field("resource")}
              placeholder="arn:aws:iam::222222222222:role/deploy"
              hint={'An ARN, or * for actions that take no resource'}
              error={errors.resource}
            />
          </div>
        </div>
      </Section>

      <Section
        title="Context keys"
        testId="section-context"
        summary={form.context.length ? `${form.context.length} key${form.context.length === 1 ? "" : "s"}` : undefined}
      >
        <ContextEditor
          rows={form.context}
          errors={{ ...clientErrors, ...errors }}
          onChange={(rows) => {
            for (const r of rows) if (!form.context.includes(r)) onEdited(r.id);
            set({ context: rows });
          }}
          onAdd={() => set({ context: [...form.context, contextRow()] })}
        />
      </Section>

      <Section
        title="Identity policies"
        testId="section-identity"
        summary={`${form.identityPolicies.filter((d) => d.text.trim()).length} of ${form.identityPolicies.length} filled`}
        description="The caller's own policies: inline, attached managed, and its groups' policies. For a role session, the role's policies."
      >
        <div className="space-y-3">
          {form.identityPolicies.map((d, i) => (
            <PolicyEditor
              key={d.id}
              draft={d}
              slot={`identityPolicies/${i}`}
              kind="identity"
              label={`Identity policy ${i + 1}`}
              onChange={(t) => text(d.id, t)}
              onRemove={form.identityPolicies.length > 1 ? () => set({ identityPolicies: form.identityPolicies.filter((x) => x.id !== d.id) }) : undefined}
              serverError={errors[d.id]}
            />
          ))}
        </div>
        <button type="button" className={`${btn.small} mt-2`} onClick={() => set({ identityPolicies: [...form.identityPolicies, draft()] })}>
          + Add identity policy
        </button>
      </Section>

      <Section
        title={trust ? "Trust policy" : "Resource policy"}
        testId="section-resource"
        summary={policySummary(form.resourcePolicy.text)}
        open={open.has("resourcePolicy")}
        onToggle={() => toggle("resourcePolicy")}
        description={
          trust
            ? "The role's trust policy (its resource policy for sts:AssumeRole). Even in the same account it must name the caller, its role, or the account."
            : "The resource's own policy: a bucket policy, a key policy, a role's trust policy…"
        }
      >
        <PolicyEditor
          draft={form.resourcePolicy}
          slot="resourcePolicy"
          kind={trust ? "trust" : "resource"}
          label={trust ? "Trust policy JSON" : "Resource policy JSON"}
          trust={trust}
          onChange={(t) => text(form.resourcePolicy.id, t)}
          serverError={errors[form.resourcePolicy.id]}
        />
      </Section>

      <Section
        title="Permissions boundary"
        testId="section-boundary"
        summary={policySummary(form.permissionBoundary.text)}
        open={open.has("permissionBoundary")}
        onToggle={() => toggle("permissionBoundary")}
        description="The most the caller's identity policies can grant. Leave empty when the caller has none."
      >
        <PolicyEditor
          draft={form.permissionBoundary}
          slot="permissionBoundary"
          kind="permissionBoundary"
          label="Permissions boundary JSON"
          onChange={(t) => text(form.permissionBoundary.id, t)}
          serverError={errors[form.permissionBoundary.id]}
        />
      </Section>

      <Section
        title="Service control policies (SCPs)"
        testId="section-scps"
        summary={levelsSummary(form.scps)}
        open={open.has("scps")}
        onToggle={() => toggle("scps")}
        description="The caller's account's SCPs, one level per organization level, root first. Every level must allow the action. No levels: not in an organization. Empty editors and levels are left out."
      >
        <LevelsEditor kind="scps" levels={form.scps} errors={errors} {...levelHandlers("scps")} />
      </Section>

      <Section
        title="Resource control policies (RCPs)"
        testId="section-rcps"
        summary={levelsSummary(form.rcps)}
        open={open.has("rcps")}
        onToggle={() => toggle("rcps")}
        description="The resource's account's RCPs, root first. RCPFullAWSAccess is implied at every level: list only your own (deny) RCPs."
      >
        <LevelsEditor kind="rcps" levels={form.rcps} errors={errors} {...levelHandlers("rcps")} />
      </Section>

      <Section
        title="Session policy"
        testId="section-session"
        summary={policySummary(form.sessionPolicy.text)}
        open={open.has("sessionPolicy")}
        onToggle={() => toggle("sessionPolicy")}
        description="A policy passed when the session was created (the Policy parameter of AssumeRole): it can only narrow the role's permissions."
      >
        <PolicyEditor
          draft={form.sessionPolicy}
          slot="sessionPolicy"
          kind="session"
          label="Session policy JSON"
          onChange={(t) => text(form.sessionPolicy.id, t)}
          serverError={errors[form.sessionPolicy.id]}
        />
      </Section>

      <Section
        title="VPC endpoint policy"
        testId="section-endpoint"
        summary={policySummary(form.endpointPolicy.text)}
        open={open.has("endpointPolicy")}
        onToggle={() => toggle("endpointPolicy")}
        description="The policy of the VPC endpoint the request goes through (e.g. an STS interface endpoint). It must allow the request too, and its Deny is explicit. Leave empty for no endpoint (or the default allow-all policy)."
      >
        <PolicyEditor
          draft={form.endpointPolicy}
          slot="endpointPolicy"
          kind="endpoint"
          label="VPC endpoint policy JSON"
          onChange={(t) => text(form.endpointPolicy.id, t)}
          serverError={errors[form.endpointPolicy.id]}
        />
      </Section>
    </div>
  );
}
