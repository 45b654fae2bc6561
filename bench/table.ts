// A markdown table whose columns line up in a terminal too.

export type Align = "left" | "right";

export function table(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const pad = (text: string, c: number) => (align[c] === "right" ? text.padStart(widths[c]!) : text.padEnd(widths[c]!));
  const line = (cells: string[]) => `| ${cells.map((t, c) => pad(t, c)).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (align[c] === "right" ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(headers), rule, ...rows.map((r) => line(headers.map((_, c) => r[c] ?? "")))].join("\n");
}

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567" */
export function count(n: number): string {
  return grouped.format(n);
}

/** A number with `digits` decimals. */
export function fixed(n: number, digits: number): string {
  return n.toFixed(digits);
}

/** 0.973 → "97%" */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
