// Rendering policy documents as what people paste: a shell-quoted JSON argument, Terraform's
// aws_iam_policy_document, and CloudFormation YAML.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = Record<string, unknown>;

/** Single-quote for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function compactJson(v: unknown): string {
  return JSON.stringify(v);
}

export function tfName(s: string): string {
  const n = s.replace(/[^A-Za-z0-9_]/g, "_").replace(/_+/g, "_").replace(/^_|_$/g, "").toLowerCase();
  return /^[a-z_]/.test(n) ? n : `p_${n}`;
}

function hclString(s: string): string {
  // ${…} and %{…} are template sequences in HCL strings: IAM policy variables must be escaped.
  return JSON.stringify(s).replace(/\$\{/g, "$$${").replace(/%\{/g, "%%{");
}

function hclList(v: unknown): string {
  const arr = Array.isArray(v) ? v : [v];
  return `[${arr.map((x) => hclString(String(x))).join(", ")}]`;
}

/** A `data "aws_iam_policy_document"` block for a policy document. */
export function terraformPolicyDocument(name: string, doc: Doc): string {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const lines = [`data "aws_iam_policy_document" "${tfName(name)}" {`];
  for (const raw of statements as Doc[]) {
    lines.push("  statement {");
    if (raw.Sid) lines.push(`    sid    = ${hclString(String(raw.Sid))}`);
    lines.push(`    effect = ${hclString(String(raw.Effect))}`);
    if (raw.Action !== undefined) lines.push(`    actions = ${hclList(raw.Action)}`);
    if (raw.NotAction !== undefined) lines.push(`    not_actions = ${hclList(raw.NotAction)}`);
    if (raw.Resource !== undefined) lines.push(`    resources = ${hclList(raw.Resource)}`);
    if (raw.NotResource !== undefined) lines.push(`    not_resources = ${hclList(raw.NotResource)}`);
    for (const [el, block] of [
      ["principals", raw.Principal],
      ["not_principals", raw.NotPrincipal],
    ] as const) {
      if (block === undefined) continue;
      const entries = block === "*" ? [["AWS", "*"]] : Object.entries(block as Doc);
      for (const [type, ids] of entries) {
        lines.push(`    ${el} {`, `      type        = ${hclString(String(type))}`, `      identifiers = ${hclList(ids)}`, "    }");
      }
    }
    if (raw.Condition) {
      for (const [test, keys] of Object.entries(raw.Condition as Doc)) {
        for (const [variable, values] of Object.entries(keys as Doc)) {
          lines.push("    condition {", `      test     = ${hclString(test)}`, `      variable = ${hclString(variable)}`, `      values   = ${hclList(values)}`, "    }");
        }
      }
    }
    lines.push("  }");
  }
  lines.push("}");
  return lines.join("\n");
}

const PLAIN = /^[A-Za-z0-9_/.@:*-][A-Za-z0-9_/.@:*,+= -]*$/;

function yamlScalar(v: Json): string {
  if (v === null) return "null";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const s = String(v);
  // quote anything YAML could read as another type or that holds special characters
  if (!PLAIN.test(s) || /^(true|false|yes|no|on|off|null|~|\d[\d.e+-]*)$/i.test(s) || s.endsWith(":") || s.includes(": ") || s.startsWith("*")) return JSON.stringify(s);
  return s;
}

/** YAML for a JSON value, indented by `indent` spaces. */
export function toYaml(v: unknown, indent = 0): string {
  const pad = " ".repeat(indent);
  const value = v as Json;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]`;
    return value
      .map((item) => {
        if (item !== null && typeof item === "object") {
          const inner = toYaml(item, indent + 2).replace(/^\s+/, "");
          return `${pad}- ${inner}`;
        }
        return `${pad}- ${yamlScalar(item)}`;
      })
      .join("\n");
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return `${pad}{}`;
    return entries
      .map(([k, val]) => {
        const key = PLAIN.test(k) && !k.includes(":") ? k : JSON.stringify(k);
        if (val !== null && typeof val === "object" && (Array.isArray(val) ? val.length > 0 : Object.keys(val).length > 0)) {
          return `${pad}${key}:\n${toYaml(val, indent + 2)}`;
        }
        return `${pad}${key}: ${val !== null && typeof val === "object" ? (Array.isArray(val) ? "[]" : "{}") : yamlScalar(val)}`;
      })
      .join("\n");
  }
  return `${pad}${yamlScalar(value)}`;
}
