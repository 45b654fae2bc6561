import "server-only";
// The account model of the configured source, loaded once per process and shared.

import path from "node:path";
import { sourceConfig } from "@/lib/config";
import { appRoot } from "@/lib/config/app-root";
import { AccountModel } from "./model";
import { loadSnapshot } from "./snapshot";

export { AccountModel } from "./model";
export type * from "./model";

/** The embedded demo snapshot. */
export function demoDir(): string {
  return path.join(appRoot(), "data", "demo");
}

let cached: Promise<AccountModel> | undefined;

async function load(): Promise<AccountModel> {
  const cfg = await sourceConfig();
  switch (cfg.source) {
    case "demo":
      return loadSnapshot(demoDir());
    case "snapshot":
      return loadSnapshot(cfg.snapshotDir!);
    case "aws": {
      const { loadAwsModel } = await import("./aws-org");
      return loadAwsModel();
    }
  }
}

/** The model; a failed load is not cached, so the next request tries again. */
export function getModel(): Promise<AccountModel> {
  if (!cached) {
    cached = load();
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}
