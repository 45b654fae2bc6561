"use client";

// The simulate page: one role, two questions. "What could it do?" (RoleCapabilities) and "act as
// it" (iam-sudo's simulate on a base role). The query string holds the role, the base role, the
// caller and the source profile (never credentials), so that other pages can link here.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { SimulateRequest, SimulateResponse } from "@/lib/api/simulate";
import {
  buildSimulateRequest,
  errorField,
  formSearch,
  needsBaseRole,
  validateForm,
  type SimulateField,
  type SimulateForm,
} from "@/lib/ui/simulate-form";
import { useHealth } from "@/components/shell/useHealth";
import { ActAsRole, IAM_SUDO_EXPLAINED } from "./ActAsRole";
import { ApiCallError, postSimulate, retryTransient, useRoleDetail } from "./api";
import { RoleCapabilities } from "./RoleCapabilities";
import { searchRoles, Typeahead } from "./Typeahead";

const DEMO = {
  role: "arn:aws:iam::111111111111:role/ecs/orders-api-task",
  baseRole: "arn:aws:iam::111111111111:role/power-user",
  caller: "arn:aws:iam::111111111111:user/alice",
};

function firstRequest(initial: SimulateForm): SimulateRequest | null {
  if (!initial.role || Object.keys(validateForm(initial)).length) return null;
  return buildSimulateRequest(initial);
}

export function SimulatePage({ initial }: { initial: SimulateForm }) {
  const [form, setForm] = useState<SimulateForm>(initial);
  const [role, setRole] = useState(initial.role && !validateForm(initial).role ? initial.role : "");
  const [localErrors, setLocalErrors] = useState<Partial<Record<SimulateField, string>>>({});
  const [submitted, setSubmitted] = useState<SimulateRequest | null>(() => firstRequest(initial));
  const health = useHealth();

  const result = useQuery<SimulateResponse, ApiCallError>({
    queryKey: ["simulate-role", submitted],
    queryFn: ({ signal }) => postSimulate(submitted!, signal),
    enabled: !!submitted,
    retry: retryTransient,
  });
  const detail = useRoleDetail(role || null);

  const serverField = result.error && submitted ? errorField(result.error, submitted) : null;
  const errors: Partial<Record<SimulateField, string>> = { ...localErrors };
  // "no base role configured" is a prompt under the field (ActAsRole), not an error
  if (serverField && result.error && !errors[serverField] && !needsBaseRole(result.error)) errors[serverField] = result.error.message;
  const roleError = errors.role ?? (detail.error ? detail.error.message : undefined);

  const current = useMemo(() => buildSimulateRequest(form), [form]);
  const stale = !!submitted && JSON.stringify(current) !== JSON.stringify(submitted);

  // The address bar follows what is on screen, so that a copied link reproduces it.
  useEffect(() => {
    const s = submitted && submitted.role === role ? submitted : null;
    const search = formSearch({ role, baseRole: s?.baseRole, caller: s?.caller, sourceProfile: s?.sourceProfile });
    if (window.location.search !== search) window.history.replaceState(window.history.state, "", `${window.location.pathname}${search}`);
  }, [role, submitted]);

  const setField = (field: SimulateField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setLocalErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  };

  const commitRole = (value: string) => {
    const v = value.trim();
    const err = validateForm({ ...form, role: v, baseRole: "" }).role;
    setLocalErrors((e) => ({ ...e, role: v ? err : undefined }));
    if (!err && v !== role) setRole(v);
    if (!v) setRole("");
  };

  const simulate = (f: SimulateForm = form) => {
    const errs = validateForm(f);
    setLocalErrors(errs);
    if (Object.keys(errs).length) {
      const first = (["role", "baseRole", "caller", "sourceProfile"] as const).find((k) => errs[k]);
      document.getElementById(first === "role" ? "sim-role" : first === "baseRole" ? "sim-base" : first === "caller" ? "sim-caller" : "sim-profile")?.focus();
      return;
    }
    if (f.role.trim() !== role) setRole(f.role.trim());
    setSubmitted(buildSimulateRequest(f));
  };

  const tryDemo = () => {
    const f = { ...DEMO, sourceProfile: "" };
    setForm(f);
    setRole(f.role);
    setLocalErrors({});
    setSubmitted(buildSimulateRequest(f));
  };

  const d = detail.data;
  const onlyServices = d && d.admits.length > 0 && d.admits.every((a) => a === "service");
  const services = d ? [...new Set(d.trustPrincipals.filter((p) => p.kind === "service" && p.effect === "Allow").map((p) => p.value))] : [];

  return (
    <div className="mx-auto max-w-[1600px] px-4 pb-16">
      <header className="pt-5 pb-3">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Simulate</h1>
        <p className="text-[13px] text-zinc-600">What could this role do — and how can I run my code as it, when I may not assume it?</p>
      </header>

      <section className="rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" aria-label="Role">
        <div className="grid gap-x-6 gap-y-3 lg:grid-cols-[minmax(0,36rem)_minmax(0,1fr)]">
          <Typeahead
            id="sim-role"
            label="Role"
            hint="The role to look into and to simulate: search by name, or paste its ARN."
            value={form.role}
            onChange={(v) => setField("role", v)}
            onCommit={commitRole}
            search={searchRoles}
            queryKey="roles"
            placeholder="arn:aws:iam::111111111111:role/ecs/orders-api-task"
            error={roleError}
            testId="role-field"
          />
          <div className="min-w-0 self-end text-[13px]" data-testid="role-summary">
            {d ? (
              <div>
                <p className="flex flex-wrap items-baseline gap-x-2">
                  <span className="font-semibold text-zinc-900">{d.name}</span>
                  <span className="text-xs text-zinc-500">
                    account {d.account}
                    {d.path !== "/" && <> · path {d.path}</>}
                    {d.MaxSessionDuration !== null && <> · sessions up to {Math.round(d.MaxSessionDuration / 3600)} h</>}
                  </span>
                  <Link href={`/roles/${encodeURIComponent(d.arn)}`} className="text-xs font-medium text-accent-700 hover:underline">
                    Role details
                  </Link>
                </p>
                {d.description && <p className="text-xs text-zinc-600">{d.description}</p>}
                {onlyServices && (
                  <p className="mt-1 inline-block rounded-md bg-accent-50 px-2 py-1 text-xs text-accent-900" data-testid="only-services">
                    Only {services.length ? services.join(", ") : "AWS services"} may assume it: to run code as it, simulate it on a base role below.
                  </p>
                )}
              </div>
            ) : !role ? (
              health.data?.source === "demo" ? (
                <p className="text-xs text-zinc-600">
                  New here?{" "}
                  <button type="button" className="font-medium text-accent-700 hover:underline" onClick={tryDemo} data-testid="try-demo">
                    Try the demo: simulate the ECS task role orders-api-task on power-user, as alice
                  </button>
                </p>
              ) : null
            ) : null}
          </div>
        </div>
      </section>

      {!role ? (
        <div className="mt-4 grid gap-4 lg:grid-cols-2" data-testid="page-empty">
          <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-4">
            <h2 className="text-[15px] font-semibold text-zinc-900">What could this role do?</h2>
            <p className="mt-1 text-[13px] text-zinc-700">
              Check any action on any resource against the role&apos;s policies, its permissions boundary and its organization&apos;s SCPs and RCPs; try common
              actions in one click; or list every action it may perform on a resource.
            </p>
          </div>
          <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-4">
            <h2 className="text-[15px] font-semibold text-zinc-900">Act as this role</h2>
            <p className="mt-1 text-[13px] text-zinc-700">{IAM_SUDO_EXPLAINED}</p>
            <p className="mt-1 text-[13px] text-zinc-700">That is how you run code as an ECS task role (or any role only a service may assume) from your own machine.</p>
          </div>
        </div>
      ) : (
        <>
          <nav aria-label="On this page" className="mt-3 flex gap-3 text-xs">
            <a href="#capabilities" className="font-medium text-accent-700 hover:underline">
              What could it do?
            </a>
            <a href="#act-as" className="font-medium text-accent-700 hover:underline">
              Act as it
            </a>
          </nav>
          <section id="capabilities" className="mt-3 scroll-mt-4" aria-labelledby="capabilities-title">
            <h2 id="capabilities-title" className="mb-2 text-[15px] font-semibold text-zinc-900">
              What could this role do?
            </h2>
            {detail.error ? (
              <p className="rounded-lg border border-zinc-200 bg-white p-4 text-[13px] text-zinc-600">Pick a role that exists to see what it may do.</p>
            ) : (
              <RoleCapabilities role={d?.arn ?? role} />
            )}
          </section>
        </>
      )}

      {(role || submitted) && (
        <section id="act-as" className="mt-8 scroll-mt-4" aria-labelledby="act-as-title">
          <h2 id="act-as-title" className="text-[15px] font-semibold text-zinc-900">
            Act as this role — simulate it on a base role
          </h2>
          <p className="mb-2 text-xs text-zinc-500">Like iam-sudo: the role&apos;s policies become session policies on a role you may assume.</p>
          <ActAsRole
            form={form}
            setField={setField}
            errors={errors}
            onSimulate={() => simulate()}
            submitted={submitted}
            result={result}
            stale={stale}
            hasRole={!!role}
          />
        </section>
      )}
    </div>
  );
}

