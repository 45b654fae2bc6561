// ANSI colour for human output, only where a person reads it: a TTY, without NO_COLOR
// (https://no-color.org: set and not empty), and not TERM=dumb.

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const same = (s: string) => s;

export const PLAIN: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };
const ANSI: Style = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };

export function style(color: boolean): Style {
  return color ? ANSI : PLAIN;
}

export function wantsColor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return !!isTTY && !env.NO_COLOR && env.TERM !== "dumb";
}
