// A diagnosis (POST /api/diagnose's answer) as a person reads it at a glance in a terminal: the
// verdict, each failing or unknown check with the statement that decides it, the error STS would
// return, the fixes (statement plus the `aws` command, or Terraform / CloudFormation), and for
// each unknown the exact flag that settles it.

import type { StatementExplanation } from "@/lib/policy/explain";
import type { Check, DiagnoseResult, Fix } from "@/lib/diagnose/types";
import { PLAIN, type Style } from "./style";

export type FixFormat = "cli" | "terraform" | "cloudformation";
export const FIX_FORMATS = ["cli", "terraform", "cloudformation"] as const satisfies readonly FixFormat[];

/**
 * Which command's flags to name when telling how to settle an unknown: `diagnose` describes a
 * request, `exec` (and env, credential-process) makes one, and can set fewer of its parameters.
 */
export type FlagSet = "diagnose" | "exec";

export interface RenderOptions {
  style?: Style;
  fix?: FixFormat;
  flags?: FlagSet;
}

type Doc = Record<string, unknown>;

/** The flag that gives a condition key's value, or null when the command cannot set it. */
export function settleFlag(key: string, flags: FlagSet = "diagnose"): string | null {
  const k = key.toLowerCase();
  const exec = flags === "exec";
  if (k === "aws:multifactorauthpresent") return exec ? "--serial-number MFA_ARN (with --token-code CODE)" : "--mfa or --no-mfa";
  if (k === "sts:externalid") return "--external-id ID";
  if (k === "sts:rolesessionname") return "--role-session-name NAME";
  if (k === "sts:sourceidentity") return "--source-identity NAME";
  if (k === "sts:durationseconds") return "--duration-seconds N";
  if (exec) return null;
  if (k === "aws:sourceip") return "--source-ip IP";
  if (k === "aws:sourcevpce" || k === "aws:sourcevpc") return "--source-vpce vpce-ID";
  if (k.startsWith("aws:requesttag/")) return `--tag ${key.slice("aws:RequestTag/".length)}=VALUE`;
  if (k === "aws:tagkeys") return "--tag KEY=VALUE";
  if (k === "sts:transitivetagkeys") return "--transitive-tag-key KEY";
  return `--context ${key}=VALUE`;
}

function statementsOf(doc: unknown): Doc[] {
  let d = doc;
  if (typeof d === "string") {
    try {
      d = JSON.parse(/^\s*[{[]/.test(d) ? d : decodeURIComponent(d));
    } catch {
      return [];
    }
  }
  const s = (d as Doc | null)?.Statement;
  return (Array.isArray(s) ? s : s ? [s] : []) as Doc[];
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");
}

/** "Sid DenyX" or "statement 2" (1-based, as a person counts). */
function statementName(e: StatementExplanation): string {
  return e.sid ? `statement ${e.sid}` : `statement ${e.statement + 1}`;
}

/** The statement text that decides a check, looked up in the policies the check carries. */
function statementJson(check: Check, e: StatementExplanation): string | undefined {
  const ref = check.policies?.find((p) => p.label === e.policy);
  const st = ref ? statementsOf(ref.document)[e.statement] : undefined;
  return st ? JSON.stringify(st) : undefined;
}

/** The statements to show under a failing or unknown check. */
function deciding(check: Check): { shown: StatementExplanation[]; header: string | null } {
  const decisive = check.statements.filter((s) => s.decisive);
  if (decisive.length) return { shown: decisive, header: null };
  if (check.status === "unknown") {
    // the statements that would decide it once the unknown condition keys are known
    const conditional = check.statements.filter((s) => s.missingKeys?.length || s.failed === "condition");
    return { shown: conditional.length ? conditional : check.statements, header: null };
  }
  // An implicit deny: no statement decided it; show why each one did not apply.
  return { shown: check.statements, header: check.statements.length ? "no statement allows it:" : null };
}

const MAX_STATEMENTS = 6;

function renderCheck(check: Check, s: Style, flags: FlagSet): string[] {
  const mark = check.status === "fail" ? s.red("✗") : s.yellow("?");
  const out = [`  ${mark} ${s.bold(check.id)}  ${check.detail}`];
  const { shown, header } = deciding(check);
  if (header) out.push(`      ${s.dim(header)}`);
  for (const e of shown.slice(0, MAX_STATEMENTS)) {
    const where = `${e.policyName ?? e.policy}, ${statementName(e)}`;
    out.push(`      ${where} ${s.dim(`(${e.effect})`)}: ${e.reason}`);
    const json = statementJson(check, e);
    if (json) out.push(`        ${s.dim(json)}`);
  }
  if (shown.length > MAX_STATEMENTS) out.push(`      ${s.dim(`… and ${shown.length - MAX_STATEMENTS} more statements (--json has them all)`)}`);
  if (check.status === "unknown") {
    for (const key of check.unknownKeys ?? []) {
      const flag = settleFlag(key, flags);
      out.push(flag ? `      ${s.cyan("settle it:")} ${flag}  ${s.dim(`(gives ${key})`)}` : `      ${s.cyan("settle it:")} rolecall diagnose ... ${settleFlag(key)}  ${s.dim(`(${key} is not a parameter of AssumeRole)`)}`);
    }
  }
  return out;
}

/** A fix's link to a RoleCall page, as the command that does the same. */
function linkAsCommand(link: string, result: DiagnoseResult): string | undefined {
  if (link.startsWith("/simulate")) return `rolecall simulate ${result.role} --base-role BASE_ROLE -- COMMAND`;
  return undefined;
}

function renderFix(fix: Fix, n: number, result: DiagnoseResult, s: Style, format: FixFormat): string[] {
  const covers = fix.covers?.length ? `, also ${fix.covers.join(", ")}` : "";
  const out = [`  ${n}. ${s.bold(fix.title)} ${s.dim(`[${fix.target}${covers}]`)}`, indent(fix.explanation, "     ")];
  if (fix.statement) out.push(`     ${s.dim("statement:")}`, indent(JSON.stringify(fix.statement, null, 2), "       "));
  const code = format === "terraform" ? fix.terraform : format === "cloudformation" ? fix.cloudformation : fix.cli;
  if (code) out.push(`     ${s.dim(format === "cli" ? "run:" : `${format}:`)}`, indent(code, "       "));
  else if (format !== "cli" && fix.cli) out.push(`     ${s.dim(`no ${format} for this fix; run:`)}`, indent(fix.cli, "       "));
  const command = fix.link ? linkAsCommand(fix.link, result) : undefined;
  if (command) out.push(`     ${s.dim("try:")}`, `       ${command}`);
  return out;
}

/** API.md's `alternatives`: role-chaining routes to the role when the direct way is not allowed. */
interface Route {
  hops: { from: string; role: string; verdict: string; requires?: string[] }[];
  verdict: string;
  maxSessionSeconds?: number | null;
}

function routesOf(result: DiagnoseResult): Route[] {
  const a = (result as DiagnoseResult & { alternatives?: unknown }).alternatives;
  return Array.isArray(a) ? (a as Route[]).filter((r) => Array.isArray(r?.hops) && r.hops.length > 0) : [];
}

function renderRoute(r: Route, s: Style): string {
  const names = [r.hops[0]!.from, ...r.hops.map((h) => h.role)].join(" → ");
  const requires = [...new Set(r.hops.flatMap((h) => h.requires ?? []))];
  return `  ${names}${r.verdict === "unknown" ? s.yellow(" (unknown)") : ""}${requires.length ? s.dim(` (needs ${requires.join(", ")})`) : ""}`;
}

const VERDICT_WORD = { allowed: "ALLOWED", denied: "DENIED", unknown: "UNKNOWN" } as const;

export function renderDiagnosis(result: DiagnoseResult, o: RenderOptions = {}): string {
  const s = o.style ?? PLAIN;
  const flags = o.flags ?? "diagnose";
  const colour = result.verdict === "allowed" ? s.green : result.verdict === "denied" ? s.red : s.yellow;
  const lines: string[] = [`${colour(s.bold(VERDICT_WORD[result.verdict]))}  ${result.principal} → sts:AssumeRole → ${result.role}`];

  const failing = result.checks.filter((c) => c.status === "fail");
  const unknown = result.checks.filter((c) => c.status === "unknown");
  const passed = result.checks.filter((c) => c.status === "pass").map((c) => c.id);
  if (failing.length || unknown.length) lines.push("");
  for (const c of [...failing, ...unknown]) lines.push(...renderCheck(c, s, flags));
  lines.push("");
  if (passed.length) lines.push(`  ${s.green("✓")} ${s.dim(`pass: ${passed.join(", ")}`)}`);
  const na = result.checks.filter((c) => c.status === "not-applicable").map((c) => c.id);
  if (na.length) lines.push(`  ${s.dim(`– not applicable: ${na.join(", ")}`)}`);

  if (result.error) {
    lines.push("", `${s.bold("STS would answer")} ${s.dim(`(${result.errorCode ?? "AccessDenied"})`)}:`, `  ${result.error}`);
  }
  const settle = [...new Set(unknown.flatMap((c) => (c.unknownKeys ?? []).map((k) => settleFlag(k, flags)).filter((f): f is string => f !== null)))];
  if (result.verdict === "unknown" && settle.length) lines.push("", `${s.bold("To decide")}, give: ${settle.join("; ")}`);
  if (result.fixes.length) {
    lines.push("", s.bold("Fixes:"));
    result.fixes.forEach((f, i) => {
      if (i > 0) lines.push("");
      lines.push(...renderFix(f, i + 1, result, s, o.fix ?? "cli"));
    });
  }
  const routes = routesOf(result);
  if (result.verdict !== "allowed" && routes.length) lines.push("", s.bold("Other routes to the role (role chaining):"), ...routes.slice(0, 5).map((r) => renderRoute(r, s)));
  if (result.notes.length) lines.push("", ...result.notes.map((n) => `${s.dim("note:")} ${n}`));
  return `${lines.join("\n")}\n`;
}
