"use client";
// Sessions over time: one bar per time bucket, successes (green, below) and failures (red, on top)
// stacked. Pointing at a bar (or moving to it with the arrow keys) shows its counts; clicking it
// (or Enter) narrows the search to its time range. For screen readers: a summary as the chart's
// label and the counts as a table.

import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatShortTime } from "@/lib/ui/session-format";
import { bucketLabel, bucketWidthLabel, plural, timeTicks, yScale } from "@/lib/ui/timeline-axis";
import { btn } from "@/components/ui/buttons";
import { Spinner } from "@/components/ui/Spinner";
import type { TimelineResponse } from "./api";

export const SUCCESS_FILL = "#10b981"; // emerald-500
export const FAILURE_FILL = "#dc2626"; // red-600

const HEIGHT = 132;
/** The widest a bar's slot gets: a short span is shown amid empty time around it, not as a few wide blocks. */
const MAX_SLOT = 36;
const PAD = { top: 10, right: 8, bottom: 22, left: 34 };

interface Props {
  data: TimelineResponse | undefined;
  loading: boolean;
  fetching: boolean;
  error: Error | null;
  /** narrow the search to [from, to) */
  onPick: (from: string, to: string) => void;
  /** the search has a time range: offer to drop it */
  zoomed: boolean;
  onZoomOut: () => void;
}

function Swatch({ fill }: { fill: string }) {
  return (
    <svg viewBox="0 0 10 10" className="size-2.5 shrink-0" aria-hidden>
      <rect width="10" height="10" rx="2" fill={fill} />
    </svg>
  );
}

export function Timeline({ data, loading, fetching, error, onPick, zoomed, onZoomOut }: Props) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [active, setActive] = useState<{ index: number; by: "pointer" | "keyboard" } | null>(null);
  const hintId = useId();

  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const bucketSeconds = data?.bucketSeconds ?? 3600;
  const plotW = Math.max(0, width - PAD.left - PAD.right);
  const slots = Math.floor(plotW / MAX_SLOT);
  const buckets = useMemo(() => {
    const real = data?.buckets ?? [];
    if (real.length === 0 || real.length >= slots) return real;
    const before = Math.floor((slots - real.length) / 2);
    const after = slots - real.length - before;
    const t0 = Date.parse(real[0]!.start);
    const tn = Date.parse(real[real.length - 1]!.start);
    const pad = (t: number) => ({ start: new Date(t).toISOString().replace(".000Z", "Z"), success: 0, failure: 0 });
    return [
      ...Array.from({ length: before }, (_, i) => pad(t0 - (before - i) * bucketSeconds * 1000)),
      ...real,
      ...Array.from({ length: after }, (_, i) => pad(tn + (i + 1) * bucketSeconds * 1000)),
    ];
  }, [data, slots, bucketSeconds]);
  const totals = useMemo(() => buckets.reduce((a, b) => ({ success: a.success + b.success, failure: a.failure + b.failure }), { success: 0, failure: 0 }), [buckets]);
  const maxCount = useMemo(() => buckets.reduce((m, b) => Math.max(m, b.success + b.failure), 0), [buckets]);
  const y = yScale(maxCount);

  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const n = buckets.length;
  const bw = n ? plotW / n : 0;
  const gap = bw > 6 ? Math.min(4, bw * 0.22) : bw > 3 ? 1 : 0;
  const fromMs = n ? Date.parse(buckets[0]!.start) : 0;
  const toMs = n ? Date.parse(buckets[n - 1]!.start) + bucketSeconds * 1000 : 0;
  const xOf = (t: number) => PAD.left + ((t - fromMs) / (toMs - fromMs || 1)) * plotW;
  const hOf = (count: number) => (count <= 0 ? 0 : Math.max(2, (count / y.max) * plotH));
  const ticks = n && plotW > 0 ? timeTicks(fromMs, toMs, Math.max(2, Math.floor(plotW / 72))) : [];
  const yTicks: number[] = [];
  for (let v = 0; v <= y.max; v += y.step) yTicks.push(v);

  const busiest = buckets.reduce<number>((best, b, i) => (b.success + b.failure > (best < 0 ? 0 : buckets[best]!.success + buckets[best]!.failure) ? i : best), -1);
  const total = totals.success + totals.failure;
  const summary = n
    ? `Bar chart of ${plural(total, "session")} from ${formatShortTime(buckets[0]!.start)} to ${formatShortTime(new Date(toMs).toISOString())} UTC, in ${bucketWidthLabel(bucketSeconds)}: ${totals.success} succeeded (green), ${totals.failure} failed (red).${busiest >= 0 ? ` Busiest: ${bucketLabel(buckets[busiest]!.start, bucketSeconds)} with ${plural(buckets[busiest]!.success + buckets[busiest]!.failure, "session")}.` : ""}`
    : "No sessions to chart.";

  const pick = (i: number) => {
    const b = buckets[i];
    if (!b || b.success + b.failure === 0) return;
    const start = Date.parse(b.start);
    onPick(new Date(start).toISOString().replace(".000Z", "Z"), new Date(start + bucketSeconds * 1000).toISOString().replace(".000Z", "Z"));
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!n) return;
    const cur = active?.index ?? -1;
    // arrows step over empty bars: a week of 3-hour bars is mostly empty
    const nextNonEmpty = (from: number, dir: 1 | -1) => {
      for (let i = from + dir; i >= 0 && i < n; i += dir) if (buckets[i]!.success + buckets[i]!.failure > 0) return i;
      return null;
    };
    let next: number | null = null;
    if (e.key === "ArrowRight") next = nextNonEmpty(cur, 1);
    else if (e.key === "ArrowLeft") next = nextNonEmpty(cur < 0 ? n : cur, -1);
    else if (e.key === "Home") next = nextNonEmpty(-1, 1);
    else if (e.key === "End") next = nextNonEmpty(n, -1);
    else if ((e.key === "Enter" || e.key === " ") && cur >= 0) {
      e.preventDefault();
      pick(cur);
      return;
    } else if (e.key === "Escape") {
      setActive(null);
      return;
    }
    if (next === null) return;
    e.preventDefault();
    setActive({ index: next, by: "keyboard" });
  };

  const activeBucket = active ? buckets[active.index] : undefined;
  // beside the bar, at the top of the plot: never over the bar itself or the legend
  const barMid = active ? PAD.left + (active.index + 0.5) * bw : 0;
  const tipRight = barMid + bw / 2 + 8 + 230 <= width;
  const tipX = tipRight ? barMid + Math.max(bw / 2, 4) + 6 : barMid - Math.max(bw / 2, 4) - 6;

  return (
    <section aria-labelledby={`${hintId}-title`} className="rounded-lg border border-zinc-200 bg-white px-3 pt-2.5 pb-2 shadow-xs" data-testid="timeline">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <h2 id={`${hintId}-title`} className="text-[13px] font-semibold text-zinc-900">
          Sessions over time
        </h2>
        {n > 0 && (
          <ul className="flex items-center gap-3 text-xs text-zinc-700" aria-label="Legend" data-testid="timeline-legend">
            <li className="flex items-center gap-1.5">
              <Swatch fill={SUCCESS_FILL} />
              succeeded <span className="font-semibold tabular-nums">{totals.success}</span>
            </li>
            <li className="flex items-center gap-1.5">
              <Swatch fill={FAILURE_FILL} />
              failed <span className="font-semibold tabular-nums">{totals.failure}</span>
            </li>
          </ul>
        )}
        <p className="text-[11px] text-zinc-500">
          {n > 0 ? `${bucketWidthLabel(bucketSeconds)}, UTC · click a bar to zoom in` : ""}
          {fetching && !loading && <Spinner className="ml-2 inline size-3 align-[-2px]" />}
        </p>
        {zoomed && (
          <button type="button" className={`${btn.link} ml-auto`} onClick={onZoomOut} data-testid="timeline-zoom-out">
            Show all times
          </button>
        )}
      </div>

      <div ref={boxRef} className="relative mt-1.5">
        {loading ? (
          <div className="flex h-[132px] items-center justify-center gap-2 rounded bg-zinc-50 text-xs text-zinc-500" data-testid="timeline-loading">
            <Spinner className="size-3.5" /> Charting the sessions…
          </div>
        ) : error && !data ? (
          <div className="flex h-[60px] items-center rounded bg-red-50 px-3 text-xs text-red-800">The timeline could not be loaded: {error.message}</div>
        ) : n === 0 || total === 0 ? (
          <div className="flex h-[60px] items-center justify-center rounded bg-zinc-50 text-xs text-zinc-500" data-testid="timeline-empty">
            No sessions to chart.
          </div>
        ) : (
          <div
            tabIndex={0}
            role="group"
            aria-label="Timeline bars"
            aria-describedby={hintId}
            onKeyDown={onKey}
            onBlur={() => setActive((a) => (a?.by === "keyboard" ? null : a))}
            className="rounded outline-none focus-visible:ring-2 focus-visible:ring-accent-500"
          >
            <span id={hintId} className="sr-only">
              Left and right arrows move between the bars that have sessions; Enter narrows the search to that bar&apos;s time range.
            </span>
            <svg width={width} height={HEIGHT} role="img" aria-label={summary} className="block select-none" data-testid="timeline-chart" onMouseLeave={() => setActive(null)}>
              {/* y grid and labels */}
              {yTicks.map((v) => {
                const yy = PAD.top + plotH - (v / y.max) * plotH;
                return (
                  <g key={v}>
                    <line x1={PAD.left} x2={PAD.left + plotW} y1={yy} y2={yy} stroke={v === 0 ? "#a1a1aa" : "#e4e4e7"} strokeWidth={1} shapeRendering="crispEdges" />
                    <text x={PAD.left - 6} y={yy} dy="0.32em" textAnchor="end" fontSize={10} fill="#71717a" className="tabular-nums">
                      {v}
                    </text>
                  </g>
                );
              })}
              {/* day separators */}
              {ticks
                .filter((t) => t.major)
                .map((t) => (
                  <line key={`sep-${t.t}`} x1={xOf(t.t)} x2={xOf(t.t)} y1={PAD.top} y2={PAD.top + plotH} stroke="#e4e4e7" strokeDasharray="2 3" shapeRendering="crispEdges" />
                ))}
              {/* bars */}
              {buckets.map((b, i) => {
                const x = PAD.left + i * bw + gap / 2;
                const w = Math.max(1, bw - gap);
                const hs = hOf(b.success);
                const hf = b.failure > 0 ? Math.max(2, hOf(b.success + b.failure) - hs) : 0;
                const base = PAD.top + plotH;
                const count = b.success + b.failure;
                const isActive = active?.index === i;
                return (
                  <g key={b.start} data-testid={count > 0 ? "timeline-bar" : undefined} data-start={b.start} data-success={b.success} data-failure={b.failure}>
                    {isActive && <rect x={PAD.left + i * bw} y={PAD.top} width={bw} height={plotH} fill="#f4f4f5" />}
                    {hs > 0 && <rect x={x} y={base - hs} width={w} height={hs} fill={SUCCESS_FILL} rx={w > 6 ? 1.5 : 0} opacity={active && !isActive ? 0.75 : 1} />}
                    {hf > 0 && <rect x={x} y={base - hs - hf} width={w} height={hf} fill={FAILURE_FILL} rx={w > 6 ? 1.5 : 0} opacity={active && !isActive ? 0.75 : 1} />}
                    {/* the whole column answers the pointer, not only the bar */}
                    <rect
                      x={PAD.left + i * bw}
                      y={PAD.top}
                      width={bw}
                      height={plotH}
                      fill="transparent"
                      className={count > 0 ? "cursor-pointer" : undefined}
                      onMouseEnter={() => setActive({ index: i, by: "pointer" })}
                      onClick={() => pick(i)}
                    />
                  </g>
                );
              })}
              {/* x axis */}
              {ticks.map((t) => {
                const x = xOf(t.t);
                return (
                  <g key={t.t}>
                    <line x1={x} x2={x} y1={PAD.top + plotH} y2={PAD.top + plotH + 4} stroke="#a1a1aa" shapeRendering="crispEdges" />
                    <text x={x} y={PAD.top + plotH + 15} textAnchor="middle" fontSize={10.5} fill={t.major ? "#3f3f46" : "#71717a"} fontWeight={t.major ? 600 : 400}>
                      {t.label}
                    </text>
                  </g>
                );
              })}
            </svg>
            {activeBucket && (
              <div
                className={`pointer-events-none absolute z-10 w-max max-w-64 rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-lg ${tipRight ? "" : "-translate-x-full"}`}
                style={{ left: tipX, top: PAD.top }}
                data-testid="timeline-tooltip"
              >
                <p className="font-medium text-zinc-900">{bucketLabel(activeBucket.start, bucketSeconds)}</p>
                {activeBucket.success + activeBucket.failure === 0 ? (
                  <p className="text-zinc-500">no sessions</p>
                ) : (
                  <>
                    <p className="flex items-center gap-1.5 text-zinc-700">
                      <Swatch fill={SUCCESS_FILL} /> {activeBucket.success} succeeded
                    </p>
                    <p className="flex items-center gap-1.5 text-zinc-700">
                      <Swatch fill={FAILURE_FILL} /> {activeBucket.failure} failed
                    </p>
                    <p className="mt-0.5 text-[11px] text-zinc-500">{active?.by === "keyboard" ? "Enter" : "Click"} to show only this period</p>
                  </>
                )}
              </div>
            )}
            <p className="sr-only" aria-live="polite">
              {active?.by === "keyboard" && activeBucket ? `${bucketLabel(activeBucket.start, bucketSeconds)}: ${activeBucket.success} succeeded, ${activeBucket.failure} failed.` : ""}
            </p>
          </div>
        )}
        {n > 0 && total > 0 && (
          // a table grows to its content whatever its width: the 1 px box is a div around it
          <div className="sr-only">
          <table>
            <caption>Sessions per period (UTC); periods without sessions are left out</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Succeeded</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {buckets
                .filter((b) => b.success + b.failure > 0)
                .map((b) => (
                  <tr key={b.start}>
                    <th scope="row">{bucketLabel(b.start, bucketSeconds)}</th>
                    <td>{b.success}</td>
                    <td>{b.failure}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          </div>
        )}
      </div>
    </section>
  );
}
