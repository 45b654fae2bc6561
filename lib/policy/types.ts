// Normalised policy documents: every "single value or array" of the JSON grammar is an
// array here, so the matcher never has to ask which form it got.

export type Effect = "Allow" | "Deny";
export type PolicyVersion = "2012-10-17" | "2008-10-17";

/** A principal element value, normalised: `"*"` becomes `{ AWS: ["*"] }`. */
export type PrincipalBlock = {
  AWS?: string[];
  Service?: string[];
  Federated?: string[];
  CanonicalUser?: string[];
  /** `"Principal": "*"` — everyone (kept apart from AWS:"*" only for display). */
  star?: boolean;
};

/** operator (as written, e.g. `ForAnyValue:StringLikeIfExists`) → key → values */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  sid?: string;
  effect: Effect;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  condition?: ConditionBlock;
  /** index in the document's Statement array */
  index: number;
}

export interface PolicyDocument {
  version: PolicyVersion;
  /** true when the document had no Version: IAM then assumes 2008-10-17 (no policy variables). */
  versionMissing: boolean;
  id?: string;
  statements: Statement[];
  /** the document as decoded JSON, for display */
  raw: unknown;
}
