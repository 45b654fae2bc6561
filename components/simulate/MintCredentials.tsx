"use client";

// "Get credentials now": one POST with mint: true, never retried, never cached. The credentials
// live only in this component's mutation state: not in the URL, not in storage, gone on Hide,
// on a new simulation, when the page is left (unmount or pagehide).

import { useMutation } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";
import type { SimulateRequest, SimulateResponse } from "@/lib/api/simulate";
import { credentialExports, credentialProcessJson, credentialsFile, credentialsProfileName, maskSecrets, timeLeft, type Credentials } from "@/lib/ui/simulate-form";
import { btn } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import { postSimulate } from "./api";
import { CodeBlock } from "./CodeBlock";

interface Props {
  /** the request the plan on screen answered (without mint) */
  request: SimulateRequest;
  plan: SimulateResponse;
  /** the inputs changed since the plan: minting would not match what is shown */
  stale: boolean;
}

export function MintCredentials({ request, plan, stale }: Props) {
  const mint = useMutation({
    mutationFn: (req: SimulateRequest) => postSimulate({ ...req, mint: true }),
    // a mint is recorded and creates a session: never send it twice on its own
    retry: 0,
    // nothing of it stays in the mutation cache once this component is gone
    gcTime: 0,
  });
  const reset = useEffectEvent(() => mint.reset());
  useEffect(() => {
    const onHide = () => reset();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      reset();
    };
  }, []);

  const creds = mint.data?.credentials;
  const enabled = plan.minting.enabled && !stale;

  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3.5 shadow-xs" aria-labelledby="mint-title" data-testid="mint">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1">
          <h3 id="mint-title" className="text-[13px] font-semibold text-zinc-900">
            Or let RoleCall get the credentials
          </h3>
          <p className="text-xs text-zinc-500">RoleCall assumes the base role with these session policies and shows the credentials once.</p>
        </div>
        <button
          type="button"
          className={btn.primary}
          disabled={!enabled || mint.isPending || !!creds}
          onClick={() => mint.mutate(request)}
          data-testid="mint-button"
          aria-describedby={!plan.minting.enabled ? "mint-reason" : undefined}
        >
          {mint.isPending && <Spinner />}
          {mint.isPending ? "Getting credentials…" : "Get credentials now"}
        </button>
      </div>
      {!plan.minting.enabled && plan.minting.reason && (
        <p id="mint-reason" className="mt-2 rounded-md bg-zinc-50 px-2.5 py-1.5 text-xs text-zinc-700" data-testid="mint-reason">
          {plan.minting.reason}
        </p>
      )}
      {plan.minting.enabled && stale && !creds && <p className="mt-2 text-xs text-zinc-600">Simulate again first: the inputs changed since these commands.</p>}
      {plan.minting.enabled && !creds && !mint.error && (
        <p className="mt-2 text-xs text-zinc-500">Each use is recorded in RoleCall&apos;s audit log, with the role session name {plan.roleSessionName}, so that CloudTrail ties the session back to it.</p>
      )}
      {mint.error && (
        <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-[13px] text-red-800" data-testid="mint-error">
          {mint.error.message}
        </p>
      )}
      {creds && <CredentialsPanel creds={creds} role={plan.role} onHide={() => mint.reset()} />}
    </section>
  );
}

function CredentialsPanel({ creds, role, onHide }: { creds: Credentials; role: string; onHide: () => void }) {
  const [reveal, setReveal] = useState(false);
  const exports = credentialExports(creds);
  const file = credentialsFile(creds, role);
  const json = credentialProcessJson(creds);
  const show = (text: string) => (reveal ? text : maskSecrets(text, creds));
  const expires = new Date(creds.Expiration);
  return (
    <div className="mt-3 rounded-lg border-2 border-accent-300 bg-accent-50/40 p-3" data-testid="credentials" aria-label="Credentials">
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <h4 className="text-[13px] font-semibold text-zinc-900">Temporary credentials — shown once</h4>
          <p className="text-xs text-zinc-600">
            Access key <code className="font-mono">{creds.AccessKeyId}</code>, valid until{" "}
            <time dateTime={creds.Expiration} data-testid="credentials-expiration">
              {Number.isNaN(expires.getTime()) ? creds.Expiration : expires.toLocaleString()}
            </time>{" "}
            ({timeLeft(creds.Expiration)}). RoleCall keeps no copy: copy what you need, then hide them.
          </p>
        </div>
        <button type="button" className={btn.small} onClick={() => setReveal((v) => !v)} aria-pressed={reveal}>
          {reveal ? "Mask secrets" : "Show secrets"}
        </button>
        <button type="button" className={btn.secondary} onClick={onHide} data-testid="credentials-hide">
          Hide
        </button>
      </div>
      <div className="mt-2.5 space-y-3">
        <CodeBlock title="Environment exports" hint="Paste into a shell." code={exports} display={show(exports)} wrap testId="credentials-exports" />
        <CodeBlock
          title="Credentials file"
          hint={
            <>
              Append to <code>~/.aws/credentials</code>, then use <code>--profile {credentialsProfileName(role)}</code>.
            </>
          }
          code={file}
          display={show(file)}
          wrap
          testId="credentials-file"
        />
        <CodeBlock title="credential_process JSON" hint="What a credential_process command prints." code={json} display={show(json)} wrap testId="credentials-json" />
      </div>
    </div>
  );
}
