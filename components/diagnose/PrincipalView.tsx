"use client";

import Link from "next/link";
import { diagnoseHref } from "@/lib/ui/diagnose-form";
import { arnAccount, arnName } from "@/lib/ui/iam-format";
import { btn } from "@/components/ui/buttons";
import { CopyButton } from "@/components/ui/CopyButton";
import { Spinner } from "@/components/ui/Spinner";
import { useAssumable } from "./api";
import { AssumableList } from "./Assumable";
import { Reachable } from "@/components/paths/Reachable";

/** /principals/{arn}: every role with this principal's verdict. */
export function PrincipalView({ arn }: { arn: string }) {
  const { data, error, isPending } = useAssumable(arn);
  const name = arnName(arn);
  const account = arnAccount(arn);
  const allowed = data?.roles.filter((r) => r.verdict === "allowed").length ?? 0;
  return (
    <div className="mx-auto max-w-[1100px] space-y-4 px-4 pb-10">
      <nav aria-label="Breadcrumb" className="pt-2.5 text-xs text-zinc-500">
        <Link href={diagnoseHref(arn)} className="hover:text-accent-700 hover:underline">
          Diagnose
        </Link>
        <span className="mx-1.5" aria-hidden>
          /
        </span>
        <span aria-current="page" className="text-zinc-700">
          What can {name} assume?
        </span>
      </nav>
      <header className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
        <h1 className="text-xl leading-tight font-semibold tracking-tight text-zinc-900">What can {name} assume?</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2">
          <code className="font-mono text-xs break-all text-zinc-600">{arn}</code>
          <CopyButton text={arn} label="Copy the principal ARN">
            Copy ARN
          </CopyButton>
        </p>
        <p className="mt-2 text-[13px] text-zinc-700">
          Every role of the loaded accounts, diagnosed for this caller with default session parameters (no MFA said, no external ID).
          {account ? ` The caller is in account ${account}.` : ""} Open a diagnosis to change the parameters.
        </p>
        {data && (
          <p className="mt-2 text-[13px] font-medium text-zinc-900" data-testid="assumable-summary">
            {allowed === 0 ? "No role is allowed outright." : `${allowed} role${allowed === 1 ? "" : "s"} allowed outright`}, of {data.roles.length}.
          </p>
        )}
      </header>
      <Reachable principal={arn} />
      {isPending ? (
        <p className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white p-5 text-[13px] text-zinc-600">
          <Spinner /> Diagnosing every role…
        </p>
      ) : error ? (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-5 text-red-900">
          <p className="text-[13px] font-semibold">The roles could not be checked</p>
          <p className="mt-1 font-mono text-xs break-all">{error.message}</p>
          <Link href="/" className={`${btn.secondary} mt-3`}>
            Back to Diagnose
          </Link>
        </div>
      ) : (
        <>
          {/* the groups below are h3s */}
          <h2 className="sr-only">Roles by verdict</h2>
          <AssumableList roles={data.roles} />
        </>
      )}
    </div>
  );
}
