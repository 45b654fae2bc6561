import type { Metadata } from "next";
import { Suspense } from "react";
import { SessionsPage } from "@/components/sessions/SessionsPage";
import { PageLoading } from "@/components/ui/PageLoading";

export const metadata: Metadata = { title: "Sessions" };

export default function Sessions() {
  // The search and the open session live in the query string (useSearchParams), read in the browser.
  return (
    <Suspense fallback={<PageLoading title="Sessions" />}>
      <SessionsPage />
    </Suspense>
  );
}
