// GET /api/vpc-endpoints?q=&service=: the VPC endpoints the model knows (describe-vpc-endpoints
// files, or the aws source), for the diagnose form's "source VPC endpoint" suggestions.

import { z } from "zod";
import type { AccountModel } from "@/lib/account/model";

export const VpcEndpointsQuery = z.strictObject({
  q: z.string().max(256).optional(),
  /** the service's last name part, e.g. sts */
  service: z.string().regex(/^[a-z0-9-]{1,64}$/, "expected a service name such as sts").optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type VpcEndpointsQuery = z.infer<typeof VpcEndpointsQuery>;

export interface VpcEndpointSummary {
  id: string;
  type: string;
  serviceName: string;
  vpcId: string | null;
  account: string | null;
  region: string | null;
  state: string | null;
  /** false: the policy is not known (see the diagnosis); true: known, the default one included */
  policyKnown: boolean;
}

export interface VpcEndpointsResponse {
  endpoints: VpcEndpointSummary[];
  total: number;
}

export function listVpcEndpoints(model: AccountModel, q: VpcEndpointsQuery): VpcEndpointsResponse {
  const needle = q.q?.trim().toLowerCase() ?? "";
  const matches = [...model.vpcEndpoints.values()]
    .filter((e) => (!q.service || e.serviceName.endsWith(`.${q.service}`)) && (!needle || [e.id, e.serviceName, e.vpcId ?? "", e.account ?? ""].some((t) => t.toLowerCase().includes(needle))))
    .sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.id.localeCompare(b.id));
  return {
    endpoints: matches.slice(0, q.limit ?? 50).map((e) => ({
      id: e.id,
      type: e.type,
      serviceName: e.serviceName,
      vpcId: e.vpcId ?? null,
      account: e.account ?? null,
      region: e.region ?? null,
      state: e.state ?? null,
      policyKnown: !model.unknownsFor(e.id).some((u) => u.fact === "endpoint policy"),
    })),
    total: matches.length,
  };
}
