// What a trust policy requires of a request parameter, read from its conditions: the value a
// fix can tell the caller to pass.

import type { RoleSetup } from "./setup";

/** The trust policy tests this condition key somewhere. */
export function trustTestsKey(s: RoleSetup, lowerKey: string): boolean {
  return !!s.policies.resource?.statements.some((st) => st.conditions.some((c) => c.lowerKey === lowerKey));
}

/**
 * The single value a StringEquals (or wildcard-free StringLike) condition on `key` requires, in
 * the Allow statements that name the caller; `${aws:username}` is the caller's user name.
 */
export function requiredValue(s: RoleSetup, key: string): string | undefined {
  const lower = key.toLowerCase();
  const naming = s.assume.opt.traces.filter((t) => t.type === "resource" && t.stmt.statement.effect === "Allow" && t.principalMatch !== undefined);
  const statements = naming.length ? naming.map((t) => t.stmt) : (s.policies.resource?.statements ?? []);
  for (const st of statements) {
    for (const c of st.conditions) {
      if (c.lowerKey !== lower || !/^String(Equals|Like)$/.test(c.operator.base) || c.operator.set) continue;
      const v = c.policyValues[0];
      if (typeof v !== "string") continue;
      const value = v.replace(/\$\{aws:username\}/gi, s.principal.type === "user" ? s.principal.name : "\u0000");
      if (value.includes("\u0000") || (c.operator.base === "StringLike" && /[*?]/.test(value)) || /\$\{/.test(value)) continue;
      return value;
    }
  }
  return undefined;
}
