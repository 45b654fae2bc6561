export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the user the next login signs in as */
  nextUser: string;
  /** the ID token claims of an account, instead of a verified e-mail equal to its ID */
  setClaims(id: string, claims: Record<string, unknown>): void;
  close(): Promise<void>;
}
export function startOidcProvider(opts: { clientId?: string; clientSecret?: string; redirectUris: string[]; port?: number; user?: string }): Promise<TestOidcProvider>;
