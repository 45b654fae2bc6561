"use client";

export interface DemoExample {
  id: string;
  title: string;
  description: string;
  query: string;
}

const q = (p: Record<string, string>) => new URLSearchParams(p).toString();

/** One-click scenarios of the embedded demo (data/demo/README.md). */
export const DEMO_EXAMPLES: DemoExample[] = [
  {
    id: "ecs-task-role",
    title: "bob → orders-api-task",
    description: "A developer tries to run as the ECS task role. Only ECS may assume it.",
    query: q({ principal: "arn:aws:iam::111111111111:user/bob", role: "orders-api-task" }),
  },
  {
    id: "duration",
    title: "carol → terraform-deployer for 2 hours",
    description: "The trust policy and carol's policies allow it, but the role's sessions last at most an hour.",
    query: q({ principal: "arn:aws:iam::111111111111:user/carol", role: "terraform-deployer", durationSeconds: "7200" }),
  },
  {
    id: "explicit-deny",
    title: "eve → power-user, with MFA",
    description: "Everything allows it except one statement: an explicit Deny in eve's own inline policy.",
    query: q({ principal: "arn:aws:iam::111111111111:user/eve", role: "power-user", mfa: "true" }),
  },
  {
    id: "vpc-endpoint",
    title: "alice → power-user, from the app VPC",
    description: "Allowed from her laptop; through the VPC's STS endpoint its policy denies admin sessions.",
    query: q({ principal: "arn:aws:iam::111111111111:user/alice", role: "power-user", mfa: "true", sourceVpce: "vpce-0a1b2c3d4e5f67890" }),
  },
];

export function EmptyState({ demo, onExample }: { demo: boolean; onExample: (e: DemoExample) => void }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 bg-white p-5" data-testid="empty-state">
      <h2 className="text-base font-semibold text-zinc-900">Find out why sts:AssumeRole says no</h2>
      <p className="mt-1.5 text-[13px] text-zinc-700">
        Pick who is calling and which role, or paste the AccessDenied message you got. RoleCall runs every check STS makes, in AWS&apos;s order: the role
        exists, session name, external ID, duration against MaxSessionDuration (and the one-hour limit of role chaining), the trust policy, the caller&apos;s
        identity policies and permissions boundary, SCPs and RCPs, the session policy, session tags, source identity and the policy of the VPC endpoint the call goes through — each on its own, so
        every blocker shows at once.
      </p>
      <p className="mt-2 text-[13px] text-zinc-700">
        It says which check blocks, quotes the statement, predicts the exact error STS returns, and proposes the smallest fix as a policy statement, AWS
        CLI, Terraform and CloudFormation. When it lacks a fact (did you use MFA? what external ID?) it says &ldquo;unknown&rdquo; and asks, instead of
        guessing.
      </p>
      {demo && (
        <>
          <h3 className="mt-4 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Try it on the demo accounts</h3>
          <ul className="mt-2 grid gap-2 sm:grid-cols-2 2xl:grid-cols-4">
            {DEMO_EXAMPLES.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="h-full w-full rounded-md border border-zinc-200 p-2.5 text-left hover:border-accent-300 hover:bg-accent-50"
                  onClick={() => onExample(e)}
                  data-example={e.id}
                >
                  <span className="block text-[13px] font-medium text-zinc-900">{e.title}</span>
                  <span className="mt-0.5 block text-xs text-zinc-600">{e.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="mt-4 text-xs text-zinc-500">
        Every diagnosis has its own link: <strong className="font-medium text-zinc-700">Copy link</strong> shares it, parameters included. Other pages
        link here with <code className="rounded bg-zinc-100 px-1">/?principal=…&amp;role=…</code>.
      </p>
    </div>
  );
}
