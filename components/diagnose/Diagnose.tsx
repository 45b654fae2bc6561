"use client";

import { useMutation } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useEffectEvent, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  advancedCount,
  buildDiagnoseRequest,
  emptyDiagnoseForm,
  fieldOfIssue,
  formToQuery,
  localIssueMessage,
  queryToForm,
  row,
  type DiagnoseForm,
} from "@/lib/ui/diagnose-form";
import { btn, input } from "@/components/ui/buttons";
import { Combobox } from "@/components/ui/Combobox";
import { ApiRequestError, errorMessage } from "@/components/ui/http";
import { Spinner } from "@/components/ui/Spinner";
import { useHydrated } from "@/components/ui/useHydrated";
import { useHealth } from "@/components/shell/useHealth";
import { isPrincipalArn, postDiagnose, postExplain, useIdentity, useRoleSuggestions, type DiagnoseResult, type ExplainErrorResponse } from "./api";
import { AssumablePanel } from "./Assumable";
import { DiagnoseFormFields, EndpointField, fieldDomId, rowValueDomId, type FieldErrors, type Suggestions } from "./DiagnoseFormFields";
import { DiagnosisView } from "./DiagnosisView";
import { EmptyState, type DemoExample } from "./EmptyState";
import { ExplainCard } from "./ExplainCard";
import type { NeedAction } from "./Needs";
import { ErrorAlert, type FieldProblem } from "@/components/ui/ErrorAlert";
import { fieldsTitle, placeIssues } from "@/lib/ui/field-issues";

type Tab = "form" | "paste";

interface Run {
  id: number;
  /** the request the result answers, to tell when the form has changed since */
  key: string | null;
  result: DiagnoseResult | null;
  /** set when the run came from a pasted error */
  explain: ExplainErrorResponse | null;
}

const ADVANCED: ReadonlySet<keyof DiagnoseForm> = new Set(["durationSeconds", "roleSessionName", "externalId", "mfa", "sourceIp", "sourceVpce", "sourceIdentity", "tags", "transitiveTagKeys", "context"]);
const FIELD_LABEL: Record<keyof DiagnoseForm, string> = {
  principal: "principal",
  role: "role",
  durationSeconds: "duration",
  roleSessionName: "role session name",
  externalId: "external ID",
  mfa: "MFA",
  sourceIp: "source IP",
  sourceVpce: "source VPC endpoint",
  sourceIdentity: "source identity",
  tags: "session tags",
  transitiveTagKeys: "transitive tag keys",
  context: "context keys",
};

const requestKey = (f: DiagnoseForm) => JSON.stringify(buildDiagnoseRequest(f).request);
const normalize = (q: string) => new URLSearchParams(q).toString();

let runCounter = 0;

function PasteRole({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { data, isFetching } = useRoleSuggestions(value);
  return (
    <div>
      <label htmlFor="paste-role" className="mb-1 block text-xs font-medium text-zinc-700">
        The role <span className="font-normal text-zinc-500">(this form of the message does not name it)</span>
      </label>
      <Combobox
        id="paste-role"
        value={value}
        onChange={onChange}
        loading={isFetching}
        placeholder="orders-api-task, or a role ARN"
        options={(data?.roles ?? []).map((r) => ({
          key: r.arn,
          value: r.arn,
          content: (
            <span className="flex items-baseline gap-1.5">
              <span className="truncate font-medium text-zinc-900">{r.name}</span>
              <span className="ml-auto shrink-0 font-mono text-[11px] text-zinc-500">{r.account}</span>
            </span>
          ),
        }))}
        testId="paste-role"
      />
    </div>
  );
}

export function Diagnose() {
  const searchParams = useSearchParams();
  const query = searchParams.toString();
  // the health check and the identity may have arrived before this part hydrates: wait for it
  const hydrated = useHydrated();
  const { data: healthData } = useHealth();
  const { data: identityData } = useIdentity();
  const health = hydrated ? healthData : undefined;
  const identity = hydrated ? identityData : undefined;

  const [form, setForm] = useState<DiagnoseForm>(emptyDiagnoseForm);
  const [tab, setTab] = useState<Tab>("form");
  const [paste, setPaste] = useState({ message: "", role: "", sourceVpce: "" });
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pasteError, setPasteError] = useState<string | null>(null);
  const [alert, setAlert] = useState<{ title: string; message: string; field?: keyof DiagnoseForm; problems?: FieldProblem[] } | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const written = useRef<string | null>(null);
  const focusNext = useRef<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  /** set when a result arrives: focus then moves to its heading (never left on <body>) */
  const focusResult = useRef(false);
  const tabsId = useId();

  const diagnoseM = useMutation({ mutationFn: postDiagnose });
  const explainM = useMutation({ mutationFn: postExplain });
  const pending = diagnoseM.isPending || explainM.isPending;

  const currentKey = useMemo(() => requestKey(form), [form]);

  // Move focus to the new result once it has rendered: the explanation of a pasted error first,
  // else the verdict.
  useEffect(() => {
    if (!focusResult.current) return;
    const el = document.getElementById("explain-title") ?? document.getElementById("verdict-title");
    if (!el) return;
    focusResult.current = false;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });

  // Focus an input once whatever holds it (the advanced disclosure, a new row) has rendered.
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    const el = document.getElementById(id);
    if (!el) return;
    focusNext.current = null;
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    el.focus({ preventScroll: true });
  });

  const focusField = (field: keyof DiagnoseForm) => {
    if (ADVANCED.has(field)) setAdvancedOpen(true);
    setTab("form");
    focusNext.current = fieldDomId(field);
    requestAnimationFrame(() => {
      const el = focusNext.current ? document.getElementById(focusNext.current) : null;
      if (el) {
        focusNext.current = null;
        el.scrollIntoView({ block: "center", behavior: "smooth" });
        el.focus({ preventScroll: true });
      }
    });
  };

  /** Put the form in the address bar, so that the link reproduces this diagnosis. */
  const writeUrl = (f: DiagnoseForm) => {
    const q = formToQuery(f);
    if (q === normalize(window.location.search)) return;
    written.current = q;
    window.history.pushState(null, "", q ? `/?${q}` : "/");
  };

  const showResultOnNarrowScreens = () => {
    if (window.matchMedia("(max-width: 1023px)").matches) requestAnimationFrame(() => resultRef.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
  };

  const diagnose = (f: DiagnoseForm, opts: { writeUrl: boolean } = { writeUrl: true }) => {
    const built = buildDiagnoseRequest(f);
    setCopied(null);
    const problems = Object.keys(built.errors) as (keyof DiagnoseForm)[];
    if (problems.length > 0) {
      setErrors(built.errors);
      const first = problems[0]!;
      setAlert({ title: fieldsTitle(problems.length, "diagnosing"), message: "", problems: problems.map((f) => ({ field: f, label: FIELD_LABEL[f], message: built.errors[f]! })) });
      setAnnouncement(`Fix the ${FIELD_LABEL[first]} before diagnosing.`);
      focusField(first);
      return;
    }
    setErrors({});
    setAlert(null);
    setSuggestions(null);
    if (opts.writeUrl) writeUrl(f);
    setAnnouncement("Diagnosing…");
    const key = JSON.stringify(built.request);
    diagnoseM.mutate(built.request, {
      onSuccess: (result) => {
        runCounter += 1;
        focusResult.current = true;
        setRun({ id: runCounter, key, result, explain: null });
        setAnnouncement(`Verdict: ${result.verdict}.${result.error ? ` STS would answer: ${result.error}` : ""}`);
        showResultOnNarrowScreens();
      },
      onError: (e) => {
        setRun(null);
        const err = e instanceof ApiRequestError ? e : null;
        // every field the server names, at once, inline; the alert lists them
        const placed = placeIssues(err?.issues ?? [], fieldOfIssue, localIssueMessage);
        if (placed.order.length) {
          setErrors(placed.fields);
          // "did you mean …?": the server's closest known principals or roles, offered at the field
          const list = err?.body.suggestions;
          const suggestFor = placed.order.find((f) => f === "principal" || f === "role");
          if (suggestFor && Array.isArray(list) && list.length) setSuggestions({ field: suggestFor, items: list as Suggestions["items"] });
          focusField(placed.order[0]!);
          setAlert({
            title: fieldsTitle(placed.order.length, "diagnosing"),
            message: placed.rest.map((i) => i.message).join(" "),
            problems: placed.order.map((f) => ({ field: f, label: FIELD_LABEL[f], message: placed.fields[f]! })),
          });
        } else setAlert({ title: err?.status === 400 ? "The request was not accepted" : "The diagnosis failed", message: errorMessage(e) });
        setAnnouncement(`Error: ${errorMessage(e)}`);
      },
    });
  };

  const explain = () => {
    const message = paste.message.trim();
    setCopied(null);
    if (!message) {
      setPasteError("Paste the error message first: the whole line, from \u201cUser:\u201d or \u201cAn error occurred\u201d.");
      document.getElementById("paste-message")?.focus();
      return;
    }
    setPasteError(null);
    setAlert(null);
    setAnnouncement("Reading the error…");
    explainM.mutate(
      { message, ...(paste.role.trim() ? { role: paste.role.trim() } : {}), ...(paste.sourceVpce.trim() ? { sourceVpce: paste.sourceVpce.trim() } : {}) },
      {
        onSuccess: (res) => {
          runCounter += 1;
          focusResult.current = true;
          if (res.diagnosis) {
            // the form takes the parsed caller and role, so that the user can tweak and re-run
            const f: DiagnoseForm = { ...emptyDiagnoseForm(), principal: res.diagnosis.principal, role: res.diagnosis.role, sourceVpce: paste.sourceVpce.trim() };
            setForm(f);
            setErrors({});
            setAdvancedOpen(advancedCount(f) > 0);
            writeUrl(f);
            setRun({ id: runCounter, key: requestKey(f), result: res.diagnosis, explain: res });
            setAnnouncement(`Verdict: ${res.diagnosis.verdict}.`);
          } else {
            setRun({ id: runCounter, key: null, result: null, explain: res });
            setAnnouncement(res.diagnosisError ? `No diagnosis: ${res.diagnosisError}` : res.advice);
          }
          showResultOnNarrowScreens();
        },
        onError: (e) => {
          setPasteError(errorMessage(e));
          setAnnouncement(`Error: ${errorMessage(e)}`);
        },
      },
    );
  };

  // The address bar is the source of truth when it changes from outside: the first load, a
  // link from another page or panel, the back button.
  const onUrl = useEffectEvent((q: string) => {
    const f = queryToForm(q);
    setForm(f);
    setAdvancedOpen(advancedCount(f) > 0);
    setErrors({});
    setAlert(null);
    setTab("form");
    if (f.role.trim() && (f.principal.trim() || identity?.source === "aws")) diagnose(f, { writeUrl: false });
    else {
      setRun(null);
      if (f.role.trim()) focusField("principal");
    }
  });
  useEffect(() => {
    const q = normalize(query);
    if (q === written.current) return;
    written.current = q;
    onUrl(q);
  }, [query]);

  // With the aws source, the caller defaults to the identity the dashboard runs as.
  const [seenIdentity, setSeenIdentity] = useState<string | null>(null);
  const identityArn = identity?.source === "aws" ? identity.arn : null;
  if (identityArn && identityArn !== seenIdentity) {
    setSeenIdentity(identityArn);
    if (!form.principal) setForm((f) => (f.principal ? f : { ...f, principal: identityArn }));
  }

  const onKey = useEffectEvent((e: globalThis.KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      if (pending) return;
      if (tab === "form") diagnose(form);
      else explain();
    }
  });
  useEffect(() => {
    const h = (e: globalThis.KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", h);
    return () => window.removeEventListener("keydown", h);
  }, []);

  const onNeed = (a: NeedAction) => {
    if (a.kind === "mfa") {
      const f = { ...form, mfa: a.value ? ("true" as const) : ("false" as const) };
      setForm(f);
      setAdvancedOpen(true);
      diagnose(f);
    } else if (a.kind === "focus") {
      focusField(a.field);
    } else {
      const field = a.kind === "tag" ? "tags" : "context";
      const existing = form[field].find((r) => r.key.trim() === a.key);
      const target = existing ?? row(a.key, "");
      if (!existing) setForm((f) => ({ ...f, [field]: [...f[field], target] }));
      setAdvancedOpen(true);
      setTab("form");
      focusNext.current = rowValueDomId(target.id);
    }
  };

  const onExample = (e: DemoExample) => {
    const f = queryToForm(e.query);
    setForm(f);
    setAdvancedOpen(advancedCount(f) > 0);
    setTab("form");
    diagnose(f);
  };

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied("copied");
      setAnnouncement("Link copied to the clipboard.");
    } catch {
      setCopied("failed");
    }
  };

  const onEdited = (field: keyof DiagnoseForm) =>
    setErrors((errs) => {
      if (!(field in errs)) return errs;
      const next = { ...errs };
      delete next[field];
      return next;
    });

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const next: Tab = tab === "form" ? "paste" : "form";
    setTab(next);
    document.getElementById(`${tabsId}-${next}`)?.focus();
  };

  const result = run?.result ?? null;
  const stale = !!result && run?.key !== null && run?.key !== currentKey;
  const principalForPanel = (result?.principal ?? form.principal).trim();
  const needsRole = run?.explain && !run.result && run.explain.kind === "access-denied" && !run.explain.resource;
  const needsEndpoint = !!run?.explain?.needsEndpoint;

  const pickSuggestion = (field: "principal" | "role", arn: string) => {
    const f = { ...form, [field]: arn };
    setForm(f);
    diagnose(f);
  };

  return (
    <div className="mx-auto max-w-[1600px] px-4 pb-10">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200 py-2.5">
        <div className="min-w-0">
          <h1 className="text-lg leading-tight font-semibold tracking-tight text-zinc-900">Diagnose</h1>
          <p className="text-xs text-zinc-500">Why can&apos;t I assume this role? Every check STS makes, the statement that decides, and the fix.</p>
        </div>
        <div className="ml-auto flex items-center gap-2">
          {copied === "copied" && (
            <span className="text-xs text-emerald-700" data-testid="copy-status">
              ✓ Link copied
            </span>
          )}
          {copied === "failed" && <span className="text-xs text-red-700">The browser refused: copy the address bar instead.</span>}
          <button type="button" className={btn.secondary} onClick={() => void copyLink()} disabled={!result} data-testid="copy-link" title={result ? "Copy a link to this diagnosis" : "Diagnose first"}>
            <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.7" aria-hidden>
              <path d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.9.9M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.9-.9" strokeLinecap="round" />
            </svg>
            Copy link
          </button>
        </div>
      </div>

      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>

      {alert && (
        <ErrorAlert
          title={alert.title}
          message={alert.message}
          action={alert.field ? { label: `Go to the ${FIELD_LABEL[alert.field]}`, onClick: () => focusField(alert.field!) } : undefined}
          problems={alert.problems}
          onGoTo={(f) => focusField(f as keyof DiagnoseForm)}
        />
      )}

      <div className="mt-4 grid items-start gap-4 lg:grid-cols-[minmax(0,400px)_minmax(0,1fr)] xl:grid-cols-[minmax(0,440px)_minmax(0,1fr)]">
        <div className="space-y-3">
          <div className="rounded-lg border border-zinc-200 bg-white shadow-xs">
            <div role="tablist" aria-label="How to describe the call" className="flex border-b border-zinc-200 px-1.5 pt-1">
              {(
                [
                  ["form", "Caller and role"],
                  ["paste", "Paste the error"],
                ] as const
              ).map(([id, label]) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  id={`${tabsId}-${id}`}
                  aria-selected={tab === id}
                  aria-controls={`${tabsId}-${id}-panel`}
                  tabIndex={tab === id ? 0 : -1}
                  onClick={() => setTab(id)}
                  onKeyDown={onTabKey}
                  data-testid={`tab-${id}`}
                  className={`-mb-px border-b-2 px-3 py-2 text-[13px] font-medium ${tab === id ? "border-accent-600 text-accent-800" : "border-transparent text-zinc-600 hover:text-zinc-900"}`}
                >
                  {label}
                </button>
              ))}
            </div>
            {tab === "form" ? (
              // a form may not be a tabpanel (ARIA): the panel wraps it
              <div id={`${tabsId}-form-panel`} role="tabpanel" aria-labelledby={`${tabsId}-form`}>
              <form
                aria-label="Diagnosis request"
                // e2e tests wait for this: typing before React hydrates the form is lost
                data-hydrated={hydrated ? "true" : undefined}
                className="p-3.5"
                onSubmit={(e) => {
                  e.preventDefault();
                  diagnose(form);
                }}
              >
                <DiagnoseFormFields
                  form={form}
                  setForm={setForm}
                  errors={errors}
                  onEdited={onEdited}
                  advancedOpen={advancedOpen}
                  setAdvancedOpen={setAdvancedOpen}
                  identity={identity}
                  suggestions={suggestions}
                  onPickSuggestion={pickSuggestion}
                />
                <div className="mt-3.5 flex items-center gap-2">
                  <button type="submit" className={btn.primary} disabled={pending} data-testid="diagnose" aria-keyshortcuts="Control+Enter Meta+Enter">
                    {diagnoseM.isPending && <Spinner />}
                    {diagnoseM.isPending ? "Diagnosing…" : "Diagnose"}
                    {!diagnoseM.isPending && <kbd className="rounded bg-accent-800 px-1 font-sans text-[11px] font-normal">Ctrl ↵</kbd>}
                  </button>
                  {(form.principal || form.role || advancedCount(form) > 0) && (
                    <button
                      type="button"
                      className={btn.secondary}
                      disabled={pending}
                      onClick={() => {
                        setForm(emptyDiagnoseForm());
                        setErrors({});
                        setAlert(null);
                        setRun(null);
                        writeUrl(emptyDiagnoseForm());
                      }}
                    >
                      Clear
                    </button>
                  )}
                </div>
              </form>
              </div>
            ) : (
              // a form may not be a tabpanel (ARIA): the panel wraps it
              <div id={`${tabsId}-paste-panel`} role="tabpanel" aria-labelledby={`${tabsId}-paste`}>
              <form
                aria-label="Pasted error"
                className="space-y-3 p-3.5"
                onSubmit={(e) => {
                  e.preventDefault();
                  explain();
                }}
              >
                <div>
                  <label htmlFor="paste-message" className="mb-1 block text-xs font-medium text-zinc-700">
                    The error STS returned
                  </label>
                  <textarea
                    id="paste-message"
                    className={`${input} min-h-36 font-mono text-[12px] leading-relaxed`}
                    value={paste.message}
                    onChange={(e) => {
                      setPaste((p) => ({ ...p, message: e.target.value }));
                      setPasteError(null);
                    }}
                    placeholder="An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/…"
                    spellCheck={false}
                    aria-invalid={!!pasteError || undefined}
                    aria-describedby={pasteError ? "paste-error" : "paste-hint"}
                    data-testid="paste-message"
                  />
                  {pasteError ? (
                    <p id="paste-error" className="mt-1 text-xs text-red-700" data-testid="field-error">
                      {pasteError}
                    </p>
                  ) : (
                    <p id="paste-hint" className="mt-1 text-[11px] text-zinc-500">
                      From the CLI, an SDK, the console or CloudTrail. RoleCall reads the caller, the action and the role out of it, then diagnoses.
                    </p>
                  )}
                </div>
                {(needsRole || paste.role) && <PasteRole value={paste.role} onChange={(v) => setPaste((p) => ({ ...p, role: v }))} />}
                {(needsEndpoint || paste.sourceVpce) && (
                  <EndpointField
                    id="paste-vpce"
                    label={
                      <>
                        The VPC endpoint <span className="font-normal text-zinc-500">(the message names a VPC endpoint policy)</span>
                      </>
                    }
                    value={paste.sourceVpce}
                    onChange={(v) => setPaste((p) => ({ ...p, sourceVpce: v }))}
                  />
                )}
                <button type="submit" className={btn.primary} disabled={pending} data-testid="explain">
                  {explainM.isPending && <Spinner />}
                  {explainM.isPending ? "Reading…" : "Explain this error"}
                </button>
              </form>
              </div>
            )}
          </div>
          {isPrincipalArn(principalForPanel) && <AssumablePanel key={principalForPanel} principal={principalForPanel} />}
        </div>

        <div ref={resultRef} className="min-w-0 scroll-mt-4" aria-busy={pending} data-testid="result-panel" aria-label="Diagnosis" role="region">
          {run?.explain && (
            <div className="mb-4">
              <ExplainCard explain={run.explain} />
              {run.result && (
                <p className="mt-1.5 text-xs text-zinc-500">
                  The form now holds this caller and role.{" "}
                  <button type="button" className={btn.link} onClick={() => setTab("form")}>
                    Edit them, or add session parameters
                  </button>
                </p>
              )}
            </div>
          )}
          {result ? (
            <DiagnosisView key={run!.id} result={result} onNeed={onNeed} pending={pending} stale={stale} />
          ) : pending ? (
            <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-5 text-[13px] text-zinc-600" data-testid="loading">
              <Spinner />
              {explainM.isPending ? "Reading the error and diagnosing…" : "Running every check…"}
            </div>
          ) : run?.explain ? null : alert ? (
            <div className="rounded-lg border border-dashed border-red-300 bg-white p-5 text-[13px] text-zinc-700" data-testid="no-result">
              <p className="font-semibold text-zinc-900">No diagnosis</p>
              <p className="mt-1">Fix what the message above says, then diagnose again.</p>
            </div>
          ) : (
            <EmptyState demo={health?.source === "demo"} onExample={onExample} />
          )}
        </div>
      </div>
    </div>
  );
}
