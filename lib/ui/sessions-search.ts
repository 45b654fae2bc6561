// The sessions page's search: what the address bar holds (plain parameters, so that other pages
// can link to /sessions?role=<ARN>&principal=<ARN>&outcome=failure), how it becomes a
// GET /api/sessions query, and the time inputs. Times are UTC throughout, as CloudTrail's are: a
// `datetime-local` input is read and written as UTC, so that a link means the same for everyone.
// Pure: no React, no fetch.

export const SESSION_LABELS = ["ECS task", "EC2 instance", "Lambda", "AWS service", "web identity", "SAML", "cross-account"] as const;
export type SessionLabelValue = (typeof SESSION_LABELS)[number];

export type Outcome = "" | "success" | "failure";

/** Rolling windows: `range=7d` in a link always means "the 7 days before now". */
export const QUICK_RANGES = [
  { value: "24h", label: "Last 24 h", ms: 86_400_000 },
  { value: "7d", label: "7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "30 days", ms: 30 * 86_400_000 },
] as const;
export type QuickRange = (typeof QUICK_RANGES)[number]["value"];

export interface SessionSearch {
  roleSessionName: string;
  /** a role ARN, or a role name */
  role: string;
  /** the caller: an ARN, a service principal, or a principal ID */
  principal: string;
  accessKeyId: string;
  /** ISO 8601 (UTC), inclusive; "" = open */
  from: string;
  /** ISO 8601 (UTC), exclusive; "" = open */
  to: string;
  /** a rolling window; when set, `from` and `to` are not used */
  range: QuickRange | "";
  outcome: Outcome;
  label: SessionLabelValue | "";
}

export function emptySearch(): SessionSearch {
  return { roleSessionName: "", role: "", principal: "", accessKeyId: "", from: "", to: "", range: "", outcome: "", label: "" };
}

const TEXT_KEYS = ["roleSessionName", "role", "principal", "accessKeyId"] as const;

export const ACCESS_KEY_ID = /^A[A-Z0-9]{15,127}$/;

/**
 * An ISO 8601 time in the form the page writes (`2026-11-17T10:20:44Z`), from what a link or an
 * input may hold: a date, a time without zone (UTC, as the API reads it), or any zone. Null when
 * it is not a time.
 */
export function normalizeIso(v: string): string | null {
  const s = v.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (!m) return null;
  const text = m[2] ? `${m[1]}T${m[2]}${m[3] ?? ":00"}${m[4] ?? "Z"}` : `${m[1]}T00:00:00Z`;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The value of a `datetime-local` input for an ISO time, in UTC: `2026-11-17T10:20`. */
export function isoToInput(iso: string): string {
  const n = normalizeIso(iso);
  if (!n) return "";
  const d = new Date(n);
  return d.getUTCSeconds() ? n.slice(0, 19) : n.slice(0, 16);
}

/** A `datetime-local` input's value (read as UTC) as ISO; null when empty or not a time. */
export function inputToIso(v: string): string | null {
  return v.trim() ? normalizeIso(v) : null;
}

export function searchFromQuery(search: string | URLSearchParams): SessionSearch {
  const p = typeof search === "string" ? new URLSearchParams(search) : search;
  const s = emptySearch();
  for (const k of TEXT_KEYS) s[k] = (p.get(k) ?? "").trim();
  const range = p.get("range");
  if (QUICK_RANGES.some((r) => r.value === range)) s.range = range as QuickRange;
  // an invalid time is kept as written: the API says what is wrong with it
  for (const k of ["from", "to"] as const) {
    const v = (p.get(k) ?? "").trim();
    s[k] = v ? (normalizeIso(v) ?? v) : "";
  }
  const outcome = p.get("outcome");
  if (outcome === "success" || outcome === "failure") s.outcome = outcome;
  const label = p.get("label");
  if ((SESSION_LABELS as readonly string[]).includes(label ?? "")) s.label = label as SessionLabelValue;
  return s;
}

/** The page's query string for a search (and the session open in the panel). */
export function searchToQuery(s: SessionSearch, session?: string | null): string {
  const p = new URLSearchParams();
  for (const k of TEXT_KEYS) if (s[k].trim()) p.set(k, s[k].trim());
  if (s.range) p.set("range", s.range);
  else {
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
  }
  if (s.outcome) p.set("outcome", s.outcome);
  if (s.label) p.set("label", s.label);
  if (session) p.set("session", session);
  return p.toString();
}

/** The start of a rolling window, rounded down to the minute (so that a query repeats the same). */
export function rangeStart(range: QuickRange, now: number): string {
  const ms = QUICK_RANGES.find((r) => r.value === range)!.ms;
  const t = Math.floor((now - ms) / 60_000) * 60_000;
  return new Date(t).toISOString().replace(".000Z", "Z");
}

/** The time span a search asks for, with a rolling window resolved against `now`. */
export function effectiveRange(s: SessionSearch, now: number): { from: string; to: string } {
  if (s.range) return { from: rangeStart(s.range, now), to: "" };
  return { from: s.from, to: s.to };
}

/** The filters as GET /api/sessions (and /timeline, and the CSV export) take them. */
export function apiParams(s: SessionSearch, now: number): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of TEXT_KEYS) if (s[k].trim()) p.set(k, s[k].trim());
  const { from, to } = effectiveRange(s, now);
  if (from) p.set("from", from);
  if (to) p.set("to", to);
  if (s.outcome) p.set("outcome", s.outcome);
  if (s.label) p.set("label", s.label);
  return p;
}

export function hasFilters(s: SessionSearch): boolean {
  return !!(s.roleSessionName || s.role || s.principal || s.accessKeyId || s.from || s.to || s.range || s.outcome || s.label);
}

export type SearchErrors = Partial<Record<"accessKeyId" | "from" | "to", string>>;

/** What the browser can tell is wrong before asking the server. */
export function validateSearch(s: SessionSearch): SearchErrors {
  const errors: SearchErrors = {};
  if (s.accessKeyId && !ACCESS_KEY_ID.test(s.accessKeyId)) errors.accessKeyId = "An access key ID is A followed by 15 or more capitals and digits, such as ASIAS4NWNQF4WZP076AC.";
  if (!s.range) {
    if (s.from && !normalizeIso(s.from)) errors.from = "Not a time: use 2026-11-17T10:00 (UTC).";
    if (s.to && !normalizeIso(s.to)) errors.to = "Not a time: use 2026-11-17T10:00 (UTC).";
    if (!errors.from && !errors.to && s.from && s.to && Date.parse(s.from) >= Date.parse(s.to)) errors.to = "The end must be after the start.";
  }
  return errors;
}

/** The filters in effect, as words: for the count line and the empty state. */
export function describeSearch(s: SessionSearch): string[] {
  const out: string[] = [];
  if (s.roleSessionName) out.push(`session name “${s.roleSessionName}”`);
  if (s.role) out.push(`role ${s.role.replace(/^arn:[^:]+:iam::\d{12}:role\//, "")}`);
  if (s.principal) out.push(`caller ${s.principal.replace(/^arn:[^:]+:(?:iam|sts)::\d{12}:/, "")}`);
  if (s.accessKeyId) out.push(`access key ${s.accessKeyId}`);
  if (s.range) out.push(QUICK_RANGES.find((r) => r.value === s.range)!.label.toLowerCase().replace(/^(\d)/, "last $1"));
  else if (s.from || s.to) out.push(`${s.from ? `from ${s.from.replace("T", " ").replace(/:00Z$|Z$/, "")}` : ""}${s.from && s.to ? " " : ""}${s.to ? `until ${s.to.replace("T", " ").replace(/:00Z$|Z$/, "")}` : ""} UTC`);
  if (s.outcome) out.push(s.outcome === "failure" ? "failed attempts" : "successful assumptions");
  if (s.label) out.push(`label ${s.label}`);
  return out;
}

/**
 * The empty state, as a sentence: "No sessions of role deploy in the last 7 days of the CloudTrail
 * read." `latest` is the newest event of a snapshot, which a rolling window counts back from.
 */
export function emptySentence(s: SessionSearch, latest: string | null): string {
  const parts: string[] = [];
  if (s.outcome === "failure") parts.push("failed attempts");
  else if (s.outcome === "success") parts.push("successful sessions");
  else parts.push("sessions");
  if (s.role) parts.push(`of role ${s.role.replace(/^arn:[^:]+:iam::\d{12}:role\//, "")}`);
  if (s.principal) parts.push(`by ${s.principal.replace(/^arn:[^:]+:(?:iam|sts)::\d{12}:/, "")}`);
  if (s.roleSessionName) parts.push(`named “${s.roleSessionName}”`);
  if (s.accessKeyId) parts.push(`with access key ${s.accessKeyId}`);
  if (s.label) parts.push(`labelled ${s.label}`);
  const short = (t: string) => t.replace("T", " ").replace(/:00Z$|Z$/, "");
  if (s.range) {
    const span = QUICK_RANGES.find((r) => r.value === s.range)!.label.replace(/^Last /, "").replace(/^(\d+) days$/, "$1 days");
    parts.push(latest ? `in the last ${span} of the CloudTrail read (up to its latest event, ${short(latest)} UTC)` : `in the last ${span}`);
  } else if (s.from || s.to) parts.push(`${s.from ? `from ${short(s.from)}` : ""}${s.from && s.to ? " " : ""}${s.to ? `until ${short(s.to)}` : ""} UTC`);
  return `No ${parts.join(" ")}.`;
}
