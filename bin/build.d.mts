// Types of bin/build.mjs (plain JavaScript: it runs before anything could compile TypeScript).

export interface Build {
  id: string;
  dir: string;
  /** the bundle's entry, bin/cli.ts built */
  entry: string;
  /** the compact copy of the AWS managed policies, when the build has one */
  managedPolicies?: string;
  /** when the build started (ms since the epoch) */
  builtAt: number;
  /** the files it was built from, relative to the package */
  inputs: string[];
}

export const ROOT: string;
export function buildDir(root?: string): Promise<string>;
export function currentBuild(dir: string): Build | null;
export function isStale(build: Build, root?: string): boolean;
export function build(root?: string, dir?: string): Promise<Build>;
export function ensureBuilt(root?: string, options?: { log?: (message: string) => void }): Promise<Build>;
