import type { Metadata } from "next";
import { RoleDetail } from "@/components/roles/RoleDetail";
import { arnName, decodeSegment } from "@/lib/ui/iam-format";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `${arnName(decodeSegment((await params).id))} · Roles` };
}

/** `id`: the role's ARN, percent-encoded as one path segment (or a role name). */
export default async function RolePage({ params }: Params) {
  const id = decodeSegment((await params).id);
  return <RoleDetail key={id} id={id} />;
}
