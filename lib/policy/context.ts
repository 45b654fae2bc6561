// The request context: condition keys and their values. Key names are case-insensitive
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
// so keys are stored lower-cased; values keep their case.

export type ContextInput = Record<string, string | number | boolean | Array<string | number | boolean>>;

export interface ContextEntry {
  /** the key as the caller spelled it */
  name: string;
  values: string[];
  /**
   * a multivalued key: one AWS documents as multivalued (aws:TagKeys, aws:CalledVia, …, whatever
   * form it was given in), or any key given as a list of more than one value
   */
  multi: boolean;
}

/**
 * The global condition keys AWS documents as multivalued ("Value type: Multivalued"): a request
 * can carry several values for them, and "multivalued context keys require a condition set
 * operator" — a plain operator does not match them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
const MULTI_VALUED = new Set(["aws:calledvia", "aws:principalorgpaths", "aws:principalservicenameslist", "aws:resourceorgpaths", "aws:sourceorgpaths", "aws:tagkeys", "sts:transitivetagkeys"]);

/** Global keys documented as single-valued, for the ForAllValues finding. */
const SINGLE_VALUED = new Set([
  "aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principaltype", "aws:principalisawsservice", "aws:principalservicename", "aws:username", "aws:userid",
  "aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:vpcsourceip", "aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:requestedregion", "aws:securetransport",
  "aws:multifactorauthpresent", "aws:multifactorauthage", "aws:currenttime", "aws:epochtime", "aws:resourceaccount", "aws:resourceorgid", "aws:referer", "aws:useragent",
  "aws:viaawsservice", "aws:calledviafirst", "aws:calledvialast", "aws:tokenissuetime", "aws:sourceidentity", "sts:externalid", "sts:rolesessionname", "sts:sourceidentity",
]);
const SINGLE_VALUED_PREFIXES = ["aws:principaltag/", "aws:requesttag/", "aws:resourcetag/", "iam:resourcetag/"];

export function isMultiValuedKey(key: string): boolean {
  return MULTI_VALUED.has(key.toLowerCase());
}

export function isSingleValuedKey(key: string): boolean {
  const k = key.toLowerCase();
  return SINGLE_VALUED.has(k) || SINGLE_VALUED_PREFIXES.some((p) => k.startsWith(p));
}

export class RequestContext {
  private readonly entries = new Map<string, ContextEntry>();

  constructor(input?: ContextInput) {
    if (input) for (const [k, v] of Object.entries(input)) this.set(k, v);
  }

  set(name: string, value: string | number | boolean | Array<string | number | boolean>): this {
    const values = (Array.isArray(value) ? value : [value]).map((x) => String(x));
    const multi = isMultiValuedKey(name) || values.length !== 1;
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
