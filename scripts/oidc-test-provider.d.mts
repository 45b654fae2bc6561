export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the user the next login signs in as */
  nextUser: string;
  close(): Promise<void>;
}
export function startOidcProvider(opts: { clientId?: string; clientSecret?: string; redirectUris: string[]; port?: number; user?: string }): Promise<TestOidcProvider>;
