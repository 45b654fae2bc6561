import type { Metadata } from "next";
import { Suspense } from "react";
import { RolesList } from "@/components/roles/RolesList";
import { PageLoading } from "@/components/ui/PageLoading";

export const metadata: Metadata = { title: "Roles" };

export default function RolesPage() {
  // The search and filters live in the query string (useSearchParams), read in the browser.
  return (
    <Suspense fallback={<PageLoading title="Roles" />}>
      <RolesList />
    </Suspense>
  );
}
