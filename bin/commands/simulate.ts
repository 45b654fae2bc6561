// rolecall simulate: POST /api/simulate-role from the terminal; with -- COMMAND, iam-sudo made
// honest — COMMAND runs on the base role restricted by the simulated role's session policies,
// after the caveats say what differs from the real role.

import { parseCommandArgs, required } from "../cli/args";
import { UsageError, type Command, type CliContext } from "../cli/command";
import { rethrowForCli } from "../cli/errors";
import { assumeOrExplain } from "../cli/refusal";
import { SESSION_HELP, SESSION_OPTIONS, sessionNameFor, sessionRequest } from "../cli/session-options";
import { warnSourceProblems } from "../cli/source";
import { style, type Style } from "../cli/style";
import type { SimulateResponse } from "@/lib/api/simulate";

const OPTIONS = { ...SESSION_OPTIONS, "base-role": { type: "string" }, json: { type: "boolean" } } as const;
const FLAGS = { role: "ROLE", baseRole: "--base-role", caller: "--principal" };

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

export function renderSimulation(r: SimulateResponse, s: Style): string {
  const lines = [
    `${s.bold(r.role)} simulated on ${s.bold(r.baseRole)}`,
    "",
    `  session policy: ${r.sessionPolicy ? `${r.sessionPolicyChars} of 2048 characters` : "none"}${r.policyArns.length ? `; policy ARNs: ${r.policyArns.join(", ")}` : ""}`,
    `  role session name: ${r.roleSessionName}${r.maxDurationSeconds ? `; sessions up to ${r.maxDurationSeconds} s` : ""}`,
  ];
  if (r.caveats.length) lines.push("", s.bold("What differs from the real role:"), ...r.caveats.map((c) => `  ${s.yellow("!")} ${c}`));
  lines.push("", s.bold("Run a command as the role:"), `  rolecall simulate ${r.role} --base-role ${r.baseRole} -- COMMAND`, "", s.bold("Or with the AWS CLI:"), indent(r.commands.assumeRole, "  "), "", s.bold("As an AWS config profile:"), indent(r.commands.profile, "  "));
  return `${lines.join("\n")}\n`;
}

async function plan(ctx: CliContext, input: { role: string; baseRole: string; caller?: string }, portalUser: string | null): Promise<SimulateResponse> {
  const { SimulateRequest, simulateRoleOnSource } = await import("@/lib/api/simulate");
  try {
    return await simulateRoleOnSource(SimulateRequest.parse(input), portalUser);
  } catch (e) {
    const err = e as { name?: string; status?: number; extra?: { caveats?: string[] } };
    // policy_too_large: the answer names each part and its size; its caveats still tell
    if (err?.name === "ApiError" && err.status === 422 && err.extra?.caveats?.length) ctx.stderr.write(`${err.extra.caveats.map((c) => `! ${c}`).join("\n")}\n`);
    rethrowForCli("simulate", e, FLAGS);
  }
}

export const simulate: Command = {
  name: "simulate",
  summary: "a role's permissions rebuilt on a base role (POST /api/simulate-role); with -- COMMAND, run as it (iam-sudo)",
  help: `rolecall simulate ROLE --base-role BASE [--json] [-- COMMAND [ARG]...]

Rebuilds ROLE's permissions as session policies on BASE, a broader role you may assume
(POST /api/simulate-role), and says what differs from the real role: what BASE may not do, a
permissions boundary no session policy reproduces, policies that name the real role, the one-hour
limit of role chaining.

With -- COMMAND, prints those caveats first (stderr), then assumes BASE with your own credentials
and the session policies, and runs COMMAND with that session (as exec does: signals pass through,
exit status is COMMAND's). When STS refuses, its error and RoleCall's diagnosis go to stderr and it
exits 1 without running COMMAND.

  ROLE                     the role to simulate: its ARN or name
  --base-role BASE         the role to assume (ARN or name; default ROLECALL_SIMULATE_BASE_ROLE)
  --json                   print POST /api/simulate-role's JSON (not with -- COMMAND)
${SESSION_HELP}
  --snapshot DIR | --demo  the data source (default: as the server, from ROLECALL_SOURCE)

exit status: 0 planned (or COMMAND's status); 1 failure or refusal; 2 bad usage

examples:
  rolecall simulate orders-api-task --base-role power-user --demo
  rolecall simulate my-task-role --base-role power-user -- ./run-tests.sh
  rolecall simulate arn:aws:iam::111111111111:role/ecs/orders-api-task --base-role power-user -- aws s3 ls s3://orders-artifacts`,
  async run(ctx, argv) {
    const a = parseCommandArgs("simulate", argv, OPTIONS, { positionals: 1 });
    const role = required("simulate", a.positionals[0], "ROLE (the role to simulate: its ARN or name)");
    const baseRole = a.values["base-role"] ?? ctx.env.ROLECALL_SIMULATE_BASE_ROLE;
    if (!baseRole) throw new UsageError("rolecall simulate: --base-role is required (the ARN or name of a broader role you may assume)");
    const command = argv.includes("--") ? a.rest : undefined;
    const req = sessionRequest("simulate", a.values);

    if (command === undefined) {
      const r = await plan(ctx, { role, baseRole }, null);
      await warnSourceProblems(ctx, "simulate");
      ctx.stdout.write(a.values.json ? `${JSON.stringify(r, null, 2)}\n` : renderSimulation(r, style(ctx.color)));
      return 0;
    }
    if (a.values.json) throw new UsageError("rolecall simulate: --json prints the plan; it does not go with -- COMMAND");
    if (!command.length) throw new UsageError("rolecall simulate: give the command to run after --: rolecall simulate ROLE --base-role BASE -- COMMAND");

    // Caveats for the person who will assume the base role, and a session name that is theirs.
    const { openSts } = await import("../cli/sts");
    const sts = await openSts(ctx, req);
    let got;
    try {
      const caller = await sts.caller();
      const r = await plan(ctx, { role, baseRole, caller: caller.arn }, sessionNameFor(caller.arn));
      const s = style(!!ctx.stderrColor);
      const shown = command.join(" ");
      ctx.stderr.write(`rolecall simulate: running ${shown.length > 80 ? `${shown.slice(0, 79)}…` : shown} as ${s.bold(r.role)}, simulated on ${s.bold(r.baseRole)} (session policy ${r.sessionPolicyChars} characters${r.policyArns.length ? `, ${r.policyArns.length} policy ARNs` : ""}).\n`);
      if (r.caveats.length) ctx.stderr.write(`${s.bold("What differs from the real role:")}\n${r.caveats.map((c) => `  ${s.yellow("!")} ${c}`).join("\n")}\n`);
      got = await assumeOrExplain(ctx, "rolecall simulate", r.baseRole, { ...req, roleSessionName: req.roleSessionName ?? r.roleSessionName }, { policy: r.sessionPolicy, policyArns: r.policyArns }, sts);
    } finally {
      sts.destroy();
    }
    if ("exit" in got) return got.exit;
    // node:child_process only when a command runs: loading it costs every other command start-up time
    const { runChild, sessionEnv } = await import("../cli/child");
    return runChild(ctx, command, sessionEnv(ctx.launchEnv ?? ctx.env, got.credentials), "rolecall simulate");
  },
};
