import type { Metadata } from "next";
import { Suspense } from "react";
import { Diagnose } from "@/components/diagnose/Diagnose";
import { PageLoading } from "@/components/ui/PageLoading";

export const metadata: Metadata = { title: { absolute: "Diagnose · RoleCall" } };

export default function DiagnosePage() {
  // The form lives in the query string (useSearchParams), read in the browser.
  return (
    <Suspense fallback={<PageLoading title="Diagnose" />}>
      <Diagnose />
    </Suspense>
  );
}
