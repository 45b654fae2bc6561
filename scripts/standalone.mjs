#!/usr/bin/env node
// After `next build`: complete the standalone output (<distDir>/standalone) into a directory that
// runs on its own, as Next.js asks: the static files and public/ are not copied by the build.
// The guard (server/guard.cjs) goes with it: the documented start command preloads it.
//   cd .next/standalone && node --require ./server/guard.cjs server.js
import { cpSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const dist = path.join(root, distDir);
const standalone = path.join(dist, "standalone");
if (!existsSync(path.join(standalone, "server.js"))) {
  console.error(`${path.relative(root, standalone)}/server.js is missing: run \`next build\` first (next.config.ts has output: "standalone").`);
  process.exit(1);
}
cpSync(path.join(dist, "static"), path.join(standalone, distDir, "static"), { recursive: true });
if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
cpSync(path.join(root, "server"), path.join(standalone, "server"), { recursive: true, filter: (src) => !src.endsWith(".test.ts") });
console.log(`RoleCall: standalone server ready in ${path.relative(root, standalone)} — start it with: cd ${path.relative(root, standalone)} && node --require ./server/guard.cjs server.js`);
