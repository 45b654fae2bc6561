import type { Finding } from "./findings";

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
  /**
   * Why the statement's meaning is not defined (elements IAM would refuse): such a statement never
   * grants, and a Deny takes the undefined elements as matching (README, "Validation findings").
   */
  problems?: string[];
  /** the Principal / NotPrincipal element was there but not valid */
  principalInvalid?: boolean;
}

export interface PolicyDocument {
  version: PolicyVersion;
  /** true when the document had no Version: IAM then assumes 2008-10-17 (no policy variables). */
  versionMissing: boolean;
  id?: string;
  statements: Statement[];
  /** the document as decoded JSON, for display */
  raw: unknown;
  /** what IAM's policy validation would report (the parser's findings; compile adds the conditions') */
  findings: Finding[];
}
