// An access path in words, for the CLI and the pages: "alice → ci-deployer (MFA) → prod-deployer,
// sessions of at most 1 hour". Pure: no model, usable in the browser.

import type { AccessPath } from "./types";

const SHORT: Record<string, string> = {
  "aws:multifactorauthpresent": "MFA",
  "aws:multifactorauthage": "recent MFA",
  "sts:externalid": "external ID",
  "aws:sourceip": "source IP",
  "sts:rolesessionname": "session name",
  "aws:sourceaccount": "source account",
  "aws:sourcearn": "source ARN",
  "aws:principalorgid": "organization ID",
};

/** A condition key as people say it: aws:MultiFactorAuthPresent → MFA. */
export function conditionLabel(key: string): string {
  return SHORT[key.toLowerCase()] ?? key;
}

/** The last part of an ARN's resource (a role's or user's name), or the text itself (a service principal). */
export function shortName(arnOrService: string): string {
  if (!arnOrService.startsWith("arn:")) return arnOrService;
  const resource = arnOrService.split(":").slice(5).join(":");
  if (resource.startsWith("assumed-role/")) return resource.split("/")[1] ?? resource;
  return resource.split("/").pop() || resource;
}

export function formatSeconds(s: number): string {
  if (s % 3600 === 0) return s === 3600 ? "1 hour" : `${s / 3600} hours`;
  if (s % 60 === 0) return `${s / 60} minutes`;
  return `${s} seconds`;
}

/** "alice → ci-deployer (MFA) → prod-deployer" */
export function pathChain(p: AccessPath): string {
  const parts = [shortName(p.hops[0]?.from ?? "")];
  for (const h of p.hops) {
    const needs = [...h.requires.map(conditionLabel), ...(h.missing?.length ? ["data RoleCall lacks"] : [])];
    parts.push(`${shortName(h.role)}${needs.length ? ` (${needs.join(", ")})` : ""}`);
  }
  return parts.join(" → ");
}

/** "…, sessions of at most 1 hour" when the path is role chaining or the limit is known. */
export function describePath(p: AccessPath): string {
  const chain = pathChain(p);
  return p.maxSessionSeconds === null ? chain : `${chain}, sessions of at most ${formatSeconds(p.maxSessionSeconds)}`;
}
