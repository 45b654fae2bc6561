// Where a file stops being JSON, said by line and column and never by quoting it: V8's own
// message quotes the text ("Unexpected token 'r', \"root:x:0:0\"..."), and a snapshot problem is
// shown to anyone who can reach /api/health. Run only once JSON.parse has failed.

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The offset of the first error in `text`, and what it is; null when `text` is valid JSON (or valid so far, with `partial`). */
export function firstJsonError(text: string, partial = false): { at: number; what: string } | null {
  let i = 0;
  const n = text.length;
  // what each open container expects next: "value" | "key" | "colon" | "comma"
  const stack: ("array" | "object")[] = [];
  let expect: "value" | "key" | "colon" | "comma" | "end" = "value";
  let first = true; // just after [ or {: the closer is allowed
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const end = (at: number) => (partial ? null : { at, what: "the text ends too early" });
  for (;;) {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
    if (i >= n) return expect === "end" ? null : end(i);
    const c = text[i]!;
    if (expect === "end") return { at: i, what: "more text after the end of the JSON value" };
    if (expect === "colon") {
      if (c !== ":") return { at: i, what: "a ':' is missing after a key" };
      i++;
      expect = "value";
      continue;
    }
    if (expect === "comma") {
      const top = stack[stack.length - 1];
      if (c === ",") {
        i++;
        expect = top === "object" ? "key" : "value";
        first = false;
        continue;
      }
      if ((c === "]" && top === "array") || (c === "}" && top === "object")) {
        i++;
        stack.pop();
        expect = stack.length ? "comma" : "end";
        continue;
      }
      return { at: i, what: "a ',' or a closing bracket is missing" };
    }
    if (first && ((c === "]" && stack[stack.length - 1] === "array") || (c === "}" && stack[stack.length - 1] === "object"))) {
      i++;
      stack.pop();
      first = false;
      expect = stack.length ? "comma" : "end";
      continue;
    }
    if (expect === "key" && c !== '"') return { at: i, what: "a key must be a string in double quotes" };
    if (c === '"') {
      const start = i++;
      for (;;) {
        if (i >= n) return partial ? null : { at: start, what: "a string is not closed" };
        const k = text.charCodeAt(i);
        if (k === 0x22) break;
        if (k < 0x20) return { at: i, what: "a control character inside a string" };
        if (k === 0x5c) {
          const e = text[i + 1];
          if (e === undefined) return end(i);
          if (e === "u") {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return i + 6 > n && partial ? null : { at: i, what: "an invalid \\u escape" };
            i += 6;
            continue;
          }
          if (!'"\\/bfnrt'.includes(e)) return { at: i, what: "an invalid escape" };
          i += 2;
          continue;
        }
        i++;
      }
      i++;
      first = false;
      expect = expect === "key" ? "colon" : stack.length ? "comma" : "end";
      continue;
    }
    first = false;
    if (c === "[" || c === "{") {
      stack.push(c === "[" ? "array" : "object");
      expect = c === "[" ? "value" : "key";
      first = true;
      i++;
      continue;
    }
    let len = 0;
    for (const lit of ["true", "false", "null"]) if (text.startsWith(lit, i)) len = lit.length;
    if (!len) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m) len = m[0].length;
    }
    if (!len) return { at: i, what: "an unexpected character" };
    i += len;
    expect = stack.length ? "comma" : "end";
  }
}

/** Line and column (1-based) of an offset. */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let from = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    from = i + 1;
  }
  return { line, column: at - from + 1 };
}

/** "invalid JSON at line 3, column 17 (an unexpected character)" — the place, never the text. */
export function jsonSyntaxProblem(text: string): string {
  const e = firstJsonError(text) ?? { at: 0, what: "not valid JSON" };
  const { line, column } = lineColumn(text, e.at);
  return `invalid JSON at line ${line}, column ${column} (${e.what})`;
}
