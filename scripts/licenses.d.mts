export type LicenseVerdict = "allowed" | "refused" | "unknown";
export function classifyLicense(expr: unknown): LicenseVerdict;
export function productionLicenses(root: string): { name: string; version: string; license: string | null; verdict: LicenseVerdict; installed: boolean }[];
