// One collector run for bench/collector.ts, in its own process (so moto's CPU is not counted):
//   node --conditions=react-server --import tsx bench/collector-worker.ts ENDPOINT OUT ACCOUNT,ACCOUNT,…
// Prints one JSON line: the collector's own CPU time and wall time, calls, files.

import { AwsOrganization } from "../lib/account/aws-org";
import { collectSnapshot } from "../lib/account/collector";

async function main(): Promise<void> {
  const [endpoint, out, list] = process.argv.slice(2) as [string, string, string];
  const ids = list.split(",");
  const org = new AwsOrganization({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    accounts: { kind: "list", ids },
    readerRole: "OrganizationAccountAccessRole",
    vpcEndpointRegions: ["us-east-1"],
  });
  await org.accounts();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await collectSnapshot(org, { out, regions: ["us-east-1"] });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  org.destroy();
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs, calls: r.calls, ok: r.ok, accounts: r.accounts.length }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
