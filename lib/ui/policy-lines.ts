// Pretty-prints a policy document and finds the lines of each statement, so that the result
// view can highlight the statement that decided.

export interface PrettyPolicy {
  lines: string[];
  /** per statement index: [first, last] line, 0-based and inclusive */
  statements: [number, number][];
}

function toObject(doc: unknown): unknown {
  if (typeof doc !== "string") return doc;
  let text = doc.trim();
  if (/^%7B/i.test(text)) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, " "));
    } catch {
      return doc;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    return doc;
  }
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

export function prettyPolicy(doc: unknown): PrettyPolicy {
  const value = toObject(doc);
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  const lines = text.split("\n");
  const statements: [number, number][] = [];
  // JSON.stringify(…, 2) puts the top-level keys at an indent of 2 and the array's elements at 4.
  const start = lines.findIndex((l) => /^ {2}"Statement": [[{]/.test(l));
  if (start < 0 || typeof value !== "object" || value === null) return { lines, statements };
  const opener = lines[start] ?? "";
  if (opener.endsWith("{")) {
    const end = lines.findIndex((l, i) => i > start && indentOf(l) === 2 && l.trim().startsWith("}"));
    statements.push([start, end < 0 ? lines.length - 1 : end]);
    return { lines, statements };
  }
  if (opener.endsWith("[]") || opener.endsWith("[],")) return { lines, statements };
  let open: number | null = null;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? "";
    const indent = indentOf(l);
    if (indent <= 2) break; // the array's closing bracket
    if (indent !== 4) continue;
    const t = l.trim();
    if (t.startsWith("}") || t.startsWith("]")) {
      if (open !== null) statements.push([open, i]);
      open = null;
    } else if (t.endsWith("{") || t.endsWith("[")) {
      open = i;
    } else {
      statements.push([i, i]); // a one-line element, e.g. {} or a string
    }
  }
  return { lines, statements };
}
