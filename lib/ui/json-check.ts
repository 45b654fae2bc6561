// Feedback for a policy editor as the user types: is it JSON, and does it look like a policy?
// The server does the real validation; this only catches what JSON.parse can tell.

export type PolicyCheck =
  | { kind: "empty" }
  | { kind: "error"; message: string; line?: number; column?: number }
  | { kind: "ok"; document: Record<string, unknown> | string; statements: number; urlEncoded: boolean; warning?: string };

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines[lines.length - 1] ?? "").length + 1 };
}

/** Where and why JSON text is invalid: JSON.parse does not always say where (V8 omits it for short input). */
export function findSyntaxError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw { offset: at, message };
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? "the end of the text" : `'${text[i]}'`);
  const string = () => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const n = text[i + 1];
        if (n === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape in a string");
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else fail("bad escape in a string (write \\\\ for a backslash)");
      } else if (c === "\n") fail("a string cannot span lines: it is missing its closing quote", start);
      else if (c < " ") fail("a control character in a string");
      else i++;
    }
    fail("the string is missing its closing quote", start);
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === "}") fail("a trailing comma before '}'");
        if (text[i] !== '"') fail(`expected a key in double quotes, found ${describe()}`);
        string();
        ws();
        if (text[i] !== ":") fail(`expected ':' after the key, found ${describe()}`);
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === "]") fail("a trailing comma before ']'");
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') return string();
    if (c === "'") fail("strings need double quotes, not single quotes");
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (lit) {
      i += lit[0].length;
      return;
    }
    fail(`expected a value, found ${describe()}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected text after the end of the document: ${describe()}`);
    return null;
  } catch (e) {
    if (typeof e === "object" && e !== null && "offset" in e) return e as { offset: number; message: string };
    throw e;
  }
}

function parseError(text: string): PolicyCheck {
  const found = findSyntaxError(text);
  if (!found) return { kind: "error", message: "Not valid JSON" };
  const { line, column } = lineColumn(text, found.offset);
  return { kind: "error", message: `Line ${line}, column ${column}: ${found.message}`, line, column };
}

export function checkPolicyText(text: string): PolicyCheck {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  let source = trimmed;
  let urlEncoded = false;
  // IAM's API returns documents URL-encoded; accept them as pasted.
  if (/^%7B/i.test(trimmed)) {
    try {
      source = decodeURIComponent(trimmed.replace(/\+/g, " "));
      urlEncoded = true;
    } catch {
      return { kind: "error", message: "Looks URL-encoded but could not be decoded: paste the JSON document instead" };
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    return parseError(source);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return { kind: "error", message: 'A policy is a JSON object: {"Version": "2012-10-17", "Statement": [...]}' };
  }
  const obj = doc as Record<string, unknown>;
  const st = obj.Statement;
  const statements = Array.isArray(st) ? st.length : st !== undefined && st !== null ? 1 : 0;
  const warning = st === undefined ? 'No "Statement": the server will refuse this document' : obj.Version === undefined ? 'No "Version": IAM then uses 2008-10-17, where policy variables are plain text' : undefined;
  return { kind: "ok", document: urlEncoded ? trimmed : obj, statements, urlEncoded, ...(warning ? { warning } : {}) };
}
