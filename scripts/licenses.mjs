#!/usr/bin/env node
// The licences of RoleCall's production dependencies (every package of package-lock.json not
// marked dev, read from its package.json in node_modules), and whether each allows shipping them
// with an Apache-2.0 project: `node scripts/licenses.mjs` lists them and exits 1 on any refused or
// unknown licence; scripts/licenses.test.ts runs the same check in `npm test`.
import { readFileSync } from "node:fs";
import path from "node:path";

// Permissive licences, and CC-BY-4.0 (caniuse-lite's data: attribution only).
const PERMISSIVE = new Set(["MIT", "MIT-0", "ISC", "0BSD", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "BlueOak-1.0.0", "CC0-1.0", "CC-BY-4.0", "Unlicense", "Python-2.0", "Zlib"]);
// Weak copyleft on a library used unmodified as a separate file (sharp's prebuilt libvips): its terms
// bind that library, not the code that loads it.
const WEAK_COPYLEFT = new Set(["LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MPL-2.0"]);

/**
 * An SPDX expression → "allowed" | "refused" | "unknown". `A OR B` is allowed when either is;
 * `A AND B` when both are. GPL, AGPL and SSPL are refused; anything unrecognised is unknown.
 * @param {unknown} expr
 * @returns {"allowed" | "refused" | "unknown"}
 */
export function classifyLicense(expr) {
  if (typeof expr !== "string" || !expr.trim()) return "unknown";
  const text = expr.trim().replace(/^\((.*)\)$/, "$1");
  if (/\sOR\s/i.test(text)) {
    const parts = text.split(/\s+OR\s+/i).map(classifyLicense);
    return parts.includes("allowed") ? "allowed" : parts.includes("unknown") ? "unknown" : "refused";
  }
  if (/\sAND\s/i.test(text)) {
    const parts = text.split(/\s+AND\s+/i).map(classifyLicense);
    return parts.includes("refused") ? "refused" : parts.includes("unknown") ? "unknown" : "allowed";
  }
  const id = text.replace(/^\(|\)$/g, "").replace(/\+$/, "-or-later");
  if (PERMISSIVE.has(id) || WEAK_COPYLEFT.has(id)) return "allowed";
  if (/^(A?GPL|SSPL)/i.test(id)) return "refused";
  return "unknown";
}

/** @param {unknown} field the package.json `license` (or old-style `licenses`) */
function spdxOf(field) {
  if (typeof field === "string") return field;
  if (Array.isArray(field)) return field.map((l) => (typeof l === "object" && l ? l.type : l)).join(" OR ");
  if (field && typeof field === "object" && "type" in field) return String(field.type);
  return null;
}

/**
 * @param {string} root the checkout
 * @returns {{ name: string, version: string, license: string | null, verdict: "allowed" | "refused" | "unknown", installed: boolean }[]}
 */
export function productionLicenses(root) {
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const out = [];
  for (const [where, entry] of Object.entries(lock.packages ?? {})) {
    if (!where || entry.dev) continue;
    const name = where.replace(/^.*node_modules\//, "");
    let pkg = null;
    try {
      pkg = JSON.parse(readFileSync(path.join(root, where, "package.json"), "utf8"));
    } catch {
      // another platform's optional binary (sharp's darwin builds…): not installed here, the lockfile says its licence
      if (!entry.optional) throw new Error(`${where} is a production dependency but is not installed: run npm install`);
    }
    const license = spdxOf(pkg ? (pkg.license ?? pkg.licenses) : entry.license);
    out.push({ name, version: pkg?.version ?? entry.version, license, verdict: classifyLicense(license), installed: !!pkg });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const rows = productionLicenses(root);
  for (const r of rows) console.log(`${r.verdict.padEnd(8)} ${(r.license ?? "(none)").padEnd(22)} ${r.name}@${r.version}${r.installed ? "" : " (not installed on this platform)"}`);
  const bad = rows.filter((r) => r.verdict !== "allowed");
  console.log(`${rows.length} production packages; ${bad.length} with a refused or unknown licence`);
  process.exit(bad.length ? 1 : 0);
}
