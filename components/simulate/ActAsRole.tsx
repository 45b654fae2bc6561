"use client";

// "Act as this role": iam-sudo's simulate. The role's policies become session policies on a base
// role the user may assume; the answer is the caveats, the policies and ready-to-run commands.

import type { UseQueryResult } from "@tanstack/react-query";
import { useEffect, useRef, type FormEvent } from "react";
import type { SimulateRequest, SimulateResponse } from "@/lib/api/simulate";
import { needsBaseRole, sessionLength, type SimulateField, type SimulateForm } from "@/lib/ui/simulate-form";
import { btn, input } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { ApiCallError } from "./api";
import { MintCredentials } from "./MintCredentials";
import { Caveats, DirectBox, PlanDetails, TooLarge } from "./SimulationResult";
import { searchPrincipals, searchRoles, Typeahead } from "./Typeahead";

export const IAM_SUDO_EXPLAINED =
  "Passing the task role's policies as session policies when assuming a broader base role gives a session with the intersection — for most calls, the task role's permissions.";

interface Props {
  form: SimulateForm;
  setField: (field: SimulateField, value: string) => void;
  errors: Partial<Record<SimulateField, string>>;
  onSimulate: () => void;
  submitted: SimulateRequest | null;
  result: UseQueryResult<SimulateResponse, ApiCallError>;
  stale: boolean;
  /** a role is picked at the top of the page */
  hasRole: boolean;
}

const nameOf = (arn: string) => arn.split("/").pop() ?? arn;

export function ActAsRole({ form, setField, errors, onSimulate, submitted, result, stale, hasRole }: Props) {
  // The Simulate button is disabled while it works, which drops focus to <body>: once the answer
  // is in, focus goes to it (the summary, or the error), where a screen reader reads it.
  const focusAnswer = useRef(false);
  const answer = useRef<HTMLParagraphElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    focusAnswer.current = true;
    onSimulate();
  };
  const err = result.error;
  useEffect(() => {
    if (!focusAnswer.current || result.isFetching) return;
    const el = answer.current ?? document.querySelector<HTMLElement>('[data-testid="simulate-error"], [data-testid="too-large"] [role="alert"]');
    // a field error already took focus (validation); otherwise the answer
    if (el && (document.activeElement === document.body || document.activeElement === null)) el.focus();
    focusAnswer.current = false;
  }, [result.isFetching, result.data, result.error]);
  const baseMissing = err ? needsBaseRole(err) : false;
  const plan = result.data;
  const usedDefaultBase = !!plan && !!submitted && !submitted.baseRole;

  return (
    <div className="space-y-4">
      <form className="rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" onSubmit={submit} noValidate aria-label="Simulation">
        <div className="grid gap-3 lg:grid-cols-[minmax(0,1.3fr)_minmax(0,1.3fr)_minmax(0,0.6fr)_auto] lg:items-start">
          <Typeahead
            id="sim-base"
            label="Base role"
            hint="A broader role you may assume."
            value={form.baseRole}
            onChange={(v) => setField("baseRole", v)}
            search={searchRoles}
            queryKey="roles"
            placeholder="arn:aws:iam::111111111111:role/power-user"
            error={errors.baseRole}
            prompt={baseMissing ? "No base role is configured on this server: pick a broader role you may assume, e.g. a power-user or developer role." : null}
            note={usedDefaultBase && plan ? <>Empty: the server&apos;s configured base role, {nameOf(plan.baseRole)}.</> : plan?.minting.enabled ? "Leave empty for the server's configured base role." : null}
            testId="base-field"
          />
          <Typeahead
            id="sim-caller"
            label={
              <>
                Caller <span className="font-normal text-zinc-500">(optional)</span>
              </>
            }
            hint="Who will assume the base role: for the caveats."
            value={form.caller}
            onChange={(v) => setField("caller", v)}
            search={searchPrincipals}
            queryKey="principals"
            placeholder="arn:aws:iam::111111111111:user/alice"
            error={errors.caller}
            testId="caller-field"
          />
          <div>
            <label htmlFor="sim-profile" className="block text-xs font-medium text-zinc-700">
              Source profile <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            <p className="text-xs text-zinc-500">Your CLI profile.</p>
            <input
              id="sim-profile"
              className={`${input} mt-1 font-mono`}
              value={form.sourceProfile}
              onChange={(e) => setField("sourceProfile", e.target.value)}
              placeholder="default"
              aria-invalid={errors.sourceProfile ? true : undefined}
              aria-describedby={errors.sourceProfile ? "sim-profile-error" : undefined}
              spellCheck={false}
              autoCapitalize="off"
            />
            {errors.sourceProfile && (
              <p id="sim-profile-error" className="mt-1 text-xs text-red-700" data-testid="field-error">
                {errors.sourceProfile}
              </p>
            )}
          </div>
          <div className="lg:pt-[2.3rem]">
            <button type="submit" className={`${btn.primary} w-full`} disabled={result.isFetching} data-testid="simulate">
              {result.isFetching && <Spinner />}
              {result.isFetching ? "Simulating…" : "Simulate"}
            </button>
          </div>
        </div>
        {errors.role && !hasRole && <p className="mt-2 text-xs text-red-700">{errors.role} (at the top of the page)</p>}
      </form>

      {!submitted && (
        <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-4" data-testid="simulate-empty">
          <p className="text-[13px] font-medium text-zinc-800">{IAM_SUDO_EXPLAINED}</p>
          <p className="mt-1 text-[13px] text-zinc-700">
            Pick a base role you may assume and simulate: RoleCall builds those session policies, lists what still differs from the real role, and gives the
            commands to get the session.
          </p>
        </div>
      )}

      {submitted && result.isPending && (
        <p className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-4 text-[13px] text-zinc-600" data-testid="simulate-loading">
          <Spinner /> Building the session policies and checking what differs…
        </p>
      )}

      {err && err.code === "policy_too_large" && (
        <TooLarge message={err.message} caveats={Array.isArray(err.body.caveats) ? err.body.caveats.filter((c): c is string => typeof c === "string") : []} />
      )}
      {err && err.code !== "policy_too_large" && !baseMissing && !errors.role && !errors.baseRole && !errors.caller && !errors.sourceProfile && (
        <p role="alert" tabIndex={-1} className="rounded-lg border border-red-200 bg-red-50 p-3 text-[13px] text-red-800" data-testid="simulate-error">
          {err.message}
        </p>
      )}

      {plan && submitted && (
        <div className={`space-y-4 transition-opacity ${stale ? "opacity-70" : ""}`} data-testid="simulation">
          {stale && (
            <p className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-xs text-zinc-600" data-testid="simulate-stale">
              The inputs changed since this simulation: simulate again to update it.
            </p>
          )}
          <p ref={answer} tabIndex={-1} className="text-[13px] text-zinc-700 outline-none" data-testid="simulation-summary">
            <strong className="font-semibold text-zinc-900">{nameOf(plan.role)}</strong> simulated on <strong className="font-semibold text-zinc-900">{nameOf(plan.baseRole)}</strong>
            {" · "}session name <code className="font-mono text-xs">{plan.roleSessionName}</code>
            {plan.maxDurationSeconds !== null && (
              <>
                {" · "}
                {nameOf(plan.baseRole)} allows sessions of up to {sessionLength(plan.maxDurationSeconds)}
              </>
            )}
          </p>
          <DirectBox plan={plan} />
          <Caveats caveats={plan.caveats} />
          <PlanDetails plan={plan} />
          <MintCredentials key={JSON.stringify(submitted)} request={submitted} plan={plan} stale={stale} />
        </div>
      )}
    </div>
  );
}
