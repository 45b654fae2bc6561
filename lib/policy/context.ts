// The request context: condition keys and their values. Key names are case-insensitive
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
// so keys are stored lower-cased; values keep their case.

export type ContextInput = Record<string, string | number | boolean | Array<string | number | boolean>>;

export interface ContextEntry {
  /** the key as the caller spelled it */
  name: string;
  values: string[];
  /** given as a list: a multivalued key (aws:TagKeys, aws:PrincipalOrgPaths, …) */
  multi: boolean;
}

export class RequestContext {
  private readonly entries = new Map<string, ContextEntry>();

  constructor(input?: ContextInput) {
    if (input) for (const [k, v] of Object.entries(input)) this.set(k, v);
  }

  set(name: string, value: string | number | boolean | Array<string | number | boolean>): this {
    const multi = Array.isArray(value);
    const values = (multi ? value : [value]).map((x) => String(x));
    this.entries.set(name.toLowerCase(), { name, values, multi });
    return this;
  }

  /** Set only when the caller did not give the key (derived defaults never override input). */
  setDefault(name: string, value: string | boolean | string[]): this {
    if (!this.entries.has(name.toLowerCase())) this.set(name, value);
    return this;
  }

  get(name: string): ContextEntry | undefined {
    return this.entries.get(name.toLowerCase());
  }

  /** Lookup by an already lower-cased key (the compiled conditions keep keys lower-cased). */
  getLower(lowerName: string): ContextEntry | undefined {
    return this.entries.get(lowerName);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  keys(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  toJSON(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const e of this.entries.values()) out[e.name] = e.multi ? e.values : (e.values[0] ?? "");
    return out;
  }
}
