// AWS's fixed rules: requests AWS refuses whatever the policies say (rules reference §12). Each
// rule names the actions it refuses exactly and the page it comes from.

import { parseArn, splitIamResource } from "./arn";
import type { RequestPrincipal } from "./principal";

export interface FixedRule {
  /** the rules reference's number, e.g. "R12.3" */
  id: string;
  /** what the rule says, for a person */
  text: string;
  /** the AWS page it comes from */
  source: string;
}

/**
 * R12.3 — AWS managed policies (`arn:aws:iam::aws:policy/…`) "cannot be changed": no one can
 * create a version of, delete, re-default, tag or untag them, or create one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html
 */
export const MANAGED_POLICY_ACTIONS = new Set([
  "iam:createpolicy",
  "iam:createpolicyversion",
  "iam:deletepolicy",
  "iam:deletepolicyversion",
  "iam:setdefaultpolicyversion",
  "iam:tagpolicy",
  "iam:untagpolicy",
]);

/**
 * R12.4 — IAM Identity Center's roles (path `/aws-reserved/sso.amazonaws.com/`) are created and
 * changed only by Identity Center: IAM answers UnmodifiableEntity ("Cannot perform the operation
 * on the protected role … this role is only modifiable by AWS") to these calls. The list is the
 * role-changing actions Identity Center's own service-linked role uses on them
 * (AWSSSOServiceRolePolicy) plus delete, detach and tag. Read calls (iam:GetRole, …) work, and
 * iam:PassRole is not on it: no AWS page says it is refused.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSSOServiceRolePolicy.html
 */
export const RESERVED_SSO_ROLE_ACTIONS = new Set([
  "iam:createrole",
  "iam:deleterole",
  "iam:updaterole",
  "iam:updateroledescription",
  "iam:updateassumerolepolicy",
  "iam:putrolepolicy",
  "iam:deleterolepolicy",
  "iam:attachrolepolicy",
  "iam:detachrolepolicy",
  "iam:putrolepermissionsboundary",
  "iam:deleterolepermissionsboundary",
  "iam:tagrole",
  "iam:untagrole",
]);

/**
 * R12.4 — service-linked roles (path `/aws-service-role/`) are "protected AWS resources. Only the
 * service that depends on the service-linked role can modify or delete the role" (IAM's
 * UnmodifiableEntity): their trust and permissions policies cannot be edited, no boundary can be
 * set, and they are deleted through iam:DeleteServiceLinkedRole only. Their description can be
 * edited (iam:UpdateRoleDescription is not on the list).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
 */
export const SERVICE_LINKED_ROLE_ACTIONS = new Set([
  "iam:deleterole",
  "iam:updateassumerolepolicy",
  "iam:putrolepolicy",
  "iam:deleterolepolicy",
  "iam:attachrolepolicy",
  "iam:detachrolepolicy",
  "iam:putrolepermissionsboundary",
  "iam:deleterolepermissionsboundary",
]);

/**
 * R12.5 — AWS managed KMS aliases (`alias/aws/…`) are reserved: customers cannot create, update
 * or delete them.
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html
 */
export const AWS_ALIAS_ACTIONS = new Set(["kms:createalias", "kms:updatealias", "kms:deletealias"]);

const MANAGED: FixedRule = {
  id: "R12.3",
  text: "AWS managed policies (arn:aws:iam::aws:policy/…) cannot be changed by anyone: IAM refuses this whatever the policies say",
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
};
const SSO: FixedRule = {
  id: "R12.4",
  text: "IAM Identity Center's roles (/aws-reserved/sso.amazonaws.com/) are changed only by Identity Center: IAM refuses this whatever the policies say (UnmodifiableEntity); change the permission set instead",
  source: "https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html",
};
const SLR: FixedRule = {
  id: "R12.4",
  text: "service-linked roles (/aws-service-role/) are protected: only the service that owns the role can change it (UnmodifiableEntity); delete it with iam:DeleteServiceLinkedRole",
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html",
};
const ALIAS: FixedRule = {
  id: "R12.5",
  text: "AWS managed KMS aliases (alias/aws/…) are reserved for AWS: customers cannot create, update or delete them",
  source: "https://docs.aws.amazon.com/kms/latest/developerguide/alias-about.html",
};

/** The fixed rule that refuses `lowerAction` on `resource`, if any. */
export function fixedRuleFor(lowerAction: string, resource: string, principal: RequestPrincipal): FixedRule | undefined {
  // Service principals act for AWS itself (Identity Center maintains its own roles).
  if (principal.type === "service") return undefined;
  const service = lowerAction.startsWith("iam:") ? "iam" : lowerAction.startsWith("kms:") ? "kms" : undefined;
  if (service === undefined) return undefined;
  const arn = parseArn(resource);
  if (!arn) return undefined;
  if (service === "iam") {
    if (MANAGED_POLICY_ACTIONS.has(lowerAction) && arn.service === "iam" && arn.account === "aws" && arn.resource.startsWith("policy/")) return MANAGED;
    if (arn.service === "iam" && arn.resource.startsWith("role/")) {
      const { path } = splitIamResource(arn.resource);
      if (path.startsWith("/aws-reserved/sso.amazonaws.com/") && RESERVED_SSO_ROLE_ACTIONS.has(lowerAction)) return SSO;
      if (path.startsWith("/aws-service-role/") && SERVICE_LINKED_ROLE_ACTIONS.has(lowerAction)) return SLR;
    }
    return undefined;
  }
  if (AWS_ALIAS_ACTIONS.has(lowerAction) && arn.service === "kms" && arn.resource.startsWith("alias/aws/")) return ALIAS;
  return undefined;
}
