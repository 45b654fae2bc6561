"use client";

import { useHealth, type AccountState } from "./useHealth";

const SOURCE_LABEL = { demo: "Demo data", aws: "Live AWS", snapshot: "Snapshot" } as const;

export function SourceBadge() {
  const { data, error, isPending } = useHealth();
  const base = "inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium whitespace-nowrap";
  if (isPending) {
    return (
      <span className={`${base} border-zinc-200 bg-zinc-50 text-zinc-500`} data-testid="source-badge" aria-busy="true">
        <span className="size-1.5 animate-pulse rounded-full bg-zinc-400" aria-hidden />
        Checking data source…
      </span>
    );
  }
  if (error || !data) {
    return (
      <span className={`${base} border-red-200 bg-red-50 text-red-700`} data-testid="source-badge" title={error?.message}>
        <span className="size-1.5 rounded-full bg-red-500" aria-hidden />
        Data source unavailable
      </span>
    );
  }
  if (data.accountStatus && data.accountStatus.length) return <AccountsBadge accounts={data.accountStatus} problems={data.problems} base={base} />;
  const n = data.accounts.length;
  const problems = data.problems.length;
  const dot = data.source === "aws" ? "bg-emerald-500" : data.source === "snapshot" ? "bg-accent-500" : "bg-amber-500";
  return (
    <span
      className={`${base} border-zinc-200 bg-white text-zinc-700`}
      data-testid="source-badge"
      data-source={data.source}
      title={data.accounts.length ? `Accounts: ${data.accounts.join(", ")}` : "No account's IAM data is loaded"}
    >
      <span className={`size-1.5 rounded-full ${dot}`} aria-hidden />
      <span>{SOURCE_LABEL[data.source] ?? data.source}</span>
      <span className="text-zinc-500" aria-hidden>
        ·
      </span>
      <span>
        {n} account{n === 1 ? "" : "s"}
      </span>
      {problems > 0 && (
        <span className="ml-0.5 rounded bg-amber-100 px-1 text-amber-800" title={data.problems.map((p) => `${p.file}: ${p.message}`).join("\n")}>
          {problems} file problem{problems === 1 ? "" : "s"}
        </span>
      )}
    </span>
  );
}

const STATE_STYLE = {
  loaded: { dot: "bg-emerald-500", text: "text-emerald-800", label: "loaded" },
  loading: { dot: "bg-zinc-400 animate-pulse", text: "text-zinc-600", label: "loading…" },
  unreachable: { dot: "bg-red-500", text: "text-red-700", label: "unreachable" },
} as const;

/**
 * Live AWS over several accounts: how many RoleCall can read, at a glance, and each account's
 * state with what to do about an unreachable one — a disclosure, so it opens with the keyboard.
 */
function AccountsBadge({ accounts, problems, base }: { accounts: AccountState[]; problems: { file: string; message: string }[]; base: string }) {
  const loaded = accounts.filter((a) => a.state === "loaded").length;
  const loading = accounts.filter((a) => a.state === "loading").length;
  const unreachable = accounts.filter((a) => a.state === "unreachable").length;
  const tone = unreachable ? "border-red-200 bg-red-50 text-red-800" : loading ? "border-zinc-200 bg-zinc-50 text-zinc-700" : "border-zinc-200 bg-white text-zinc-700";
  return (
    <details className="group relative" data-testid="account-status">
      <summary
        className={`${base} ${tone} cursor-pointer list-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-600 [&::-webkit-details-marker]:hidden`}
        data-testid="source-badge"
        data-source="aws"
        aria-label={`Live AWS: ${loaded} of ${accounts.length} accounts loaded${loading ? `, ${loading} loading` : ""}${unreachable ? `, ${unreachable} unreachable` : ""}. Show each account's state.`}
      >
        <span className={`size-1.5 rounded-full ${unreachable ? "bg-red-500" : loading ? "animate-pulse bg-zinc-400" : "bg-emerald-500"}`} aria-hidden />
        <span>Live AWS</span>
        <span className="opacity-60" aria-hidden>
          ·
        </span>
        <span>
          {loaded} of {accounts.length} account{accounts.length === 1 ? "" : "s"}
        </span>
        {loading > 0 && <span className="rounded bg-zinc-200 px-1 text-zinc-700">{loading} loading</span>}
        {unreachable > 0 && <span className="rounded bg-red-100 px-1 text-red-800">{unreachable} unreachable</span>}
        <span aria-hidden className="text-[10px] opacity-60 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-2 w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-lg" role="region" aria-label="Accounts RoleCall reads">
        <p className="mb-2 text-xs text-zinc-500">
          What the dashboard can see. An unreachable account&apos;s facts are <em>unknown</em>: checks that need them say so instead of guessing.
        </p>
        <ul className="divide-y divide-zinc-100" data-testid="account-status-list">
          {accounts.map((a) => {
            const st = STATE_STYLE[a.state];
            return (
              <li key={a.account} className="py-1.5" data-account={a.account} data-state={a.state}>
                <div className="flex items-center gap-2">
                  <span className={`size-2 shrink-0 rounded-full ${st.dot}`} aria-hidden />
                  <span className="font-mono text-xs text-zinc-800">{a.account}</span>
                  <span className={`text-xs font-medium ${st.text}`}>{st.label}</span>
                </div>
                {a.reason && <p className="mt-0.5 pl-4 text-xs break-words text-red-700">{a.reason}</p>}
              </li>
            );
          })}
        </ul>
        {problems.length > 0 && (
          <ul className="mt-2 border-t border-zinc-100 pt-2 text-xs text-amber-800">
            {problems.map((p, i) => (
              <li key={i}>
                {p.file}: {p.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
