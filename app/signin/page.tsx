import type { Metadata } from "next";
import Link from "next/link";
import { TokenSignIn } from "@/components/shell/TokenSignIn";
import { authConfig } from "@/lib/auth/config";
import { safeNext } from "@/lib/auth/oidc";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const next = safeNext(typeof q.next === "string" ? q.next : "/");
  const signedOut = q.signedOut === "1";
  let mode: string;
  try {
    mode = authConfig().mode;
  } catch {
    mode = "misconfigured";
  }
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="mb-2 text-xl font-semibold text-zinc-900">Sign in to RoleCall</h1>
      {signedOut && (
        <p role="status" className="mb-4 text-sm text-zinc-600">
          You are signed out.
        </p>
      )}
      {mode === "token" && (
        <>
          <p className="mb-4 text-sm text-zinc-600">Paste the token you were given. Scripts send the same token as <code>Authorization: Bearer …</code>.</p>
          <TokenSignIn next={next} />
        </>
      )}
      {mode === "oidc" && (
        <a href={`/api/auth/login?next=${encodeURIComponent(next)}`} className="inline-block rounded-md bg-accent-600 px-4 py-2 text-sm font-medium text-white hover:bg-accent-700">
          Sign in with your identity provider
        </a>
      )}
      {(mode === "none" || mode === "proxy") && (
        <p className="text-sm text-zinc-600">
          This server does not ask you to sign in here ({mode === "none" ? "it serves only this machine" : "your sign-in proxy identifies you"}). <Link href="/" className="text-accent-700 underline">Open RoleCall</Link>.
        </p>
      )}
      {mode === "misconfigured" && <p className="text-sm text-red-700">Sign-in is misconfigured on this server: its log says why.</p>}
    </div>
  );
}
