// The measuring half of the account-model benchmark (bench/account.ts starts it). Each mode runs
// in a fresh `node --expose-gc` process, so that peak RSS and cold caches are those of one job,
// and prints one JSON line on stdout:
//   generate DIR OPTIONS-JSON   write a synthetic snapshot (bench/synthetic.ts SyntheticOptions)
//   load DIR                    time loadSnapshot, peak RSS
//   assume DIR COUNT            who can assume COUNT roles, twice
//   profile DIR                 where whoCanAssume spends its time
//   matrix DIR                  the principal × role matrix of the snapshot

import { readFileSync } from "node:fs";
import { Session, type Profiler } from "node:inspector";
import { fileURLToPath } from "node:url";
import type { AccountModel, IamRole } from "../lib/account/model";
import { loadSnapshot } from "../lib/account/snapshot";
import { admits, assumableBy, knownPrincipals, trustIndex, whoCanAssume, type AssumeVerdict } from "../lib/diagnose/assumers";
import { buildContext } from "../lib/diagnose/context";
import { diagnoseAssumeRole } from "../lib/diagnose/diagnose";
import { rolePolicies, userPolicies } from "../lib/diagnose/policies";
import { callerProfile, roleProfile } from "../lib/diagnose/profile";
import type { CompiledPolicySet } from "../lib/policy/evaluate";
import { evaluate } from "../lib/policy/evaluate";
import { kindOf, writeSyntheticSnapshot, type SyntheticOptions, type TrustKind } from "./synthetic";

declare const gc: undefined | (() => void);
const collect = () => {
  if (typeof gc === "function") {
    gc();
    gc();
  }
};
const mb = (bytes: number) => bytes / 1024 / 1024;

/** Wall and CPU time (all threads of the process, GC helpers included) since the start. */
function clock() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const ms = performance.now() - wall;
    const used = process.cpuUsage(cpu);
    return { ms, cpuShare: (used.user + used.system) / 1000 / ms };
  };
}
const count = (n: number) => n.toLocaleString("en-US");

// ---- generate ---------------------------------------------------------------------------------

async function generate(args: string[]) {
  const [dir, options] = args;
  const o = JSON.parse(options!) as SyntheticOptions;
  const t = performance.now();
  const w = await writeSyntheticSnapshot(dir!, o);
  return { ms: performance.now() - t, bytes: w.bytes, counts: w.snapshot.counts };
}

// ---- load -------------------------------------------------------------------------------------

async function load(args: string[]) {
  const dir = args[0]!;
  collect();
  const before = process.memoryUsage();
  const baselineMaxRss = process.resourceUsage().maxRSS;
  const stop = clock();
  const model = await loadSnapshot(dir);
  const { ms, cpuShare } = stop();
  const peakRssKb = process.resourceUsage().maxRSS;
  collect();
  const after = process.memoryUsage();
  return {
    ms,
    cpuShare,
    peakRssMb: peakRssKb / 1024,
    baselineRssMb: baselineMaxRss / 1024,
    rssBeforeMb: mb(before.rss),
    retainedHeapMb: mb(after.heapUsed - before.heapUsed),
    counts: { users: model.users.size, groups: model.groups.size, roles: model.roles.size, policies: model.policies.size, bundled: [...model.policies.values()].filter((p) => p.origin === "bundled").length, unknowns: model.unknowns.length, problems: model.problems.length },
  };
}

// ---- assume -----------------------------------------------------------------------------------

/** A deterministic pick of roles: mostly account-root, named and service trusts, a few of the rest. */
function pickRoles(model: AccountModel, count: number): IamRole[] {
  const share: Array<[TrustKind, number]> = [
    ["acct", 0.24],
    ["named", 0.28],
    ["svc", 0.24],
    ["ext", 0.08],
    ["oidc", 0.06],
    ["mixed", 0.06],
    ["org", 0.04],
  ];
  const byKind = new Map<TrustKind, IamRole[]>();
  for (const r of model.roles.values()) {
    const k = kindOf(r);
    if (!byKind.has(k)) byKind.set(k, []);
    byKind.get(k)!.push(r);
  }
  const picked: IamRole[] = [];
  for (const [kind, s] of share) {
    const list = byKind.get(kind) ?? [];
    const n = Math.min(list.length, Math.max(1, Math.round(count * s)));
    // spread over the list (and so over teams), not the first n
    for (let i = 0; i < n; i++) picked.push(list[Math.floor(((i + 0.5) * list.length) / n)]!);
  }
  // interleave kinds, so that the cold first queries are not all of one kind
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  return picked.slice(0, count);
}

function mix(v: AssumeVerdict[]) {
  let evaluated = 0;
  const verdicts = { allowed: 0, unknown: 0, denied: 0 };
  for (const x of v) {
    verdicts[x.verdict]++;
    if (!x.screened) evaluated++;
  }
  return { principals: v.length, evaluated, ...verdicts };
}

async function assume(args: string[]) {
  const [dir, count] = args;
  const model = await loadSnapshot(dir!);
  const roles = pickRoles(model, Number(count ?? 50));
  const passes = [];
  const cpuShares = [];
  for (let pass = 0; pass < 2; pass++) {
    const stop = clock();
    const rows = roles.map((role) => {
      const c = process.cpuUsage();
      const t = performance.now();
      const v = whoCanAssume(model, role);
      const ms = performance.now() - t;
      const used = process.cpuUsage(c);
      return { role: role.name, kind: kindOf(role), ms, cpuMs: (used.user + used.system) / 1000, ...mix(v) };
    });
    cpuShares.push(stop().cpuShare);
    passes.push(rows);
  }
  return { principals: knownPrincipals(model).length, passes, cpuShares };
}

// ---- profile ----------------------------------------------------------------------------------

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

interface Place {
  module: string;
  /** the start of the source line, for anonymous functions */
  code: string;
}

/** Where a profiled function is: its source module (from esbuild's `// lib/…/x.ts` markers in the bundle) and code. */
function placeResolver(): (url: string, line: number) => Place {
  const self = fileURLToPath(import.meta.url);
  const sources = new Map<string, string[]>();
  const linesOf = (file: string) => {
    let l = sources.get(file);
    if (!l) {
      try {
        l = readFileSync(file, "utf8").split("\n");
      } catch {
        l = [];
      }
      sources.set(file, l);
    }
    return l;
  };
  const bundled = self.endsWith(".mjs");
  const marks: Array<[number, string]> = [];
  if (bundled) {
    linesOf(self).forEach((l, i) => {
      const m = /^\/\/ ((?:lib|bench|node_modules)\/\S+\.(?:ts|js|mjs))$/.exec(l);
      if (m) marks.push([i, m[1]!]);
    });
  }
  return (url, line) => {
    const file = url.replace(/^file:\/\//, "");
    const code = (linesOf(file)[line] ?? "").trim().slice(0, 60);
    if (!bundled || file !== self) return { module: file.replace(process.cwd() + "/", ""), code };
    let lo = 0;
    let hi = marks.length - 1;
    let found = "bench";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid]![0] <= line) {
        found = marks[mid]![1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return { module: found, code };
  };
}

interface Row {
  name: string;
  ms: number;
}

async function cpuProfile(work: () => void): Promise<{ total: number; functions: Row[]; modules: Row[] }> {
  const session = new Session();
  session.connect();
  await post(session, "Profiler.enable");
  await post(session, "Profiler.setSamplingInterval", { interval: 200 });
  await post(session, "Profiler.start");
  work();
  const { profile } = await post<{ profile: Profiler.Profile }>(session, "Profiler.stop");
  session.disconnect();
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const where = placeResolver();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: Profiler.ProfileNode): { fn: string; module: string } => {
    const f = n.callFrame;
    if (!f.url) {
      // a builtin (no script): name it after the JS function that called it
      const p = parent.get(n.id);
      const caller = p !== undefined ? nodes.get(p) : undefined;
      if (f.functionName.startsWith("(") || !caller || !caller.callFrame.url) return { fn: f.functionName || "(native)", module: f.functionName.startsWith("(") ? f.functionName : "(native builtins)" };
      const c = name(caller);
      return { fn: `${f.functionName || "(native)"} ← ${c.fn}`, module: "(native builtins)" };
    }
    const at = where(f.url, f.lineNumber);
    return { fn: `${f.functionName || `(anonymous) \`${at.code}\``} · ${at.module}`, module: at.module };
  };
  const byFn = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0) continue;
    const f = node.callFrame;
    if (f.functionName === "(idle)" || f.functionName === "(root)" || f.functionName === "(program)") continue;
    const { fn, module } = name(node);
    // the profiler's own Profiler.stop (it samples itself while it builds the profile)
    if (fn.includes("← post ·")) continue;
    total += us;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) => [...m].map(([n, us]) => ({ name: n, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  return { total: total / 1000, functions: rows(byFn).slice(0, 15), modules: rows(byModule).slice(0, 12) };
}

const ORDER = { allowed: 0, unknown: 1, denied: 2 } as const;

/** CPU time of the stages of whoCanAssume on some roles, each in its own loop (caches warm). */
function stages(model: AccountModel, roles: IamRole[]) {
  // CPU time of the process (GC threads included), less disturbed than wall time by other processes
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  const t = (f: () => void) => {
    const s = process.cpuUsage();
    f();
    return cpuMs(s);
  };
  const now = new Date();
  let sink = 0;
  const out: Record<string, number> = {};
  const add = (k: string, ms: number) => (out[k] = (out[k] ?? 0) + ms);
  let diagnosed = 0;
  let screened = 0;
  for (const role of roles) {
    add("whoCanAssume, total", t(() => void (sink += whoCanAssume(model, role).length)));
    const idx = trustIndex(role);
    let principals = knownPrincipals(model, idx.services);
    add("knownPrincipals (an object per principal)", t(() => void (principals = knownPrincipals(model, idx.services))));
    let admitted = principals;
    add("screening by the trust index", t(() => void (admitted = principals.filter((p) => admits(idx, p) && p.kind !== "root"))));
    diagnosed += admitted.length;
    screened += principals.length - admitted.length;
    add("diagnoseAssumeRole (lean), total", t(() => admitted.forEach((p) => void (sink += diagnoseAssumeRole(model, { principal: p.arn, role: role.arn }, { lean: true }).checks.length))));
    // the parts of diagnoseAssumeRole that can be called on their own
    add("· callerProfile (cache hit)", t(() => admitted.forEach((p) => void (sink += typeof callerProfile(model, p.arn) === "string" ? 0 : 1))));
    add("· model.findRole (ARN, map hit)", t(() => admitted.forEach(() => void (sink += model.findRole(role.arn, role.account) ? 1 : 0))));
    add("· roleProfile (cache hit)", t(() => admitted.forEach(() => void (sink += roleProfile(model, role).errors.length))));
    const rp = roleProfile(model, role);
    const setups = admitted.map((p) => {
      const cp = callerProfile(model, p.arn);
      if (typeof cp === "string") throw new Error(cp);
      const policies: CompiledPolicySet = { identity: cp.identity, resource: rp.trust, permissionBoundary: cp.boundary, scps: cp.scps, rcps: rp.rcps };
      const all = [...(rp.trust ? [rp.trust] : []), ...cp.identity, ...(cp.boundary ? [cp.boundary] : []), ...(cp.scps?.flat() ?? []), ...(rp.rcps?.flat() ?? [])];
      return { cp, policies, all };
    });
    const built = setups.map((s) => buildContext(model, s.cp.caller, role, role.arn, { principal: s.cp.caller.errorArn, role: role.arn }, s.all, now));
    add("· buildContext", t(() => setups.forEach((s) => void (sink += buildContext(model, s.cp.caller, role, role.arn, { principal: s.cp.caller.errorArn, role: role.arn }, s.all, now).unknownKeys.size))));
    add(
      "· evaluate (pessimistic, and optimistic when a key is unknown)",
      t(() =>
        setups.forEach((s, i) => {
          const b = built[i]!;
          const req = { principal: s.cp.caller.principal, action: "sts:AssumeRole", resource: role.arn, resourceAccount: role.account, context: b.context };
          const pess = evaluate(req, s.policies, { unknownKeys: b.unknownKeys, assume: "pessimistic" });
          sink += pess.traces.length;
          if (pess.assumedKeys.length > 0) sink += evaluate(req, s.policies, { unknownKeys: b.unknownKeys, assume: "optimistic" }).traces.length;
        }),
      ),
    );
    // model.unknownsFor scans model.unknowns, a flat list, on each call: measured in place, by
    // wrapping the method on this model instance for one more run of whoCanAssume
    const inSitu = { calls: 0, ms: 0 };
    const original = model.unknownsFor;
    model.unknownsFor = (subject: string) => {
      const s = process.cpuUsage();
      const r = original.call(model, subject);
      inSitu.ms += cpuMs(s);
      inSitu.calls++;
      return r;
    };
    try {
      sink += whoCanAssume(model, role).length;
    } finally {
      model.unknownsFor = original;
    }
    add(`· model.unknownsFor, in place (linear scans of the ${count(model.unknowns.length)} unknowns)`, inSitu.ms);
    add("  calls per role", inSitu.calls);
    // the verdicts in the order whoCanAssume sorts them from (knownPrincipals order), not already sorted
    const verdictOf = new Map(whoCanAssume(model, role).map((v) => [v.principal, v]));
    const unsorted = principals.map((p) => verdictOf.get(p.arn)!);
    add("sorting the verdicts (sortVerdicts: localeCompare)", t(() => void (sink += [...unsorted].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || Number(a.screened) - Number(b.screened) || a.principal.localeCompare(b.principal)).length)));
  }
  if (sink < 0) console.error(sink);
  const part = (prefix: string) => out[Object.keys(out).find((k) => k.startsWith(prefix))!] ?? 0;
  // the model's own method, not the wrapper (which is gone again)
  if (model.unknownsFor !== Object.getPrototypeOf(model).unknownsFor) throw new Error("unknownsFor still wrapped");
  out["rest, by difference: assess() verdict objects for every principal, GC"] = part("whoCanAssume") - part("knownPrincipals") - part("screening") - part("diagnoseAssumeRole") - part("sorting");
  return { roles: roles.length, diagnosed: diagnosed / roles.length, screened: screened / roles.length, stages: Object.entries(out).map(([name, ms]) => ({ name, ms: ms / roles.length })) };
}

/**
 * Compiled documents are cached per (document, kind, name) — lib/diagnose/policies.ts — and a
 * caller's label (its position, identity[0], identity[1], …) is applied to a shallow copy, so a
 * managed or group policy shared by many principals is compiled once. Counted over every caller.
 */
function compileKeys(model: AccountModel) {
  const docs = new Set<object>();
  const keys = new Map<object, Set<string>>();
  let slots = 0;
  for (const p of knownPrincipals(model)) {
    if (p.kind !== "user" && p.kind !== "role") continue;
    const g = p.kind === "user" ? userPolicies(model, model.users.get(p.arn)!) : rolePolicies(model, model.roles.get(p.arn)!);
    g.documents.forEach((d) => {
      slots++;
      docs.add(d.document);
      if (!keys.has(d.document)) keys.set(d.document, new Set());
      keys.get(d.document)!.add(d.name);
    });
  }
  let compiles = 0;
  let shared = 0;
  let sharedCompiles = 0;
  for (const k of keys.values()) {
    compiles += k.size;
    if (k.size > 1) {
      shared++;
      sharedCompiles += k.size;
    }
  }
  return { slots, documents: docs.size, compiles, shared, sharedCompiles };
}

async function profileMode(args: string[]) {
  const stop = clock();
  const model = await loadSnapshot(args[0]!);
  const roles = pickRoles(model, 50);
  const acct = roles.filter((r) => kindOf(r) === "acct").slice(0, 4);
  const cheap = roles.filter((r) => kindOf(r) === "named" || kindOf(r) === "svc").slice(0, 5);
  // warm every cache (caller profiles, compiled documents, trust indexes) and the JIT
  for (const r of [...acct, ...cheap]) whoCanAssume(model, r);
  for (const r of [...acct, ...cheap]) whoCanAssume(model, r);
  const acctStages = stages(model, acct);
  const cheapStages = stages(model, cheap);
  const cpu = await cpuProfile(() => {
    for (const r of acct) whoCanAssume(model, r);
  });
  const cheapCpu = await cpuProfile(() => {
    for (let rep = 0; rep < 5; rep++) for (const r of cheap) whoCanAssume(model, r);
  });
  // the one-off cost a fresh model pays on its first account-root query: every caller's policies compiled
  const fresh = await loadSnapshot(args[0]!);
  const first = acct[0] ? fresh.roles.get(acct[0].arn)! : undefined;
  let coldMs = 0;
  let cold: Awaited<ReturnType<typeof cpuProfile>> | undefined;
  if (first) {
    cold = await cpuProfile(() => {
      const t = performance.now();
      whoCanAssume(fresh, first);
      coldMs = performance.now() - t;
    });
  }
  return { unknowns: model.unknowns.length, acct: { ...acctStages, cpu }, cheap: { ...cheapStages, cpu: cheapCpu }, cold: { ms: coldMs, cpu: cold, compile: compileKeys(fresh) }, cpuShare: stop().cpuShare };
}

// ---- matrix -----------------------------------------------------------------------------------

async function matrix(args: string[]) {
  const out = [];
  for (const dir of args) {
    // warm the JIT on a throwaway model, so that the smallest size does not pay for it alone
    const warm = await loadSnapshot(dir);
    const warmRoles = [...warm.roles.values()].slice(0, 40);
    for (const p of knownPrincipals(warm).slice(0, 40)) assumableBy(warm, p.arn);
    for (const r of warmRoles) whoCanAssume(warm, r);
    const model = await loadSnapshot(dir);
    const principals = knownPrincipals(model).filter((p) => p.kind === "user" || p.kind === "role");
    const roles = [...model.roles.values()].filter((r) => !r.path.startsWith("/aws-service-role/"));
    collect();
    // rows: what each principal can assume (assumableBy), on a fresh model
    let stop = clock();
    const byRow = new Map<string, string>();
    let cells = 0;
    let evaluated = 0;
    const verdicts = { allowed: 0, unknown: 0, denied: 0 };
    for (const p of principals) {
      for (const v of assumableBy(model, p.arn)) {
        cells++;
        verdicts[v.verdict]++;
        if (!v.screened) {
          evaluated++;
          byRow.set(`${v.principal} ${v.role}`, `${v.verdict} ${v.blockedBy.join(",")}`);
        }
      }
    }
    const rows = stop();
    // columns: who can assume each role (whoCanAssume), on another fresh model
    const model2 = await loadSnapshot(dir);
    collect();
    stop = clock();
    let disagree = 0;
    let compared = 0;
    for (const role of model2.roles.values()) {
      if (role.path.startsWith("/aws-service-role/")) continue;
      for (const v of whoCanAssume(model2, role)) {
        if (v.kind !== "user" && v.kind !== "role") continue;
        const row = byRow.get(`${v.principal} ${v.role}`);
        if (!v.screened || row) {
          compared++;
          if (row !== `${v.verdict} ${v.blockedBy.join(",")}`) disagree++;
        }
      }
    }
    const columns = stop();
    out.push({ roles: roles.length, users: model.users.size, principals: principals.length, cells, evaluated, verdicts, rowsMs: rows.ms, rowsCpu: rows.cpuShare, columnsMs: columns.ms, columnsCpu: columns.cpuShare, compared, disagree, unknowns: model.unknowns.length });
  }
  return out;
}

// ---- main -------------------------------------------------------------------------------------

const MODES: Record<string, (args: string[]) => Promise<unknown>> = { generate, load, assume, profile: profileMode, matrix };

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const run = mode ? MODES[mode] : undefined;
  if (!run) {
    console.error(`usage: account-worker ${Object.keys(MODES).join("|")} ARGS…`);
    process.exit(2);
  }
  const result = await run(args);
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
