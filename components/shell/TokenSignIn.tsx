"use client";

import { useState, type FormEvent } from "react";

/** Token mode: paste a RoleCall token to open a browser session (the token goes in the body, never the URL). */
export function TokenSignIn({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const token = String(new FormData(e.currentTarget).get("token") ?? "");
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }), cache: "no-store" });
      if (res.ok) {
        // A full load: the layout and the header are rendered again for the signed-in user.
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `Sign-in failed (HTTP ${res.status}).`);
    } catch {
      setError("Could not reach the RoleCall server. Check that it is still running, then try again.");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-describedby={error ? "signin-error" : undefined}>
      <label className="block text-sm font-medium text-zinc-800" htmlFor="token">
        Token
      </label>
      <input
        id="token"
        name="token"
        type="password"
        autoComplete="off"
        required
        className="w-full rounded-md border border-zinc-300 px-3 py-2 font-mono text-sm focus:border-accent-500 focus:outline-none"
      />
      {error && (
        <p id="signin-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded-md bg-accent-600 px-4 py-2 text-sm font-medium text-white hover:bg-accent-700 disabled:opacity-60">
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
