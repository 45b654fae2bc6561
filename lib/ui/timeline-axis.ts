// The sessions timeline's axes: a y scale of whole numbers that reads at a glance, time ticks on
// whole hours, days or months (UTC, as CloudTrail's times), and the words for one bar. Pure.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The top of the y axis and its tick step: whole numbers, at most about 4 ticks (0 excluded). */
export function yScale(maxCount: number): { max: number; step: number } {
  const m = Math.max(1, Math.ceil(maxCount));
  if (m <= 4) return { max: m, step: 1 };
  const raw = m / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw && Number.isInteger(s)) ?? 10 * mag;
  return { max: Math.ceil(m / step) * step, step };
}

export interface TimeTick {
  t: number;
  label: string;
  /** a new day (or month): drawn stronger, labelled with the date */
  major: boolean;
}

const day = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

const STEPS = [MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];

/**
 * Ticks between `from` and `to` (ms), at most `maxTicks`: whole minutes or hours (the day's date at midnight),
 * whole days, or month starts for long spans.
 */
export function timeTicks(from: number, to: number, maxTicks: number): TimeTick[] {
  if (!(to > from) || maxTicks < 1) return [];
  const span = to - from;
  const step = STEPS.find((s) => span / s <= maxTicks);
  if (step === undefined) {
    // months (or every few months)
    const months = Math.max(1, Math.ceil(span / (30.44 * DAY) / maxTicks));
    const out: TimeTick[] = [];
    const d = new Date(from);
    let y = d.getUTCFullYear();
    let mo = d.getUTCMonth() + 1;
    for (;;) {
      if (mo > 11) {
        y += Math.floor(mo / 12);
        mo %= 12;
      }
      const t = Date.UTC(y, mo, 1);
      if (t >= to) break;
      if (mo % months === 0) out.push({ t, label: mo === 0 ? `${MONTHS[0]} ${y}` : MONTHS[mo]!, major: mo === 0 });
      mo += 1;
    }
    return out;
  }
  const out: TimeTick[] = [];
  // weeks start on Mondays; shorter steps on whole multiples from midnight UTC
  const origin = step >= 7 * DAY ? Date.UTC(1970, 0, 5) : 0;
  for (let t = Math.ceil((from - origin) / step) * step + origin; t < to; t += step) {
    const d = new Date(t);
    const midnight = t % DAY === 0;
    out.push(step < DAY ? { t, label: midnight ? day(d) : hhmm(d), major: midnight } : { t, label: day(d), major: true });
  }
  // within one day, the first tick says which day it is
  if (step < DAY && out.length && !out.some((x) => x.major)) out[0] = { t: out[0]!.t, label: `${day(new Date(out[0]!.t))}, ${out[0]!.label}`, major: true };
  return out;
}

/** One bar, as words: "Nov 17, 09:00–12:00 UTC", "Nov 17 UTC" for a day, "Nov 17 – Nov 24 UTC" for a week. */
export function bucketLabel(startIso: string, bucketSeconds: number): string {
  const a = new Date(startIso);
  if (Number.isNaN(a.getTime())) return startIso;
  const b = new Date(a.getTime() + bucketSeconds * 1000);
  if (bucketSeconds * 1000 === DAY && a.getTime() % DAY === 0) return `${day(a)} UTC`;
  if (bucketSeconds * 1000 < DAY) {
    const endLabel = b.getTime() % DAY === 0 ? "24:00" : hhmm(b);
    return `${day(a)}, ${hhmm(a)}–${endLabel} UTC`;
  }
  return `${day(a)} ${hhmm(a) === "00:00" ? "" : `${hhmm(a)} `}– ${day(b)}${hhmm(b) === "00:00" ? "" : ` ${hhmm(b)}`} UTC`;
}

/** The bucket width as words: "3-hour bars", "1-day bars". */
export function bucketWidthLabel(bucketSeconds: number): string {
  const s = bucketSeconds;
  if (s % 86400 === 0) return s === 86400 ? "daily bars" : s === 7 * 86400 ? "weekly bars" : `${s / 86400}-day bars`;
  if (s % 3600 === 0) return s === 3600 ? "hourly bars" : `${s / 3600}-hour bars`;
  if (s % 60 === 0) return `${s / 60}-minute bars`;
  return `${s}-second bars`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
