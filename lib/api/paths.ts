// GET /api/roles/{role}/paths?from=&maxHops=, /api/roles/{role}/reachers?maxHops=,
// /api/principals/{arn}/reachable?maxHops=: schemas and services (lib/paths does the work).

import { z } from "zod";
import type { AccountModel, IamRole } from "@/lib/account/model";
import { DiagnoseInputError } from "@/lib/diagnose/diagnose";
import { DEFAULT_MAX_HOPS, pathsTo, reachableFrom, reachersOf, type PathsResponse, type Reacher, type ReachableRole } from "@/lib/paths";
import { ApiError } from "./http";

/** More hops than this is no question people ask, and the search grows with every hop. */
export const MAX_HOPS = 8;

const MaxHops = z
  .string()
  .regex(/^\d+$/, `maxHops: a whole number from 1 to ${MAX_HOPS}`)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_HOPS, `maxHops: from 1 to ${MAX_HOPS}`)
  .optional();

/** A caller ARN (user, role, assumed-role session, root) or a service principal. */
const From = z
  .string()
  .trim()
  .min(1, "from: the caller's ARN (user, role or assumed-role session) or a service principal")
  .max(2048)
  .refine((s) => /^arn:[^:]+:(iam|sts)::\d{12}:.+/.test(s) || /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(s), "from: expected a principal ARN (arn:aws:iam::ACCOUNT:user/NAME, …:role/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) or a service principal such as ec2.amazonaws.com");

export const PathsQuery = z.strictObject({ from: From, maxHops: MaxHops });
export const ReachQuery = z.strictObject({ maxHops: MaxHops });

export function paths(model: AccountModel, role: IamRole, q: z.infer<typeof PathsQuery>): PathsResponse {
  try {
    return pathsTo(model, role, q.from, q.maxHops ?? DEFAULT_MAX_HOPS);
  } catch (e) {
    if (e instanceof DiagnoseInputError) throw new ApiError(400, "invalid_request", `from: ${e.message}`, [{ path: ["from"], message: e.message }]);
    throw e;
  }
}

export function reachers(model: AccountModel, role: IamRole, q: z.infer<typeof ReachQuery>): { role: string; reachers: Reacher[] } {
  return { role: role.arn, reachers: reachersOf(model, role, q.maxHops ?? DEFAULT_MAX_HOPS) };
}

export function reachable(model: AccountModel, principal: string, q: z.infer<typeof ReachQuery>): { principal: string; reachable: ReachableRole[] } {
  return { principal, reachable: reachableFrom(model, principal, q.maxHops ?? DEFAULT_MAX_HOPS) };
}
