"use client";

import { useHealth } from "./useHealth";

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
