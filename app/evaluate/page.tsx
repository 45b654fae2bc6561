import type { Metadata } from "next";
import { Evaluator } from "@/components/evaluate/Evaluator";
import { STATE_PARAM } from "@/lib/ui/share-state";

export const metadata: Metadata = { title: "Policy evaluator" };

export default async function EvaluatePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const shared = (await searchParams)[STATE_PARAM];
  return <Evaluator shared={typeof shared === "string" ? shared : undefined} />;
}
