"use client";

import { useHealth } from "./useHealth";

export function DemoBanner() {
  const { data } = useHealth();
  if (data?.source !== "demo") return null;
  return (
    <div role="note" data-testid="demo-banner" className="border-t border-amber-200 bg-amber-50 text-amber-900">
      <p className="mx-auto max-w-[1600px] px-4 py-1.5 text-xs">
        You are looking at demo data. Set <code className="rounded bg-amber-100 px-1">ROLECALL_SOURCE=aws</code> (with AWS credentials) or{" "}
        <code className="rounded bg-amber-100 px-1">ROLECALL_SNAPSHOT_DIR</code> to use your own account.
      </p>
    </div>
  );
}
