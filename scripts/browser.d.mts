export interface BrowserProbes {
  env: Record<string, string | undefined>;
  isExecutable: (file: string) => boolean;
  playwrightChromium: () => string | null;
  playwrightInstall: () => boolean;
  isRoot: () => boolean;
  aptGet: () => string | null;
  aptInstallChromium: (aptGet: string) => boolean;
  log: (line: string) => void;
}
export type BrowserChoice = { ok: true; path: string; how: string } | { ok: false; message: string };
export const SYSTEM_BROWSER_NAMES: string[];
export const SYSTEM_BROWSER_PATHS: string[];
export const DEBIAN_CHROMIUM: string;
export function resolveBrowser(p: BrowserProbes): BrowserChoice;
export function findInstalledBrowser(p: Pick<BrowserProbes, "env" | "isExecutable" | "playwrightChromium">): BrowserChoice | null;
export function systemProbes(root: string, env?: Record<string, string | undefined>): BrowserProbes;
