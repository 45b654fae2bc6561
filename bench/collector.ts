// The collector's own work (issue 12): `rolecall snapshot` over 2, 4 and 8 accounts of moto's
// Organizations, each with the same IAM (roles with inline and managed policies, users in groups).
// What is measured is the collector process's CPU time — parsing, merging, decoding and writing —
// not AWS's latency (moto runs in its own process and its CPU is not counted). Linear in the
// accounts means the CPU per account stays flat as the accounts double.
//
//   npx tsx bench/collector.ts [--quick]      (needs moto: python3 -m moto.server)

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as iam from "@aws-sdk/client-iam";
import * as orgs from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { ROOT } from "./bundle";
import { fixed, table } from "./table";
import { hasMoto, startMoto } from "../lib/testing/moto";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.AWS_EC2_METADATA_DISABLED = "true";

const ADMIN = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const doc = (s: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: s });

async function seed(endpoint: string, accounts: number, roles: number, users: number): Promise<string[]> {
  const cfg = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = ADMIN) => ({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  const org = new orgs.OrganizationsClient(cfg());
  const sts = new STSClient(cfg());
  await org.send(new orgs.CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const ids: string[] = [];
  for (let a = 0; a < accounts; a++) {
    const id = (await org.send(new orgs.CreateAccountCommand({ AccountName: `acct-${a}`, Email: `a${a}@example.com` }))).CreateAccountStatus!.AccountId!;
    ids.push(id);
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`, RoleSessionName: "seed" }))).Credentials!;
    const client = new iam.IAMClient(cfg({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }));
    const managed = (await client.send(new iam.CreatePolicyCommand({ PolicyName: "shared", PolicyDocument: doc([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]) }))).Policy!.Arn!;
    await client.send(new iam.CreateGroupCommand({ GroupName: "devs" }));
    const jobs: Promise<unknown>[] = [];
    for (let r = 0; r < roles; r++) {
      jobs.push(
        (async () => {
          const name = `role-${r}`;
          await client.send(new iam.CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]) }));
          await client.send(new iam.PutRolePolicyCommand({ RoleName: name, PolicyName: "inline", PolicyDocument: doc([{ Effect: "Allow", Action: ["s3:*", "dynamodb:GetItem"], Resource: `arn:aws:s3:::bucket-${r}/*` }]) }));
          await client.send(new iam.AttachRolePolicyCommand({ RoleName: name, PolicyArn: managed }));
        })(),
      );
      if (jobs.length >= 8) await Promise.all(jobs.splice(0));
    }
    for (let u = 0; u < users; u++) {
      jobs.push(
        (async () => {
          await client.send(new iam.CreateUserCommand({ UserName: `user-${u}` }));
          await client.send(new iam.AddUserToGroupCommand({ GroupName: "devs", UserName: `user-${u}` }));
          await client.send(new iam.PutUserPolicyCommand({ UserName: `user-${u}`, PolicyName: "assume", PolicyDocument: doc([{ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${id}:role/role-*` }]) }));
        })(),
      );
      if (jobs.length >= 8) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
    client.destroy();
  }
  org.destroy();
  sts.destroy();
  return ids;
}

export async function runCollectorBench(argv: string[], log: (l: string) => void = (l) => console.log(l)): Promise<void> {
  if (argv.includes("--workload") || argv.includes("--help") || argv.includes("-h")) return;
  log("");
  log("# rolecall snapshot: the collector's own work");
  log("");
  if (!hasMoto) {
    log("moto is not installed for python3 (pip install 'moto[server]'): skipped");
    return;
  }
  const quick = argv.includes("--quick");
  const [roles, users] = quick ? [40, 20] : [150, 50];
  const scales = quick ? [1, 2, 4] : [2, 4, 8];
  const moto = await startMoto();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "rolecall-collector-bench-"));
  try {
    const t0 = performance.now();
    const ids = await seed(moto.url, Math.max(...scales), roles, users);
    log(`node ${process.version} · load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} · moto ${moto.url} (its own process: its CPU is not counted) · each account: ${roles} roles (inline + managed policy), ${users} users in a group; seeded in ${fixed((performance.now() - t0) / 1000, 1)} s`);
    log("");
    const tsx = pathToFileURL(createRequire(path.join(ROOT, "package.json")).resolve("tsx")).href;
    const rows: string[][] = [];
    let first: number | undefined;
    let prev: { k: number; cpuMs: number } | undefined;
    for (const k of scales) {
      const samples: Array<{ cpuMs: number; wallMs: number; calls: number }> = [];
      for (let run = 0; run < 3; run++) {
        const out = path.join(tmp, `k${k}-${run}`);
        const line = execFileSync(process.execPath, ["--conditions=react-server", "--import", tsx, path.join(ROOT, "bench", "collector-worker.ts"), moto.url, out, ids.slice(0, k).join(",")], {
          cwd: ROOT,
          encoding: "utf8",
          env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json"), AWS_EC2_METADATA_DISABLED: "true", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
          stdio: ["ignore", "pipe", "inherit"],
          timeout: 10 * 60_000,
        });
        samples.push(JSON.parse(line.trim().split("\n").pop()!) as { cpuMs: number; wallMs: number; calls: number });
      }
      samples.sort((a, b) => a.cpuMs - b.cpuMs);
      const m = samples[1]!;
      const perAccount = m.cpuMs / k;
      first ??= perAccount;
      const marginal = prev ? fixed((m.cpuMs - prev.cpuMs) / (k - prev.k), 0) : "";
      prev = { k, cpuMs: m.cpuMs };
      rows.push([String(k), fixed(m.cpuMs, 0), fixed(perAccount, 0), `× ${fixed(perAccount / first, 2)}`, marginal, fixed(m.wallMs / 1000, 1), String(m.calls)]);
    }
    log(table(["accounts", "collector CPU ms (median of 3)", "CPU ms per account", "per account vs the smallest", "CPU ms per added account", "wall s (moto's latency included)", "AWS calls"], rows));
    log("");
    log("Linear when the CPU per added account stays flat as the accounts double (the CPU per account then falls towards it: a fixed part — start-up, the organization's levels — is shared).");
  } finally {
    moto.child.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runCollectorBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
