import type { Metadata } from "next";
import { PrincipalView } from "@/components/diagnose/PrincipalView";
import { arnName, decodeSegment } from "@/lib/ui/iam-format";

type Params = { params: Promise<{ arn: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `What can ${arnName(decodeSegment((await params).arn))} assume?` };
}

/** `arn`: the principal's ARN, percent-encoded as one path segment. */
export default async function PrincipalPage({ params }: Params) {
  const arn = decodeSegment((await params).arn);
  return <PrincipalView key={arn} arn={arn} />;
}
