// The server of e2e/org-*.spec.ts: RoleCall on the live `aws` source over an organization of four
// accounts in moto (lib/testing/org-seed.ts), one of them without a reader role (the proxy refuses
// its AssumeRole, as STS does). Started by playwright.config.ts as a webServer:
//
//   npx tsx e2e/org-server.ts PORT
//
// Without moto (a person's machine may lack it) it serves the demo instead, and the spec skips —
// except in CI, where moto is required (.ci/run checks it).

import { spawn, type ChildProcess } from "node:child_process";
import { hasMoto, startMoto } from "../lib/testing/moto";
import { AwsProxy } from "../lib/testing/aws-proxy";
import { REGION, seedOrganization } from "../lib/testing/org-seed";

const port = process.argv[2] ?? "3102";
const children: ChildProcess[] = [];
const stop = () => {
  for (const c of children) c.kill();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_EC2_METADATA_DISABLED: "true", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  if (hasMoto) {
    const moto = await startMoto();
    children.push(moto.child);
    const seeded = await seedOrganization(moto.url);
    const proxy = new AwsProxy(moto.url);
    proxy.knowKey(seeded.dashboard.accessKeyId, seeded.hub);
    proxy.refuse.add(seeded.readerArn(seeded.sandbox));
    await proxy.start();
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;
    Object.assign(env, {
      ROLECALL_SOURCE: "aws",
      ROLECALL_ACCOUNTS: "org",
      ROLECALL_CLOUDTRAIL_REGIONS: REGION,
      AWS_ENDPOINT_URL: proxy.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: seeded.dashboard.accessKeyId,
      AWS_SECRET_ACCESS_KEY: seeded.dashboard.secretAccessKey,
    });
  } else {
    console.warn("moto is not installed for python3: e2e/org-server.ts serves the demo and e2e/org-*.spec.ts skips");
    env.ROLECALL_SOURCE = "demo";
  }
  const next = spawn(process.execPath, ["--require", "./server/guard.cjs", "./node_modules/next/dist/bin/next", "start", "-p", port, "-H", "127.0.0.1"], { env, stdio: "inherit" });
  children.push(next);
  next.on("exit", (code) => {
    for (const c of children) c.kill();
    process.exit(code ?? 1);
  });
}

main().catch((e: unknown) => {
  console.error(e);
  for (const c of children) c.kill();
  process.exit(1);
});
