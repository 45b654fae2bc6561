"use client";

import { useId, type Dispatch, type ReactNode, type SetStateAction } from "react";
import { advancedCount, row, type DiagnoseForm, type KeyValueRow, type Tri } from "@/lib/ui/diagnose-form";
import { btn, input } from "@/components/ui/buttons";
import { Combobox } from "@/components/ui/Combobox";
import { principalOption, roleOption } from "@/components/ui/suggestions";
import type { VpcEndpointSummary } from "@/lib/api/vpc-endpoints";
import { usePrincipalSuggestions, useRoleSuggestions, useVpcEndpoints, type Identity } from "./api";

export type FieldErrors = Partial<Record<keyof DiagnoseForm, string>>;

/** The closest known principals or roles the server offered with a 400 ("did you mean …?"). */
export interface Suggestions {
  field: "principal" | "role";
  items: { arn: string; kind: "user" | "role"; name: string; account: string }[];
}

export const fieldDomId = (field: keyof DiagnoseForm) => `dx-${field}`;
/** The input a row's value is typed in, for "fill this in" buttons. */
export const rowValueDomId = (id: string) => `dx-row-${id}-value`;

interface Props {
  form: DiagnoseForm;
  setForm: Dispatch<SetStateAction<DiagnoseForm>>;
  errors: FieldErrors;
  onEdited: (field: keyof DiagnoseForm) => void;
  advancedOpen: boolean;
  setAdvancedOpen: (open: boolean) => void;
  identity: Identity | undefined;
  suggestions?: Suggestions | null;
  onPickSuggestion?: (field: "principal" | "role", arn: string) => void;
}

function DidYouMean({ s, onPick }: { s: Suggestions; onPick: (field: "principal" | "role", arn: string) => void }) {
  return (
    <div className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs" data-testid={`${s.field}-suggestions`}>
      <span className="text-zinc-600">Did you mean</span>
      {s.items.map((x) => (
        <button
          key={x.arn}
          type="button"
          className="rounded-full border border-accent-300 bg-white px-2 py-0.5 font-medium text-accent-800 hover:bg-accent-50"
          onClick={() => onPick(s.field, x.arn)}
          title={x.arn}
          data-testid="suggestion"
        >
          {x.kind}/{x.name} <span className="font-normal text-zinc-500">({x.account})</span>
        </button>
      ))}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700" data-testid="field-error">
      {message}
    </p>
  );
}

function Field({ label, htmlFor, hint, error, children }: { label: ReactNode; htmlFor: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-zinc-700">
        {label}
      </label>
      {children}
      {hint && !error && <p className="mt-1 text-[11px] text-zinc-500">{hint}</p>}
      <FieldError id={`${htmlFor}-error`} message={error} />
    </div>
  );
}

function PrincipalField({ value, onChange, error, identity }: { value: string; onChange: (v: string) => void; error?: string; identity?: Identity }) {
  const { data, isFetching } = usePrincipalSuggestions(value);
  const options = (data?.principals ?? []).map(principalOption);
  const more = data ? data.total - data.principals.length : 0;
  const hintId = `${fieldDomId("principal")}-hint`;
  return (
    <div>
      <label htmlFor={fieldDomId("principal")} className="mb-1 block text-xs font-medium text-zinc-700">
        Who is calling <span className="font-normal text-zinc-500">(principal)</span>
      </label>
      <Combobox
        id={fieldDomId("principal")}
        value={value}
        onChange={onChange}
        options={options}
        loading={isFetching}
        invalid={!!error}
        describedBy={error ? `${fieldDomId("principal")}-error` : hintId}
        placeholder="bob, or arn:aws:iam::111111111111:user/bob"
        empty={value.trim() ? "No known principal matches: a full ARN (or a service principal) works too." : "No principals are loaded."}
        footer={more > 0 ? `${more} more: keep typing to narrow` : undefined}
        testId="principal-input"
      />
      {!error && (
        <p id={hintId} className="mt-1 text-[11px] text-zinc-500">
          {identity?.source === "aws" && identity.arn
            ? value.trim() === identity.arn
              ? "The identity this dashboard runs as."
              : "A user, role, assumed-role session or service principal."
            : "A user or role name (resolved in every loaded account), or an ARN: user, role, assumed-role session (arn:aws:sts::…:assumed-role/…); or a service principal."}
        </p>
      )}
      <FieldError id={`${fieldDomId("principal")}-error`} message={error} />
    </div>
  );
}

function RoleField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { data, isFetching } = useRoleSuggestions(value);
  const options = (data?.roles ?? []).map((r) => roleOption(r, { description: true }));
  const more = data ? data.total - data.roles.length : 0;
  return (
    <div>
      <label htmlFor={fieldDomId("role")} className="mb-1 block text-xs font-medium text-zinc-700">
        Which role
      </label>
      <Combobox
        id={fieldDomId("role")}
        value={value}
        onChange={onChange}
        options={options}
        loading={isFetching}
        invalid={!!error}
        describedBy={error ? `${fieldDomId("role")}-error` : `${fieldDomId("role")}-hint`}
        placeholder="orders-api-task, or a pasted role ARN"
        empty={value.trim() ? "No loaded role matches: a pasted ARN works too." : "No roles are loaded."}
        footer={more > 0 ? `${more} more: keep typing to narrow` : undefined}
        testId="role-input"
      />
      {!error && (
        <p id={`${fieldDomId("role")}-hint`} className="mt-1 text-[11px] text-zinc-500">
          A role ARN, or a role name: the caller&apos;s account first, then every loaded account.
        </p>
      )}
      <FieldError id={`${fieldDomId("role")}-error`} message={error} />
    </div>
  );
}

export function endpointOption(e: VpcEndpointSummary) {
  return {
    key: e.id,
    value: e.id,
    content: (
      <span className="block min-w-0">
        <span className="flex items-baseline gap-1.5">
          <span className="truncate font-mono font-medium text-zinc-900">{e.id}</span>
          <span className="ml-auto shrink-0 font-mono text-[11px] text-zinc-500">{e.account}</span>
        </span>
        <span className="block truncate text-[11px] text-zinc-500">
          {e.serviceName}
          {e.vpcId ? ` · ${e.vpcId}` : ""}
          {e.policyKnown ? "" : " · policy not known"}
        </span>
      </span>
    ),
  };
}

/** The VPC endpoint through which the caller reaches STS, with the model's STS endpoints as suggestions. */
export function EndpointField({ id, value, onChange, error, label }: { id: string; value: string; onChange: (v: string) => void; error?: string; label: ReactNode }) {
  const { data, isFetching } = useVpcEndpoints(value);
  return (
    <Field
      label={label}
      htmlFor={id}
      hint="The caller's STS interface endpoint (CloudTrail: vpcEndpointId). Its policy then takes part, and aws:SourceIp is absent: a source IP given with it is the caller's address in the VPC."
      error={error}
    >
      <Combobox
        id={id}
        value={value}
        onChange={onChange}
        options={(data?.endpoints ?? []).map(endpointOption)}
        loading={isFetching}
        invalid={!!error}
        describedBy={error ? `${id}-error` : undefined}
        placeholder="vpce-0a1b2c3d4e5f67890"
        empty={value.trim() ? "No loaded STS endpoint matches: an endpoint ID works too (its policy is then unknown)." : "No STS VPC endpoints are loaded."}
        testId={`${id}-input`}
      />
    </Field>
  );
}

const MFA_CHOICES: { value: Tri; label: string }[] = [
  { value: "", label: "Not said" },
  { value: "true", label: "Yes" },
  { value: "false", label: "No" },
];

function MfaField({ value, onChange }: { value: Tri; onChange: (v: Tri) => void }) {
  const name = useId();
  return (
    <fieldset>
      <legend className="mb-1 block text-xs font-medium text-zinc-700">Signed in with MFA</legend>
      <div className="inline-flex rounded-md border border-zinc-300 bg-white p-0.5 shadow-xs" data-testid="mfa">
        {MFA_CHOICES.map((c) => (
          <label
            key={c.value || "unset"}
            className={`cursor-pointer rounded px-2.5 py-1 text-xs font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent-600 ${
              value === c.value ? "bg-accent-600 text-white" : "text-zinc-700 hover:bg-zinc-100"
            }`}
          >
            <input type="radio" name={name} value={c.value} checked={value === c.value} onChange={() => onChange(c.value)} className="sr-only" id={c.value === "true" ? fieldDomId("mfa") : undefined} />
            {c.label}
          </label>
        ))}
      </div>
      <p className="mt-1 text-[11px] text-zinc-500">&ldquo;Not said&rdquo; leaves aws:MultiFactorAuthPresent unknown; conditions on it then say so.</p>
    </fieldset>
  );
}

function Rows({
  legend,
  rows,
  onChange,
  keyPlaceholder,
  valuePlaceholder,
  addLabel,
  error,
  field,
}: {
  legend: string;
  rows: KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  keyPlaceholder: string;
  valuePlaceholder: string;
  addLabel: string;
  error?: string;
  field: "tags" | "context";
}) {
  const set = (id: string, patch: Partial<KeyValueRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend className="mb-1 block text-xs font-medium text-zinc-700">{legend}</legend>
      {rows.length > 0 && (
        <ul className="space-y-1.5">
          {rows.map((r, i) => (
            <li key={r.id} className="flex items-center gap-1.5">
              <input
                className={`${input} font-mono`}
                aria-label={`${legend}: key ${i + 1}`}
                id={i === 0 ? fieldDomId(field) : undefined}
                placeholder={keyPlaceholder}
                value={r.key}
                aria-invalid={!!error || undefined}
                onChange={(e) => set(r.id, { key: e.target.value })}
                spellCheck={false}
              />
              <input
                className={`${input} font-mono`}
                aria-label={r.key ? `Value of ${r.key}` : `${legend}: value ${i + 1}`}
                id={rowValueDomId(r.id)}
                placeholder={valuePlaceholder}
                value={r.value}
                onChange={(e) => set(r.id, { value: e.target.value })}
                spellCheck={false}
              />
              <button type="button" className={`${btn.danger} shrink-0`} aria-label={`Remove ${r.key || `row ${i + 1}`}`} onClick={() => onChange(rows.filter((x) => x.id !== r.id))}>
                <svg viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
                  <path d="M4 4l8 8M12 4l-8 8" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className={`${btn.link} mt-1.5`} onClick={() => onChange([...rows, row()])} id={rows.length === 0 ? fieldDomId(field) : undefined}>
        + {addLabel}
      </button>
      <FieldError id={`${fieldDomId(field)}-error`} message={error} />
    </fieldset>
  );
}

export function DiagnoseFormFields({ form, setForm, errors, onEdited, advancedOpen, setAdvancedOpen, identity, suggestions, onPickSuggestion }: Props) {
  const set = <K extends keyof DiagnoseForm>(k: K, v: DiagnoseForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    onEdited(k);
  };
  const text = (k: "durationSeconds" | "roleSessionName" | "externalId" | "sourceIp" | "sourceIdentity" | "transitiveTagKeys") => ({
    id: fieldDomId(k),
    value: form[k],
    onChange: (e: { target: { value: string } }) => set(k, e.target.value),
    "aria-invalid": !!errors[k] || undefined,
    "aria-describedby": errors[k] ? `${fieldDomId(k)}-error` : undefined,
    className: `${input} font-mono`,
    spellCheck: false,
  });
  const count = advancedCount(form);
  const advancedId = useId();

  return (
    <div className="space-y-3">
      <div>
        <PrincipalField value={form.principal} onChange={(v) => set("principal", v)} error={errors.principal} identity={identity} />
        {suggestions?.field === "principal" && errors.principal && onPickSuggestion && <DidYouMean s={suggestions} onPick={onPickSuggestion} />}
      </div>
      <div>
        <RoleField value={form.role} onChange={(v) => set("role", v)} error={errors.role} />
        {suggestions?.field === "role" && errors.role && onPickSuggestion && <DidYouMean s={suggestions} onPick={onPickSuggestion} />}
      </div>

      <div className="rounded-md border border-zinc-200">
        <button
          type="button"
          className="flex w-full items-center gap-2 rounded-md px-2.5 py-2 text-left text-xs font-medium text-zinc-700 hover:bg-zinc-50"
          aria-expanded={advancedOpen}
          aria-controls={advancedId}
          onClick={() => setAdvancedOpen(!advancedOpen)}
          data-testid="advanced-toggle"
        >
          <svg viewBox="0 0 16 16" className={`size-3.5 shrink-0 text-zinc-500 transition-transform ${advancedOpen ? "rotate-90" : ""}`} aria-hidden>
            <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          Advanced
          <span className="min-w-0 truncate font-normal text-zinc-500">session parameters</span>
          <span className="ml-auto shrink-0 font-normal text-zinc-500">{count > 0 ? `${count} set` : "duration, MFA, tags…"}</span>
        </button>
        {advancedOpen && (
          <div id={advancedId} className="space-y-3 border-t border-zinc-200 px-2.5 pt-2.5 pb-3">
            <div className="grid grid-cols-2 gap-2.5">
              <Field label="Duration (seconds)" htmlFor={fieldDomId("durationSeconds")} hint="Default 3600; 900–43200" error={errors.durationSeconds}>
                <input {...text("durationSeconds")} inputMode="numeric" placeholder="3600" />
              </Field>
              <Field label="Role session name" htmlFor={fieldDomId("roleSessionName")} error={errors.roleSessionName}>
                <input {...text("roleSessionName")} placeholder="bob-debug" />
              </Field>
              <Field label="External ID" htmlFor={fieldDomId("externalId")} error={errors.externalId}>
                <input {...text("externalId")} />
              </Field>
              <Field label="Source IP" htmlFor={fieldDomId("sourceIp")} error={errors.sourceIp}>
                <input {...text("sourceIp")} placeholder="203.0.113.7" />
              </Field>
            </div>
            <EndpointField id={fieldDomId("sourceVpce")} label="Source VPC endpoint" value={form.sourceVpce} onChange={(v) => set("sourceVpce", v)} error={errors.sourceVpce} />
            <MfaField value={form.mfa} onChange={(v) => set("mfa", v)} />
            <Field label="Source identity" htmlFor={fieldDomId("sourceIdentity")} error={errors.sourceIdentity}>
              <input {...text("sourceIdentity")} placeholder="bob@example.com" />
            </Field>
            <Rows legend="Session tags" field="tags" rows={form.tags} onChange={(r) => set("tags", r)} keyPlaceholder="team" valuePlaceholder="web" addLabel="Add a session tag" error={errors.tags} />
            <Field label="Transitive tag keys" htmlFor={fieldDomId("transitiveTagKeys")} hint="Comma-separated" error={errors.transitiveTagKeys}>
              <input {...text("transitiveTagKeys")} placeholder="team, project" />
            </Field>
            <Rows
              legend="Extra context keys"
              field="context"
              rows={form.context}
              onChange={(r) => set("context", r)}
              keyPlaceholder="aws:SourceAccount"
              valuePlaceholder='value, or ["a","b"]'
              addLabel="Add a context key"
              error={errors.context}
            />
          </div>
        )}
      </div>
    </div>
  );
}
