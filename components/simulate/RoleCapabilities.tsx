"use client";

// "What could this role do?" for one role: check any action on any resource against the role's
// own policies (POST /api/check with the role as principal), common actions in one click, and
// every action of a resource's service that the role may perform on it. Self-contained: it runs
// its own queries, so that other pages (a role's detail page) can embed it with just an ARN.

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import type { CheckRequest } from "@/lib/api/diagnose";
import {
  COMMON_ACTIONS,
  contextKeyRow,
  contextObject,
  groupAllowed,
  serviceOf,
  suggestAll,
  suggestResource,
  type ContextKeyRow,
} from "@/lib/ui/role-capabilities";
import { btn, input } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { ApiCallError, getRoleActions, postCheck, retryTransient, useRoleDetail } from "./api";
import { CheckResultView } from "./CheckResultView";
import { ContextKeys, contextValueId } from "./ContextKeys";

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/;
const RESOURCE = /^(\*|arn:[^:]+:[^:]+:[^:]*:[^:]*:.+)$/;

export function RoleCapabilities({ role }: { role: string }) {
  // a new role starts afresh: no result of another role stays on screen
  return <Capabilities key={role} role={role} />;
}

type CheckField = "action" | "resource" | "context" | "principal";

function fieldOf(err: unknown): CheckField | null {
  if (!(err instanceof ApiCallError)) return null;
  const head = err.issues[0]?.path[0];
  return head === "action" || head === "resource" || head === "context" || head === "principal" ? head : null;
}

function Capabilities({ role }: { role: string }) {
  const uid = useId();
  const detail = useRoleDetail(role);
  const principal = detail.data?.arn ?? null;
  const docs = useMemo(
    () => (detail.data ? [...detail.data.inlinePolicies.map((p) => p.document), ...detail.data.managedPolicies.map((p) => p.document)] : []),
    [detail.data],
  );
  const suggestions = useMemo(() => (principal ? suggestAll(principal, docs) : []), [principal, docs]);

  const [action, setAction] = useState("s3:GetObject");
  // null: follow the suggestion for the action, until the user types a resource
  const [typedResource, setTypedResource] = useState<string | null>(null);
  const suggested = principal && ACTION.test(action.trim()) ? suggestResource(action.trim(), principal, docs) : null;
  const resource = typedResource ?? suggested?.resource ?? "";
  const [rows, setRows] = useState<ContextKeyRow[]>([]);
  const [localErrors, setLocalErrors] = useState<Partial<Record<CheckField, string>>>({});
  const [checked, setChecked] = useState<CheckRequest | null>(null);
  const focusRow = useRef<string | null>(null);

  const check = useQuery({
    queryKey: ["role-check", checked],
    queryFn: ({ signal }) => postCheck(checked!, signal),
    enabled: !!checked,
    retry: retryTransient,
    staleTime: 30_000,
  });

  const context = contextObject(rows);
  const build = (a: string, r: string): CheckRequest | null => {
    const errors: Partial<Record<CheckField, string>> = {};
    if (!ACTION.test(a)) errors.action = 'An action such as "s3:GetObject": service prefix, colon, name (no wildcards).';
    if (!RESOURCE.test(r)) errors.resource = 'An ARN (arn:aws:s3:::bucket/key) or "*" for actions that take no resource.';
    setLocalErrors(errors);
    if (Object.keys(errors).length || !principal) return null;
    return { principal, action: a, resource: r, ...(Object.keys(context).length ? { context } : {}) };
  };
  const run = (a = action.trim(), r = resource.trim()) => {
    const req = build(a, r);
    if (req) setChecked(req);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run();
  };
  const tryAction = (a: string) => {
    setAction(a);
    setTypedResource(null);
    const r = principal ? suggestResource(a, principal, docs).resource : "";
    run(a, r);
  };

  const addKeys = (keys: string[]) => {
    const have = new Set(rows.map((r) => r.key.trim()));
    const added = keys.filter((k) => !have.has(k)).map((k) => contextKeyRow(k, ""));
    if (!added.length) return;
    setRows((rs) => [...rs, ...added]);
    focusRow.current = contextValueId(added[0]!);
  };
  useEffect(() => {
    if (!focusRow.current) return;
    document.getElementById(focusRow.current)?.focus();
    focusRow.current = null;
  });

  const serverField = fieldOf(check.error);
  const errorFor = (f: CheckField) => localErrors[f] ?? (serverField === f && check.error ? check.error.message : undefined);
  const current: CheckRequest | null = principal ? { principal, action: action.trim(), resource: resource.trim(), ...(Object.keys(context).length ? { context } : {}) } : null;
  const stale = !!checked && !!check.data && JSON.stringify(current) !== JSON.stringify(checked);

  if (detail.isPending) {
    return (
      <p className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-4 text-[13px] text-zinc-600" data-testid="capabilities-loading">
        <Spinner /> Reading the role&apos;s policies…
      </p>
    );
  }
  if (detail.error) {
    return (
      <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-[13px] text-red-800" data-testid="capabilities-error">
        {detail.error.message}
      </p>
    );
  }

  const inPolicies = new Set(suggestions.filter((s) => s.inPolicies).map((s) => s.action));
  const actionErr = errorFor("action");
  const resourceErr = errorFor("resource");
  const generalError = check.error && !serverField ? check.error.message : serverField === "principal" || serverField === "context" ? check.error?.message : null;

  return (
    <div className="@container" data-testid="role-capabilities" data-role={principal ?? role}>
      <div className="grid gap-4 @4xl:grid-cols-[minmax(0,1.15fr)_minmax(0,1fr)]">
        <section className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs @4xl:sticky @4xl:top-3 @4xl:self-start" aria-labelledby={`${uid}-check`}>
          <h3 id={`${uid}-check`} className="text-[13px] font-semibold text-zinc-900">
            Check an action
          </h3>
          <p className="text-xs text-zinc-500">Against the role&apos;s own policies, its permissions boundary and its account&apos;s SCPs and RCPs.</p>
          <form className="mt-2.5 space-y-2" onSubmit={submit} noValidate>
            <div className="grid gap-2 @lg:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
              <div>
                <label htmlFor={`${uid}-action`} className="block text-xs font-medium text-zinc-700">
                  Action
                </label>
                <input
                  id={`${uid}-action`}
                  className={`${input} mt-1 font-mono`}
                  value={action}
                  list={`${uid}-actions`}
                  onChange={(e) => setAction(e.target.value)}
                  placeholder="s3:GetObject"
                  aria-invalid={actionErr ? true : undefined}
                  aria-describedby={actionErr ? `${uid}-action-err` : undefined}
                  spellCheck={false}
                  autoCapitalize="off"
                  data-testid="check-action"
                />
                <datalist id={`${uid}-actions`}>
                  {COMMON_ACTIONS.map((a) => (
                    <option key={a} value={a} />
                  ))}
                </datalist>
                {actionErr && (
                  <p id={`${uid}-action-err`} className="mt-1 text-xs text-red-700" data-testid="field-error">
                    {actionErr}
                  </p>
                )}
              </div>
              <div>
                <label htmlFor={`${uid}-resource`} className="block text-xs font-medium text-zinc-700">
                  Resource
                </label>
                <input
                  id={`${uid}-resource`}
                  className={`${input} mt-1 font-mono`}
                  value={resource}
                  onChange={(e) => setTypedResource(e.target.value)}
                  placeholder="arn:aws:s3:::my-bucket/my-key, or *"
                  aria-invalid={resourceErr ? true : undefined}
                  aria-describedby={resourceErr ? `${uid}-resource-err` : typedResource === null && suggested ? `${uid}-resource-note` : undefined}
                  spellCheck={false}
                  autoCapitalize="off"
                  data-testid="check-resource"
                />
                {resourceErr ? (
                  <p id={`${uid}-resource-err`} className="mt-1 text-xs text-red-700" data-testid="field-error">
                    {resourceErr}
                  </p>
                ) : (
                  typedResource === null &&
                  suggested && (
                    <p id={`${uid}-resource-note`} className="mt-1 text-xs text-zinc-500">
                      {suggested.fromPolicies ? "Taken from the role's policies." : "An example: the role's policies name none for this action."}
                    </p>
                  )
                )}
              </div>
            </div>
            <fieldset>
              <legend className="text-xs font-medium text-zinc-700">
                Context keys <span className="font-normal text-zinc-500">(condition values of the request: region, source IP, tags…)</span>
              </legend>
              <div className="mt-1">
                <ContextKeys rows={rows} onChange={setRows} onSubmit={() => run()} />
              </div>
            </fieldset>
            <div className="flex items-center gap-2 pt-1">
              <button type="submit" className={btn.primary} disabled={check.isFetching} data-testid="check-submit">
                {check.isFetching && <Spinner />}
                {check.isFetching ? "Checking…" : "Check"}
              </button>
            </div>
          </form>

          <div className="mt-3 border-t border-zinc-100 pt-2.5" role="group" aria-label="Common actions">
            <p className="text-xs font-medium text-zinc-700">
              Try a common action <span className="font-normal text-zinc-500">— one click checks it on a resource from the role&apos;s policies where they name one</span>
            </p>
            <ul className="mt-1.5 flex flex-wrap gap-1">
              {COMMON_ACTIONS.map((a) => {
                const s = suggestions.find((x) => x.action === a);
                const mentioned = inPolicies.has(a);
                const active = checked?.action === a;
                return (
                  <li key={a}>
                    <button
                      type="button"
                      className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 font-mono text-[11.5px] transition-colors ${
                        active ? "border-accent-400 bg-accent-50 text-accent-800" : mentioned ? "border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50" : "border-zinc-200 bg-zinc-50 text-zinc-600 hover:bg-white"
                      }`}
                      title={s ? `${a} on ${s.resource}` : a}
                      onClick={() => tryAction(a)}
                      data-action={a}
                      data-testid="common-action"
                    >
                      {mentioned && <span className="size-1.5 rounded-full bg-accent-500" aria-label="named in the role's policies" />}
                      {a}
                    </button>
                  </li>
                );
              })}
            </ul>
            <p className="mt-1 flex items-center gap-1 text-[11px] text-zinc-500">
              <span className="size-1.5 rounded-full bg-accent-500" aria-hidden /> named in the role&apos;s policies
            </p>
          </div>
        </section>

        <div className="min-w-0">
          {!checked && (
            <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-4 text-[13px] text-zinc-600" data-testid="check-empty">
              <p className="font-medium text-zinc-800">Pick an action to see whether this role may do it.</p>
              <p className="mt-1 text-xs">
                The decision comes with the statement that decided it, highlighted in its policy. Keys that the decision depends on (a region, a source IP) are
                named, so that you can give them and check again. Resource policies (bucket, key and queue policies) are not read: only the role&apos;s side and
                its organization&apos;s policies are.
              </p>
            </div>
          )}
          {checked && check.isPending && (
            <p className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-4 text-[13px] text-zinc-600">
              <Spinner /> Checking {checked.action}…
            </p>
          )}
          {generalError && (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-[13px] text-red-800" data-testid="check-error">
              {generalError}
            </p>
          )}
          {checked && check.data && (
            <CheckResultView request={checked} result={check.data} contextKeys={rows.map((r) => r.key.trim())} onAddKeys={addKeys} stale={stale} />
          )}
        </div>
      </div>

      <ActionsOnResource
        role={principal ?? role}
        context={context}
        resources={[...new Set(suggestions.filter((s) => s.fromPolicies && s.resource !== "*").map((s) => s.resource))]}
        onCheck={(a, r) => {
          setAction(a);
          setTypedResource(r);
          run(a, r);
        }}
      />
    </div>
  );
}

const SHOW = 30;

function ActionsOnResource({ role, context, resources, onCheck }: { role: string; context: Record<string, string>; resources: string[]; onCheck: (action: string, resource: string) => void }) {
  const uid = useId();
  const [text, setText] = useState("");
  const [asked, setAsked] = useState<{ resource: string; context: Record<string, string> } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const q = useQuery({
    queryKey: ["role-actions", role, asked],
    queryFn: ({ signal }) => getRoleActions(role, asked!.resource, asked!.context, signal),
    enabled: !!asked,
    retry: retryTransient,
    staleTime: 60_000,
  });
  const list = (r: string) => {
    const v = r.trim();
    if (!serviceOf(v)) {
      setLocalError("An ARN: its service decides which actions are tried, e.g. arn:aws:s3:::my-bucket/my-key.");
      return;
    }
    setLocalError(null);
    setText(v);
    setExpanded(new Set());
    setAsked({ resource: v, context });
  };
  const groups = useMemo(() => (q.data ? groupAllowed(q.data.allowed) : []), [q.data]);
  const error = localError ?? (q.error ? q.error.message : null);
  const contextChanged = !!asked && JSON.stringify(asked.context) !== JSON.stringify(context);

  return (
    <section className="mt-4 rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" aria-labelledby={`${uid}-title`} data-testid="actions-on-resource">
      <h3 id={`${uid}-title`} className="text-[13px] font-semibold text-zinc-900">
        What may it do on this resource?
      </h3>
      <p className="text-xs text-zinc-500">Every action of the resource&apos;s service, checked against the role&apos;s policies (with the context keys above).</p>
      <form
        className="mt-2.5 flex flex-wrap items-start gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          list(text);
        }}
        noValidate
      >
        <div className="min-w-0 flex-1 basis-96">
          <label htmlFor={`${uid}-res`} className="sr-only">
            Resource ARN
          </label>
          <input
            id={`${uid}-res`}
            className={`${input} font-mono`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={resources[0] ?? "arn:aws:s3:::my-bucket/my-key"}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${uid}-err` : undefined}
            spellCheck={false}
            autoCapitalize="off"
            data-testid="actions-resource"
          />
          {error && (
            <p id={`${uid}-err`} className="mt-1 text-xs text-red-700" data-testid="field-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit" className={btn.secondary} disabled={q.isFetching} data-testid="actions-submit">
          {q.isFetching && <Spinner />}
          List allowed actions
        </button>
      </form>
      {resources.length > 0 && (
        <p className="mt-1.5 flex flex-wrap items-center gap-1 text-xs text-zinc-500">
          From its policies:
          {resources.slice(0, 6).map((r) => (
            <button key={r} type="button" className={`${btn.small} font-mono font-normal`} onClick={() => list(r)}>
              {r}
            </button>
          ))}
        </p>
      )}

      {asked && q.isPending && (
        <p className="mt-3 flex items-center gap-2 text-[13px] text-zinc-600">
          <Spinner /> Checking every {serviceOf(asked.resource)} action…
        </p>
      )}
      {q.data && asked && (
        <div className="mt-3" data-testid="actions-result">
          <p className="text-[13px] text-zinc-800" data-testid="actions-count">
            <strong className="font-semibold">
              {groups.find((g) => !g.dependsOn.length)?.actions.length ?? 0} of {q.data.evaluated}
            </strong>{" "}
            actions of service <code className="font-mono">{q.data.service}</code> evaluated are allowed on <code className="font-mono break-all">{asked.resource}</code>
            {groups.some((g) => g.dependsOn.length) && (
              <span className="text-amber-900">
                ; {q.data.allowed.filter((a) => a.dependsOn.length).length} more may be, depending on context keys
              </span>
            )}
            .
          </p>
          {contextChanged && <p className="mt-1 text-xs text-amber-800">The context keys changed since this list: list again to use them.</p>}
          {q.data.evaluated === 0 && (
            <p className="mt-2 text-xs text-zinc-600">RoleCall&apos;s action catalogue does not know the service &ldquo;{q.data.service}&rdquo;: nothing was tried.</p>
          )}
          {q.data.evaluated > 0 && groups.length === 0 && (
            <p className="mt-2 rounded-md border border-dashed border-zinc-300 p-2.5 text-xs text-zinc-600" data-testid="actions-none">
              None: the role may not perform any {q.data.service} action on this resource.
            </p>
          )}
          {groups.map((g) => {
            const id = g.dependsOn.join(",");
            const open = expanded.has(id) || g.actions.length <= SHOW;
            return (
              <div key={id} className="mt-2.5" data-testid="actions-group" data-depends-on={id}>
                <h4 className={`text-xs font-medium ${g.dependsOn.length ? "text-amber-900" : "text-emerald-800"}`}>
                  {g.dependsOn.length ? (
                    <>
                      Allowed or not depending on {g.dependsOn.map((k) => <code key={k} className="mr-1 rounded bg-amber-100 px-1">{k}</code>)}({g.actions.length})
                      {g.dependsOn.every((k) => !(k in asked.context)) && <span className="font-normal text-zinc-600"> — add {g.dependsOn.length === 1 ? "it" : "them"} to the context keys above and list again</span>}
                    </>
                  ) : (
                    <>Allowed ({g.actions.length})</>
                  )}
                </h4>
                <ul className="mt-1 flex flex-wrap gap-1">
                  {(open ? g.actions : g.actions.slice(0, SHOW)).map((a) => (
                    <li key={a}>
                      <button
                        type="button"
                        className={`rounded border px-1.5 py-px font-mono text-[11.5px] hover:underline ${
                          g.dependsOn.length ? "border-amber-200 bg-amber-50 text-amber-950" : "border-emerald-200 bg-emerald-50 text-emerald-900"
                        }`}
                        title={`Check ${a} on ${asked.resource}`}
                        onClick={() => onCheck(a, asked.resource)}
                        data-testid="allowed-action"
                      >
                        {a}
                      </button>
                    </li>
                  ))}
                  {!open && (
                    <li>
                      <button type="button" className={btn.link} onClick={() => setExpanded((s) => new Set(s).add(id))}>
                        Show all {g.actions.length}
                      </button>
                    </li>
                  )}
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
