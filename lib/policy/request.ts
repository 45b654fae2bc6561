// Builds an evaluation request: the caller, and the context keys AWS derives from it on every
// signed request (rules reference §3). Keys the caller gives win over derived ones.

import { RequestContext, type ContextInput } from "./context";
import { resourceAccountOf, type EvaluationRequest } from "./evaluate";
import { parseRequestPrincipal, type RequestPrincipal } from "./principal";

export interface RequestInput {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: ContextInput;
  /** the time the request is made; defaults to now (sets aws:CurrentTime / aws:EpochTime) */
  now?: Date;
}

const PRINCIPAL_TYPE: Record<RequestPrincipal["type"], string | undefined> = {
  user: "User",
  role: "AssumedRole",
  "assumed-role": "AssumedRole",
  "federated-user": "FederatedUser",
  root: "Account",
  service: undefined,
  federated: undefined,
  canonical: undefined,
  anonymous: "Anonymous",
};

/** aws:PrincipalArn: for a role session the role's ARN (its path is not in the session ARN). */
export function principalArnKey(p: RequestPrincipal): string | undefined {
  switch (p.type) {
    case "assumed-role":
      return `arn:${p.partition}:iam::${p.account}:role/${p.roleName}`;
    case "user":
    case "role":
    case "root":
    case "federated-user":
      return p.arn;
    default:
      return undefined;
  }
}

export function deriveContext(p: RequestPrincipal, ctx: RequestContext, resourceAccount: string | undefined, now: Date): RequestContext {
  const arn = principalArnKey(p);
  if (arn) ctx.setDefault("aws:PrincipalArn", arn);
  if ("account" in p) {
    ctx.setDefault("aws:PrincipalAccount", p.account);
    ctx.setDefault("aws:PrincipalIsAWSService", "false");
  }
  const type = PRINCIPAL_TYPE[p.type];
  if (type) ctx.setDefault("aws:PrincipalType", type);
  if (p.type === "user") ctx.setDefault("aws:username", p.name);
  if (p.type === "federated-user") ctx.setDefault("aws:userid", `${p.account}:${p.name}`);
  if (p.type === "root") ctx.setDefault("aws:userid", p.account);
  if (p.type === "service") {
    ctx.setDefault("aws:PrincipalIsAWSService", "true");
    ctx.setDefault("aws:PrincipalServiceName", p.service);
  }
  if (resourceAccount) ctx.setDefault("aws:ResourceAccount", resourceAccount);
  ctx.setDefault("aws:CurrentTime", now.toISOString().replace(/\.\d{3}Z$/, "Z"));
  ctx.setDefault("aws:EpochTime", String(Math.floor(now.getTime() / 1000)));
  return ctx;
}

/** A string return is an error message about the principal. */
export function buildRequest(input: RequestInput): EvaluationRequest | string {
  const principal = parseRequestPrincipal(input.principal);
  if (typeof principal === "string") return principal;
  const req: EvaluationRequest = {
    principal,
    action: input.action,
    resource: input.resource,
    resourceAccount: input.resourceAccount,
    context: new RequestContext(input.context),
  };
  deriveContext(principal, req.context, resourceAccountOf(req), input.now ?? new Date());
  return req;
}
