// BinaryEquals: base64-encoded values compared byte for byte.

import type { BaseOperator } from "./operator";

function decode(b64: string): string | null {
  const t = b64.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return null;
  try {
    return atob(t);
  } catch {
    return null;
  }
}

export const binaryOperators: BaseOperator[] = [
  {
    name: "BinaryEquals",
    negated: false,
    supportsVariables: false,
    verb: "equals",
    compile(values) {
      const bytes = values.map(decode);
      const bad = values.find((_, i) => bytes[i] === null);
      if (bad !== undefined) return `"${bad}" is not base64`;
      return (v) => {
        const d = decode(v);
        return d !== null && bytes.includes(d);
      };
    },
  },
];
