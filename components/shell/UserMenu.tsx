"use client";

import { useQuery } from "@tanstack/react-query";
import { useHealth } from "./useHealth";

interface Me {
  user: string | null;
  mode: "none" | "proxy" | "oidc" | "token";
  canSignOut: boolean;
}

async function fetchJson<T>(url: string): Promise<T | null> {
  const res = await fetch(url, { cache: "no-store" });
  return res.ok ? ((await res.json()) as T) : null;
}

/** "…:assumed-role/rolecall-reader/i-0abc" → "rolecall-reader": the part of an ARN a person recognises. */
export function awsPrincipalName(arn: string): string {
  const parts = arn.split(":").slice(5).join(":").split("/");
  if (parts[0] === "assumed-role" && parts[1]) return parts[1];
  // users and roles may have a path: the name is the last part
  if ((parts[0] === "user" || parts[0] === "role") && parts.length > 1 && parts.at(-1)) return parts.at(-1)!;
  return arn;
}

/** Who is signed in, and (aws source) who the dashboard itself reads AWS as. */
export function UserMenu() {
  const me = useQuery({ queryKey: ["auth-me"], queryFn: () => fetchJson<Me>("/api/auth/me") });
  const { data: health } = useHealth();
  const aws = health?.source === "aws";
  const identity = useQuery({ queryKey: ["identity"], queryFn: () => fetchJson<{ arn: string | null }>("/api/identity"), enabled: aws });
  const user = me.data?.user ?? null;
  const arn = aws ? (identity.data?.arn ?? null) : null;
  if (!user && !arn) return null;
  return (
    <div data-testid="user-menu" className="flex items-center gap-3 text-xs whitespace-nowrap text-zinc-600">
      {arn && (
        <span data-testid="aws-identity" title={`The dashboard reads AWS as ${arn}`}>
          reads AWS as <span className="font-medium text-zinc-800">{awsPrincipalName(arn)}</span>
        </span>
      )}
      {user && (
        <span className="flex items-center gap-2">
          <span data-testid="signed-in-user" className="font-medium text-zinc-900" title={`Signed in (${me.data?.mode})`}>
            {user}
          </span>
          {me.data?.canSignOut && (
            <form method="post" action="/api/auth/logout">
              <button type="submit" className="rounded px-1 text-accent-700 underline-offset-2 hover:underline">
                Sign out
              </button>
            </form>
          )}
        </span>
      )}
    </div>
  );
}
