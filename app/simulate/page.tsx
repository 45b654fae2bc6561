import type { Metadata } from "next";
import { SimulatePage } from "@/components/simulate/SimulatePage";
import { formFromParams, formSearch } from "@/lib/ui/simulate-form";

export const metadata: Metadata = { title: "Simulate" };

export default async function Simulate({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const initial = formFromParams(await searchParams);
  // a link to other parameters (the nav, another page) starts afresh
  return <SimulatePage key={formSearch(initial)} initial={initial} />;
}
