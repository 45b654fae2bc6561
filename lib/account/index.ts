import "server-only";
// The account model of the configured source, loaded once per process and shared.

import path from "node:path";
import { sourceConfig } from "@/lib/config";
import { AccountModel } from "./model";
import { loadSnapshot } from "./snapshot";

export { AccountModel } from "./model";
export type * from "./model";

export const DEMO_DIR = path.join(process.cwd(), "data", "demo");

let cached: Promise<AccountModel> | undefined;

async function load(): Promise<AccountModel> {
  const cfg = await sourceConfig();
  switch (cfg.source) {
    case "demo":
      return loadSnapshot(DEMO_DIR);
    case "snapshot":
      return loadSnapshot(cfg.snapshotDir!);
    case "aws": {
      const { loadAwsModel } = await import("./aws");
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
