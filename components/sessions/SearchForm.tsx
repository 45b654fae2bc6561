"use client";
// The search: session name first (focused on load), then role, caller and access key; a time
// range (UTC) with rolling windows; outcome and label. Text fields apply with Enter (names are
// exact matches, so a half-typed name would only say "no sessions"); picking a suggestion, a
// window, an outcome or a label applies at once.

import { forwardRef, useState, type ReactNode } from "react";
import {
  QUICK_RANGES,
  SESSION_LABELS,
  hasFilters,
  inputToIso,
  isoToInput,
  validateSearch,
  type Outcome,
  type QuickRange,
  type SearchErrors,
  type SessionLabelValue,
  type SessionSearch,
} from "@/lib/ui/sessions-search";
import { btn, input } from "@/components/ui/buttons";
import { Combobox } from "@/components/ui/Combobox";
import { Segmented } from "@/components/ui/Segmented";
import { usePrincipalSuggestions, useRoleSuggestions } from "@/components/diagnose/api";
import { principalOption, roleOption } from "@/components/ui/suggestions";
import { getJson } from "@/components/ui/http";
import { useArrivalFocus } from "@/components/ui/useArrivalFocus";

/**
 * A role or caller as typed → the one known ARN it names, by name or any part of it, in any case.
 * An ARN, a service principal or a principal ID stays as typed, and so does text that matches none
 * or several (the suggestions list those).
 */
async function resolveOne<T extends { arn: string; name: string }>(text: string, url: string, list: (body: never) => T[]): Promise<string> {
  if (!text || /^arn:|\.amazonaws\.com$|^A[A-Z0-9]{15,}/.test(text)) return text;
  try {
    const body = await getJson<never>(`${url}?${new URLSearchParams({ q: text, limit: "2" })}`);
    const found = list(body);
    const exact = found.filter((x) => x.name.toLowerCase() === text.toLowerCase());
    if (exact.length === 1) return exact[0]!.arn;
    return found.length === 1 ? found[0]!.arn : text;
  } catch {
    return text;
  }
}

/** The text fields as typed; `from` and `to` are datetime-local values (UTC) here, not ISO. */
type Draft = Pick<SessionSearch, "roleSessionName" | "role" | "principal" | "accessKeyId" | "from" | "to">;

const draftOf = (s: SessionSearch): Draft => ({
  roleSessionName: s.roleSessionName,
  role: s.role,
  principal: s.principal,
  accessKeyId: s.accessKeyId,
  from: s.range ? "" : isoToInput(s.from) || s.from,
  to: s.range ? "" : isoToInput(s.to) || s.to,
});

function Field({ label, htmlFor, error, hint, className = "", children }: { label: ReactNode; htmlFor: string; error?: string; hint?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-zinc-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${htmlFor}-error`} className="mt-1 text-[11px] text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1 text-[11px] text-zinc-500">{hint}</p>
      ) : null}
    </div>
  );
}

interface Props {
  search: SessionSearch;
  onApply: (next: SessionSearch) => void;
  /** focus the sessions table (↓ from the search box, or the skip button) */
  onToTable: () => void;
}

export const SearchForm = forwardRef<HTMLInputElement, Props>(function SearchForm({ search, onApply, onToTable }, nameRef) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(search));
  const [errors, setErrors] = useState<SearchErrors>({});
  useArrivalFocus(() => document.getElementById("ss-roleSessionName"));
  // the address bar changed (a link, the back button, the timeline): the fields follow it
  const [seen, setSeen] = useState(search);
  if (seen !== search) {
    setSeen(search);
    setDraft(draftOf(search));
    setErrors({});
  }

  const roles = useRoleSuggestions(draft.role);
  const principals = usePrincipalSuggestions(draft.principal);

  const set = (k: keyof Draft) => (v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    if (k in errors) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  /** The draft's text fields with `patch` on top, validated, then applied. */
  const apply = (patch: Partial<SessionSearch> = {}, d: Draft = draft) => {
    const from = d.from.trim() ? (inputToIso(d.from) ?? d.from) : "";
    const to = d.to.trim() ? (inputToIso(d.to) ?? d.to) : "";
    const timeEdited = from !== (search.range ? "" : search.from) || to !== (search.range ? "" : search.to);
    const next: SessionSearch = {
      ...search,
      roleSessionName: d.roleSessionName.trim(),
      role: d.role.trim(),
      principal: d.principal.trim(),
      accessKeyId: d.accessKeyId.trim(),
      // typing a time replaces a rolling window
      ...(timeEdited ? { from, to, range: "" as const } : {}),
      ...patch,
    };
    const errs = validateSearch(next);
    setErrors(errs);
    if (Object.keys(errs).length) {
      const first = (["accessKeyId", "from", "to"] as const).find((k) => errs[k]);
      if (first) document.getElementById(`ss-${first}`)?.focus();
      return;
    }
    // The API's filters are exact (API.md); a person types "ali" or "ALICE". A role or caller that
    // one known role or principal matches (the suggestions' search: any case, any part) becomes
    // that ARN; otherwise it is searched as typed.
    void Promise.all([
      resolveOne(next.role, "/api/roles", (b: { roles: { arn: string; name: string }[] }) => b.roles),
      resolveOne(next.principal, "/api/principals", (b: { principals: { arn: string; name: string }[] }) => b.principals),
    ]).then(([role, principal]) => {
      const resolved = { ...next, role, principal };
      if (role !== next.role || principal !== next.principal) setDraft((dd) => ({ ...dd, role, principal }));
      onApply(resolved);
    });
  };

  const pickRange = (range: QuickRange | "") => {
    const d = { ...draft, from: "", to: "" };
    setDraft(d);
    apply({ range, from: "", to: "" }, d);
  };

  const dirty = JSON.stringify(draftOf(search)) !== JSON.stringify(draft);

  const roleOptions = (roles.data?.roles ?? []).map((r) => roleOption(r));
  const principalOptions = (principals.data?.principals ?? []).map(principalOption);
  const moreRoles = roles.data ? roles.data.total - roles.data.roles.length : 0;
  const morePrincipals = principals.data ? principals.data.total - principals.data.principals.length : 0;
  const anything = hasFilters(search) || Object.values(draft).some((v) => v.trim() !== "");

  return (
    <form
      role="search"
      aria-label="Search sessions"
      className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      data-testid="sessions-search"
    >
      <div className="grid grid-cols-1 gap-x-3 gap-y-2.5 sm:grid-cols-2 xl:grid-cols-[minmax(0,0.8fr)_minmax(0,1.1fr)_minmax(0,1.1fr)_minmax(0,0.8fr)_auto]">
        <Field label="Session name" htmlFor="ss-roleSessionName">
          <div className="relative">
            <svg viewBox="0 0 20 20" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-500" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden>
              <circle cx="9" cy="9" r="5.5" />
              <path d="m13.5 13.5 3 3" strokeLinecap="round" />
            </svg>
            <input
              ref={nameRef}
              id="ss-roleSessionName"
              type="search"
              autoComplete="off"
              spellCheck={false}
              aria-keyshortcuts="/"
              placeholder="e.g. carol"
              className={`${input} pr-7 pl-8 font-mono`}
              value={draft.roleSessionName}
              onChange={(e) => {
                const v = e.target.value;
                set("roleSessionName")(v);
                // the field's own clear button (or Escape) shows everything again at once
                if (v === "" && search.roleSessionName) apply({ roleSessionName: "" }, { ...draft, roleSessionName: "" });
              }}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown" && !e.altKey) {
                  e.preventDefault();
                  onToTable();
                }
              }}
              data-testid="search-session-name"
            />
            <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-300 bg-zinc-50 px-1 text-[11px] text-zinc-500" aria-hidden>
              /
            </kbd>
          </div>
        </Field>
        <button
          type="button"
          className="sr-only rounded-md bg-accent-700 px-3 py-1.5 text-xs font-medium text-white focus:not-sr-only focus:col-span-full focus:justify-self-start"
          onClick={onToTable}
          data-testid="skip-to-sessions"
        >
          Skip to the sessions (or press ↓ in the search box)
        </button>
        <Field label="Role" htmlFor="ss-role">
          <Combobox
            id="ss-role"
            value={draft.role}
            onChange={set("role")}
            onPick={(o) => apply({ role: o.value })}
            options={roleOptions}
            loading={roles.isFetching}
            placeholder="orders-api-task, or a role ARN"
            empty={draft.role.trim() ? "No role matches: a role ARN or name works too." : "No roles are loaded."}
            footer={moreRoles > 0 ? `${moreRoles} more: keep typing to narrow` : undefined}
            testId="search-role"
          />
        </Field>
        <Field label="Caller" htmlFor="ss-principal">
          <Combobox
            id="ss-principal"
            value={draft.principal}
            onChange={set("principal")}
            onPick={(o) => apply({ principal: o.value })}
            options={principalOptions}
            loading={principals.isFetching}
            placeholder="bob, or a caller ARN"
            empty={draft.principal.trim() ? "No known principal matches: any caller ARN, service or principal ID works." : "No principals are loaded."}
            footer={morePrincipals > 0 ? `${morePrincipals} more: keep typing to narrow` : undefined}
            testId="search-principal"
          />
        </Field>
        <Field label="Access key ID" htmlFor="ss-accessKeyId" error={errors.accessKeyId}>
          <input
            id="ss-accessKeyId"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="ASIA…"
            aria-invalid={!!errors.accessKeyId || undefined}
            aria-describedby={errors.accessKeyId ? "ss-accessKeyId-error" : undefined}
            className={`${input} font-mono`}
            value={draft.accessKeyId}
            onChange={(e) => set("accessKeyId")(e.target.value)}
            data-testid="search-access-key"
          />
        </Field>
        <div className="flex items-start sm:col-span-2 xl:col-span-1 xl:pt-5">
          <button type="submit" className={`${btn.primary} w-full xl:w-auto ${dirty ? "" : "opacity-90"}`} data-testid="search-submit" data-dirty={dirty || undefined}>
            Search
          </button>
        </div>
      </div>

      <div className="mt-3 flex flex-wrap items-end gap-x-5 gap-y-2.5 border-t border-zinc-100 pt-3">
        <fieldset className="flex flex-wrap items-end gap-2">
          <legend className="sr-only">Time range (UTC)</legend>
          <Field label={<>From <span className="font-normal text-zinc-500">(UTC)</span></>} htmlFor="ss-from" error={errors.from}>
            <input
              id="ss-from"
              type="datetime-local"
              className={`${input} w-auto py-1 font-mono text-xs`}
              value={draft.from}
              aria-invalid={!!errors.from || undefined}
              onChange={(e) => set("from")(e.target.value)}
              data-testid="search-from"
            />
          </Field>
          <Field label={<>To <span className="font-normal text-zinc-500">(UTC, excluded)</span></>} htmlFor="ss-to" error={errors.to}>
            <input
              id="ss-to"
              type="datetime-local"
              className={`${input} w-auto py-1 font-mono text-xs`}
              value={draft.to}
              aria-invalid={!!errors.to || undefined}
              onChange={(e) => set("to")(e.target.value)}
              data-testid="search-to"
            />
          </Field>
          <div className="pb-px">
            <Segmented
              legend="Quick range"
              showLegend={false}
              value={search.range || (search.from || search.to ? ("custom" as const) : ("" as const))}
              options={[...QUICK_RANGES.map((r) => ({ value: r.value, label: r.label })), { value: "" as const, label: "All" }]}
              onChange={(v) => pickRange(v as QuickRange | "")}
              testId="quick-range"
            />
          </div>
        </fieldset>
        <Segmented<Outcome>
          legend="Outcome"
          value={search.outcome}
          options={[
            { value: "", label: "all" },
            { value: "success", label: "success" },
            { value: "failure", label: "failure" },
          ]}
          onChange={(v) => apply({ outcome: v })}
          testId="outcome-filter"
        />
        <label className="flex items-center gap-2 text-xs font-medium text-zinc-600">
          Label
          <select className={`${input} w-auto py-1`} value={search.label} onChange={(e) => apply({ label: e.target.value as SessionLabelValue | "" })} data-testid="label-filter">
            <option value="">any</option>
            {SESSION_LABELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {anything && (
          <button
            type="button"
            className={`${btn.link} mb-1.5 ml-auto`}
            onClick={() => {
              const d: Draft = { roleSessionName: "", role: "", principal: "", accessKeyId: "", from: "", to: "" };
              setDraft(d);
              setErrors({});
              onApply({ roleSessionName: "", role: "", principal: "", accessKeyId: "", from: "", to: "", range: "", outcome: "", label: "" });
            }}
            data-testid="search-clear"
          >
            Clear all filters
          </button>
        )}
      </div>
    </form>
  );
});
