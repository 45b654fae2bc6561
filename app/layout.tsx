import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AppShell } from "@/components/AppShell";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RoleCall", template: "%s · RoleCall" },
  description: "Why can't I assume this role? Explains AWS IAM decisions for your team's accounts.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: each response's scripts carry that response's CSP nonce (proxy.ts),
  // which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
