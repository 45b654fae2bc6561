"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from "react";
import { isAssumeRoleAction } from "@/lib/policy/evaluate";
import {
  buildRequest,
  contextRow,
  emptyForm,
  filledSections,
  labelPathKey,
  pathKey,
  sectionOf,
  type BuiltRequest,
  type FormState,
  type SectionName,
} from "@/lib/ui/form-state";
import { decodeState, encodeState, STATE_PARAM } from "@/lib/ui/share-state";
import { btn } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { EvaluateError, localMessage, postEvaluate } from "./api";
import { contextValueDomId } from "./ContextEditor";
import { EmptyState } from "./EmptyState";
import { EvaluateForm } from "./EvaluateForm";
import { EXAMPLES, exampleById } from "./examples";
import { editorDomId } from "./PolicyEditor";
import { ResultPanel, type Run } from "./ResultPanel";
import { ErrorAlert, type FieldProblem } from "@/components/ui/ErrorAlert";
import { fieldsTitle, placeIssues } from "@/lib/ui/field-issues";

interface Alert {
  title: string;
  message: string;
  /** every input to fix, each shown inline too */
  problems?: FieldProblem[];
  /** the editor, row or field the message is about */
  target?: string;
  targetLabel?: string;
}

type RunWithKey = Run & { key: string; locations: BuiltRequest["locations"] };

const FIELD_LABEL: Record<string, string> = { principal: "Principal", action: "Action", resource: "Resource", resourceAccount: "Resource account" };

function isTrust(form: FormState): boolean {
  return isAssumeRoleAction(form.action.trim()) && /^arn:[^:]+:iam::\d{12}:role\//.test(form.resource.trim());
}

/** A person's name for an editor, row or field id, for "Go to …" buttons. */
function targetLabel(form: FormState, id: string): string {
  if (FIELD_LABEL[id]) return FIELD_LABEL[id];
  const i = form.identityPolicies.findIndex((d) => d.id === id);
  if (i >= 0) return `identity policy ${i + 1}`;
  if (form.resourcePolicy.id === id) return isTrust(form) ? "the trust policy" : "the resource policy";
  if (form.permissionBoundary.id === id) return "the permissions boundary";
  if (form.sessionPolicy.id === id) return "the session policy";
  if (form.endpointPolicy.id === id) return "the VPC endpoint policy";
  for (const kind of ["scps", "rcps"] as const) {
    for (const [l, lv] of form[kind].entries()) {
      const short = kind === "scps" ? "SCP" : "RCP";
      if (lv.id === id) return `${short} level ${l + 1}`;
      const p = lv.policies.findIndex((d) => d.id === id);
      if (p >= 0) return `${short} level ${l + 1}, policy ${p + 1}`;
    }
  }
  const row = form.context.find((r) => r.id === id);
  if (row) return `context key ${row.key || ""}`.trim();
  return "the input";
}

function focusTarget(id: string): boolean {
  const el = document.getElementById(editorDomId(id)) ?? document.getElementById(id) ?? document.getElementById(contextValueDomId(id));
  if (!el) return false;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  el.focus({ preventScroll: true });
  return true;
}

async function writeUrl(form: FormState): Promise<string> {
  const url = new URL(window.location.href);
  url.searchParams.set(STATE_PARAM, await encodeState(form));
  window.history.replaceState(null, "", url);
  return url.toString();
}

let runCounter = 0;

export function Evaluator({ shared }: { shared?: string }) {
  const [form, setForm] = useState<FormState>(emptyForm);
  const [open, setOpen] = useState<ReadonlySet<SectionName>>(() => new Set());
  const [run, setRun] = useState<RunWithKey | null>(null);
  const [alert, setAlert] = useState<Alert | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [restoring, setRestoring] = useState(shared !== undefined);
  const [example, setExample] = useState<string | null>(null);
  const [copy, setCopy] = useState<{ state: "copied" } | { state: "manual"; url: string } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const focusNext = useRef<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const { mutate, isPending } = useMutation({ mutationFn: (b: BuiltRequest) => postEvaluate(b.request) });

  const built = useMemo(() => buildRequest(form), [form]);
  const currentKey = useMemo(() => JSON.stringify(built.request), [built]);
  const trust = isTrust(form);

  // Focus an input once the section that holds it has rendered open.
  useEffect(() => {
    if (focusNext.current && focusTarget(focusNext.current)) focusNext.current = null;
  });

  const goTo = useCallback((f: FormState, id: string) => {
    const section = sectionOf(f, id);
    if (section) setOpen((o) => new Set([...o, section]));
    focusNext.current = id;
    // When nothing re-renders, the effect above does not run: try now as well.
    requestAnimationFrame(() => {
      if (focusNext.current === id && focusTarget(id)) focusNext.current = null;
    });
  }, []);

  const evaluate = useCallback(
    (f: FormState) => {
      const b = buildRequest(f);
      setServerErrors({});
      setCopy(null);
      const problems = Object.keys(b.errors);
      if (problems.length > 0) {
        const first = problems[0]!;
        setAlert({
          title: fieldsTitle(problems.length, "evaluating"),
          message: "",
          problems: problems.map((id) => ({ field: id, label: targetLabel(f, id), message: b.errors[id]! })),
        });
        setAnnouncement("Fix the highlighted input before evaluating.");
        goTo(f, first);
        return;
      }
      setAlert(null);
      setAnnouncement("Evaluating…");
      void writeUrl(f).catch(() => undefined);
      const key = JSON.stringify(b.request);
      const trustNow = isTrust(f);
      mutate(b, {
        onSuccess: (response) => {
          runCounter += 1;
          setRun({ id: runCounter, request: b.request, response, trust: trustNow, key, locations: b.locations });
          // One column (narrow screens): the result is below the form, bring it into view.
          if (window.matchMedia("(max-width: 1023px)").matches) requestAnimationFrame(() => resultRef.current?.scrollIntoView({ behavior: "smooth", block: "start" }));
          setAnnouncement(`Decision: ${response.decision === "allowed" ? "allowed" : response.decision === "explicitDeny" ? "explicit deny" : "implicit deny"}. ${response.summary}`);
        },
        onError: (e) => {
          setRun(null);
          const err = e instanceof EvaluateError ? e : new EvaluateError("The evaluation failed unexpectedly. Try again.", 0, "client");
          // every input the server names, at once, inline; the alert lists them
          const placed = placeIssues(err.issues, (path) => b.locations[pathKey(path)], (_t, m) => localMessage(m));
          if (placed.order.length) {
            setServerErrors(placed.fields as Record<string, string>);
            goTo(f, placed.order[0]!);
            setAlert({
              title: fieldsTitle(placed.order.length, "evaluating"),
              message: placed.rest.map((i) => i.message).join(" "),
              problems: placed.order.map((t) => ({ field: t, label: targetLabel(f, t), message: placed.fields[t]! })),
            });
          } else setAlert({ title: err.status === 400 ? "The request was not accepted" : "The evaluation failed", message: err.message });
          setAnnouncement(`Error: ${err.message}`);
        },
      });
    },
    [mutate, goTo],
  );

  const load = useCallback(
    (f: FormState, exampleId: string | null) => {
      setForm(f);
      setOpen(new Set(filledSections(f)));
      setExample(exampleId);
      evaluate(f);
    },
    [evaluate],
  );

  // A shared link: restore the form and evaluate it, once.
  const restored = useRef(false);
  useEffect(() => {
    if (shared === undefined || restored.current) return;
    restored.current = true;
    decodeState(shared)
      .then((f) => load(f, null))
      .catch((e: unknown) => setAlert({ title: "The shared link could not be opened", message: e instanceof Error ? e.message : String(e) }))
      .finally(() => setRestoring(false));
  }, [shared, load]);

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      if (!isPending && !restoring) evaluate(form);
    }
  });
  useEffect(() => {
    const h = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", h);
    return () => window.removeEventListener("keydown", h);
  }, []);

  const onEdited = useCallback((id: string) => {
    setServerErrors((errs) => {
      if (!(id in errs)) return errs;
      const next = { ...errs };
      delete next[id];
      return next;
    });
  }, []);

  const copyLink = async () => {
    const url = await writeUrl(form);
    try {
      await navigator.clipboard.writeText(url);
      setCopy({ state: "copied" });
      setAnnouncement("Link copied to the clipboard.");
    } catch {
      setCopy({ state: "manual", url });
    }
  };

  const clear = () => {
    setForm(emptyForm());
    setOpen(new Set());
    setRun(null);
    setAlert(null);
    setServerErrors({});
    setExample(null);
    setCopy(null);
    const url = new URL(window.location.href);
    url.searchParams.delete(STATE_PARAM);
    window.history.replaceState(null, "", url);
  };

  const addContextKeys = (keys: string[]) => {
    const have = new Set(form.context.map((r) => r.key.trim()));
    const rows = keys.filter((k) => !have.has(k)).map((k) => contextRow(k, ""));
    if (rows.length === 0) return;
    setForm((f) => ({ ...f, context: [...f.context, ...rows] }));
    focusNext.current = rows[0]!.id;
  };

  const editPolicy = (label: string) => {
    const key = labelPathKey(label);
    const id = key && run ? run.locations[key] : undefined;
    if (id) goTo(form, id);
  };

  const activeExample = example ? exampleById(example) : undefined;
  const stale = run !== null && run.key !== currentKey;

  return (
    <div className="mx-auto max-w-[1600px] px-4 pb-10">
      <div className="sticky top-0 z-20 -mx-4 border-b border-zinc-200 bg-zinc-50 px-4 py-2.5">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <div className="min-w-0">
            <h1 className="text-lg leading-tight font-semibold tracking-tight text-zinc-900">Policy evaluator</h1>
            <p className="hidden text-xs text-zinc-500 lg:block">Which statement allows or denies a request, and why. Trust policies included.</p>
          </div>
          <div className="ml-auto flex items-center gap-2">
            {copy?.state === "copied" && (
              <span className="text-xs text-emerald-700" data-testid="copy-status">
                ✓ Link copied
              </span>
            )}
            <button type="button" className={btn.secondary} onClick={clear} disabled={isPending}>
              Clear
            </button>
            <button type="button" className={btn.secondary} onClick={() => void copyLink()} data-testid="copy-link">
              <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.7" aria-hidden>
                <path d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.9.9M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.9-.9" strokeLinecap="round" />
              </svg>
              Copy link
            </button>
            <button
              type="button"
              className={btn.primary}
              onClick={() => evaluate(form)}
              disabled={isPending || restoring}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              data-testid="evaluate"
            >
              {isPending ? <Spinner /> : null}
              {isPending ? "Evaluating…" : "Evaluate"}
              {!isPending && <kbd className="rounded bg-accent-800 px-1 font-sans text-[11px] font-normal">Ctrl ↵</kbd>}
            </button>
          </div>
        </div>
        {copy?.state === "manual" && (
          <div className="mt-2 flex items-center gap-2 text-xs">
            <label htmlFor="share-url" className="shrink-0 text-zinc-600">
              Copy this link:
            </label>
            <input id="share-url" readOnly value={copy.url} className="w-full rounded border border-zinc-300 bg-white px-2 py-1 font-mono" onFocus={(e) => e.target.select()} autoFocus />
            <button type="button" className={btn.small} onClick={() => setCopy(null)}>
              Done
            </button>
          </div>
        )}
      </div>

      <div className="mt-3 flex flex-wrap items-center gap-2" role="group" aria-label="Examples">
        <span className="text-xs font-medium text-zinc-500">Examples</span>
        {EXAMPLES.map((e) => (
          <button
            key={e.id}
            type="button"
            className={`${btn.small} ${example === e.id ? "border-accent-300 bg-accent-50 text-accent-800" : ""}`}
            aria-pressed={example === e.id}
            onClick={() => load(e.form(), e.id)}
            disabled={isPending}
            data-example={e.id}
          >
            {e.title}
          </button>
        ))}
      </div>

      {activeExample && (
        <p className="mt-2 max-w-4xl text-xs text-zinc-600" data-testid="example-note">
          <span className="font-semibold text-zinc-800">{activeExample.title}.</span> {activeExample.description}
        </p>
      )}

      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>

      {alert && (
        <ErrorAlert
          title={alert.title}
          message={alert.message}
          action={alert.target ? { label: `Go to ${alert.targetLabel}`, onClick: () => goTo(form, alert.target!) } : undefined}
          problems={alert.problems}
          onGoTo={(id) => goTo(form, id)}
        />
      )}

      <div className="mt-3 grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
        <form
          aria-label="Evaluation request"
          onSubmit={(e) => {
            e.preventDefault();
            evaluate(form);
          }}
        >
          <EvaluateForm form={form} setForm={setForm} errors={serverErrors} clientErrors={built.errors} open={open} trust={trust} onEdited={onEdited} toggle={(s) => setOpen((o) => {
            const next = new Set(o);
            if (next.has(s)) next.delete(s);
            else next.add(s);
            return next;
          })} />
        </form>

        <div
          ref={resultRef}
          className="min-w-0 scroll-mt-20 lg:sticky lg:top-[4.5rem] lg:max-h-[calc(100vh-5.5rem)] lg:overflow-y-auto lg:pr-1"
          aria-busy={isPending || restoring}
          data-testid="result-panel"
          aria-label="Result"
          role="region"
        >
          {restoring ? (
            <Placeholder text="Opening the shared evaluation…" />
          ) : run ? (
            <ResultPanel run={run} stale={stale && !isPending} onEditPolicy={editPolicy} onAddContextKeys={addContextKeys} />
          ) : isPending ? (
            <Placeholder text="Evaluating…" />
          ) : alert ? (
            <div className="rounded-lg border border-dashed border-red-300 bg-white p-5 text-[13px] text-zinc-700" data-testid="no-result">
              <p className="font-semibold text-zinc-900">No result</p>
              <p className="mt-1">
                {alert.title}: <span className="font-mono text-xs break-words text-red-800">{alert.message}</span>
              </p>
              {alert.target && (
                <button type="button" className={`${btn.small} mt-3`} onClick={() => goTo(form, alert.target!)}>
                  Go to {alert.targetLabel}
                </button>
              )}
            </div>
          ) : (
            <EmptyState onExample={(id) => {
              const e = exampleById(id);
              if (e) load(e.form(), e.id);
            }} />
          )}
        </div>
      </div>
    </div>
  );
}

function Placeholder({ text }: { text: string }) {
  return (
    <div className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-5 text-[13px] text-zinc-600">
      <Spinner />
      {text}
    </div>
  );
}
