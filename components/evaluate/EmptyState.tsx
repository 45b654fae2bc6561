import { EXAMPLES } from "./examples";

export function EmptyState({ onExample }: { onExample: (id: string) => void }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-5" data-testid="empty-state">
      <h2 className="text-base font-semibold text-zinc-900">See exactly why AWS allows or denies a request</h2>
      <p className="mt-1.5 text-[13px] text-zinc-700">
        Give a principal, an action and a resource, paste the policies involved, and evaluate. RoleCall applies them in AWS&apos;s order (explicit
        denies, RCPs, SCPs, the resource or trust policy, identity policies, the permissions boundary, the session policy), and shows the decision, which
        kind of policy blocked it, and every statement with the reason it applied or not. The statements that decided are highlighted inside their
        policy.
      </p>
      <p className="mt-2 text-[13px] text-zinc-700">
        Unlike IAM&apos;s own policy simulator, it honours trust policies, so it answers &ldquo;why can&apos;t I assume this role?&rdquo;. Nothing is read
        from your accounts: everything comes from this page.
      </p>
      <h3 className="mt-4 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Start from an example</h3>
      <ul className="mt-2 grid gap-2 sm:grid-cols-2">
        {EXAMPLES.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="h-full w-full rounded-md border border-zinc-200 p-2.5 text-left hover:border-accent-300 hover:bg-accent-50"
              onClick={() => onExample(e.id)}
            >
              <span className="block text-[13px] font-medium text-zinc-900">{e.title}</span>
              <span className="mt-0.5 line-clamp-3 text-xs text-zinc-600">{e.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="mt-4 text-xs text-zinc-500">
        Press <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1">Ctrl</kbd>+<kbd className="rounded border border-zinc-300 bg-zinc-50 px-1">Enter</kbd>{" "}
        (<kbd className="rounded border border-zinc-300 bg-zinc-50 px-1">⌘</kbd>+<kbd className="rounded border border-zinc-300 bg-zinc-50 px-1">Enter</kbd> on a Mac) anywhere
        on the page to evaluate. <strong className="font-medium text-zinc-700">Copy link</strong> shares the whole form, results included on open.
      </p>
    </div>
  );
}
