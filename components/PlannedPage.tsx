import Link from "next/link";

/** An honest placeholder for a page that is not built yet: what it will do, and what works today. */
export function PlannedPage({ title, question, planned }: { title: string; question: string; planned: string[] }) {
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Coming soon</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <p className="mt-2 text-base text-zinc-700">{question}</p>
      <div className="mt-6 rounded-lg border border-zinc-200 bg-white p-5">
        <h2 className="text-sm font-semibold text-zinc-900">What this page will do</h2>
        <ul className="mt-3 list-disc space-y-1.5 pl-5 text-zinc-700">
          {planned.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        <p className="mt-4 text-zinc-600">This page is not built yet, so it shows no data.</p>
      </div>
      <div className="mt-6 rounded-lg border border-accent-200 bg-accent-50 p-5">
        <h2 className="text-sm font-semibold text-accent-800">Works today: the policy evaluator</h2>
        <p className="mt-1 text-zinc-700">
          Paste a trust policy, identity policies, a permissions boundary, SCPs, RCPs or a session policy, and see which statement allows or denies a
          request, and why.
        </p>
        <Link
          href="/evaluate"
          className="mt-3 inline-flex items-center rounded-md bg-accent-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-700"
        >
          Open the policy evaluator
        </Link>
      </div>
    </div>
  );
}
