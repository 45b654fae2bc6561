// Glob patterns of the IAM policy language: `*` matches any run of characters, `?` exactly one.
// IAM's wildcards need no backtracking, so they are matched without RegExp: a pattern compiles to
// tokens once, and matching is a greedy scan (each `*`-free piece found at its leftmost place,
// which is always a correct choice for globs) or, for the rare patterns whose wildcards may not
// cross a `:` (inside an ARN's first five segments), a set-of-states scan. Either way the cost is
// at most (value length × pattern length), never exponential (issue 15: `*a*a*a…b`).

export type Matcher = (value: string) => boolean;

/** Token codes: a char code (≥ 0) is that literal character. */
export const ANY = -1;
export const STAR = -2;
/** `?` / `*` that may not match a `:` (wildcards inside an ARN's first five segments) */
export const ANY_NO_COLON = -3;
export const STAR_NO_COLON = -4;
const COLON = 58;

export type GlobTokens = number[];

/**
 * The longest pattern or value RoleCall matches. IAM's own limits are far below it (an ARN has at
 * most 2048 characters, a managed policy 6,144); past it a pattern matches nothing and the policy
 * gets a finding, and the API refuses longer values with a 400.
 */
export const MAX_GLOB_LENGTH = 2048;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** Append a glob's tokens; `stopAt` makes the wildcards stay inside `:`-free text. */
export function pushGlobTokens(out: GlobTokens, text: string, wildcards = true, noColon = false): GlobTokens {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (wildcards && c === 42) out.push(noColon ? STAR_NO_COLON : STAR);
    else if (wildcards && c === 63) out.push(noColon ? ANY_NO_COLON : ANY);
    else out.push(c);
  }
  return out;
}

export function globTokens(pattern: string): GlobTokens {
  return pushGlobTokens([], pattern);
}

/** A compiled glob: `test` answers for a whole value. */
export interface Glob {
  test(value: string): boolean;
}

/** A piece of a pattern between two `*`: literal codes, with ANY (-1) where `?` stood. */
type Piece = Int32Array;

function matchesAt(v: string, at: number, piece: Piece): boolean {
  for (let i = 0; i < piece.length; i++) {
    const t = piece[i]!;
    if (t !== ANY && v.charCodeAt(at + i) !== t) return false;
  }
  return true;
}

/** Leftmost place ≥ from where `piece` matches and ends by `limit`, or -1. */
function find(v: string, from: number, limit: number, piece: Piece): number {
  const last = limit - piece.length;
  const first = piece[0]!;
  for (let p = from; p <= last; p++) {
    if (first !== ANY && v.charCodeAt(p) !== first) continue;
    if (matchesAt(v, p, piece)) return p;
  }
  return -1;
}

class GreedyGlob implements Glob {
  constructor(
    private readonly head: Piece,
    private readonly middle: Piece[],
    private readonly tail: Piece,
    /** false: the pattern has no `*` at all */
    private readonly star: boolean,
    private readonly minLength: number,
  ) {}

  test(v: string): boolean {
    const n = v.length;
    if (n < this.minLength) return false;
    if (!this.star) return n === this.head.length && matchesAt(v, 0, this.head);
    if (!matchesAt(v, 0, this.head)) return false;
    const end = n - this.tail.length;
    if (!matchesAt(v, end, this.tail)) return false;
    let pos = this.head.length;
    for (const piece of this.middle) {
      const at = find(v, pos, end, piece);
      if (at < 0) return false;
      pos = at + piece.length;
    }
    return pos <= end;
  }
}

/**
 * GreedyGlob's scan for a pattern with `*` and no `?`: its pieces are plain text, checked and found
 * with the engine's own startsWith / endsWith / indexOf (each at most value × piece length).
 */
class TextGlob implements Glob {
  constructor(
    private readonly head: string,
    private readonly middle: string[],
    private readonly tail: string,
    private readonly minLength: number,
  ) {}

  test(v: string): boolean {
    if (v.length < this.minLength) return false;
    if (this.head.length > 0 && !v.startsWith(this.head)) return false;
    if (this.tail.length > 0 && !v.endsWith(this.tail)) return false;
    const end = v.length - this.tail.length;
    let pos = this.head.length;
    for (const piece of this.middle) {
      const at = v.indexOf(piece, pos);
      if (at < 0 || at + piece.length > end) return false;
      pos = at + piece.length;
    }
    return true;
  }
}

/** Thompson-style simulation: the set of pattern positions reachable after each character. */
class StateSetGlob implements Glob {
  private readonly cur: Uint8Array;
  private readonly next: Uint8Array;
  constructor(private readonly tokens: Int32Array) {
    this.cur = new Uint8Array(tokens.length + 1);
    this.next = new Uint8Array(tokens.length + 1);
  }

  private close(set: Uint8Array): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) if (set[i] && (t[i] === STAR || t[i] === STAR_NO_COLON)) set[i + 1] = 1;
  }

  test(v: string): boolean {
    const t = this.tokens;
    const m = t.length;
    let cur = this.cur;
    let next = this.next;
    cur.fill(0);
    cur[0] = 1;
    this.close(cur);
    for (let k = 0; k < v.length; k++) {
      const c = v.charCodeAt(k);
      next.fill(0);
      let any = false;
      for (let i = 0; i < m; i++) {
        if (!cur[i]) continue;
        const tok = t[i]!;
        if (tok === STAR || (tok === STAR_NO_COLON && c !== COLON)) {
          next[i] = 1;
          any = true;
        } else if (tok === c || tok === ANY || (tok === ANY_NO_COLON && c !== COLON)) {
          next[i + 1] = 1;
          any = true;
        }
      }
      if (!any) return false;
      this.close(next);
      const swap = cur;
      cur = next;
      next = swap;
    }
    return cur[m] === 1;
  }
}

/**
 * The same simulation for patterns of at most BIT_GLOB_MAX tokens, with the set of positions held
 * in the bits of one integer (shift-and): one step per character, no array to clear. Bit i: the
 * scan stands before token i; bit `length`: the whole pattern has been matched.
 */
const BIT_GLOB_MAX = 30;

class BitGlob implements Glob {
  /** per ASCII character: the positions whose token consumes it */
  private readonly consume = new Int32Array(128);
  /** per ASCII character: the positions (stars) that stay where they are on it */
  private readonly stay = new Int32Array(128);
  /** literal tokens beyond ASCII: character → positions */
  private readonly wide = new Map<number, number>();
  private readonly anyWide: number;
  private readonly stars: number;
  /** the longest run of consecutive stars: how many steps the closure over them takes */
  private readonly chain: number;
  private readonly start: number;
  private readonly done: number;

  constructor(tokens: Int32Array) {
    let any = 0;
    let anyNoColon = 0;
    let star = 0;
    let starNoColon = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const bit = 1 << i;
      if (t === ANY) any |= bit;
      else if (t === ANY_NO_COLON) anyNoColon |= bit;
      else if (t === STAR) star |= bit;
      else if (t === STAR_NO_COLON) starNoColon |= bit;
      else if (t < 128) this.consume[t]! |= bit;
      else this.wide.set(t, (this.wide.get(t) ?? 0) | bit);
    }
    for (let c = 0; c < 128; c++) {
      this.consume[c]! |= any | (c === COLON ? 0 : anyNoColon);
      this.stay[c] = star | (c === COLON ? 0 : starNoColon);
    }
    this.anyWide = any | anyNoColon;
    this.stars = star | starNoColon;
    let chain = 0;
    for (let i = 0, run = 0; i < tokens.length; i++) {
      run = tokens[i] === STAR || tokens[i] === STAR_NO_COLON ? run + 1 : 0;
      if (run > chain) chain = run;
    }
    this.chain = chain;
    this.done = 1 << tokens.length;
    this.start = this.close(1);
  }

  /** a star may also match nothing: a position before a star reaches the one after it */
  private close(set: number): number {
    let s = set;
    for (let i = 0; i < this.chain; i++) s |= (s & this.stars) << 1;
    return s;
  }

  test(v: string): boolean {
    let s = this.start;
    for (let k = 0; k < v.length; k++) {
      const c = v.charCodeAt(k);
      s = c < 128 ? ((s & this.consume[c]!) << 1) | (s & this.stay[c]!) : ((s & ((this.wide.get(c) ?? 0) | this.anyWide)) << 1) | (s & this.stars);
      if (s === 0) return false;
      s = this.close(s);
    }
    return (s & this.done) !== 0;
  }
}

const NEVER: Glob = { test: () => false };
const ALWAYS: Glob = { test: () => true };

/** Compile tokens to a matcher; patterns longer than MAX_GLOB_LENGTH match nothing. */
export function compileTokens(tokens: GlobTokens): Glob {
  if (tokens.length > MAX_GLOB_LENGTH) return NEVER;
  if (tokens.length === 1 && tokens[0] === STAR) return ALWAYS;
  if (tokens.some((t) => t === ANY_NO_COLON || t === STAR_NO_COLON)) {
    // collapse runs of `*`: they mean one `*`
    const collapsed: number[] = [];
    for (const t of tokens) if (!((t === STAR || t === STAR_NO_COLON) && collapsed[collapsed.length - 1] === t)) collapsed.push(t);
    return collapsed.length <= BIT_GLOB_MAX ? new BitGlob(Int32Array.from(collapsed)) : new StateSetGlob(Int32Array.from(collapsed));
  }
  const plain = (ts: number[]) => ts.every((t) => t >= 0);
  const stars = tokens.filter((t) => t === STAR).length;
  // the common shapes, with the engine's own string compare
  if (stars === 0 && plain(tokens)) {
    const exact = String.fromCharCode(...tokens);
    return { test: (v) => v === exact };
  }
  if (stars === 1 && tokens[tokens.length - 1] === STAR && plain(tokens.slice(0, -1))) {
    const prefix = String.fromCharCode(...tokens.slice(0, -1));
    return { test: (v) => v.startsWith(prefix) };
  }
  const pieces: number[][] = [[]];
  for (const t of tokens) {
    if (t === STAR) pieces.push([]);
    else pieces[pieces.length - 1]!.push(t);
  }
  const star = pieces.length > 1;
  const minLength = pieces.reduce((n, p) => n + p.length, 0);
  if (star && plain(tokens.filter((t) => t !== STAR))) {
    const text = (p: number[]) => String.fromCharCode(...p);
    return new TextGlob(text(pieces[0]!), pieces.slice(1, -1).filter((p) => p.length > 0).map(text), text(pieces[pieces.length - 1]!), minLength);
  }
  const head = Int32Array.from(pieces[0]!);
  const tail = star ? Int32Array.from(pieces[pieces.length - 1]!) : new Int32Array(0);
  const middle = star ? pieces.slice(1, -1).filter((p) => p.length > 0).map((p) => Int32Array.from(p)) : [];
  return new GreedyGlob(head, middle, tail, star, minLength);
}

/**
 * A pattern with policy variables becomes tokens only when a request supplies the values; the
 * same substitutions recur, so their compiled form is kept (bounded: cleared when full).
 */
const templateCache = new Map<string, Glob>();
const TEMPLATE_CACHE_MAX = 512;

export function compileTokensCached(tokens: GlobTokens): Glob {
  // a key that cannot collide: wildcard codes map to characters a policy cannot contain here
  let key = "";
  for (const t of tokens) key += t >= 0 ? String.fromCharCode(t) : String.fromCharCode(0xfdd0 - t);
  let g = templateCache.get(key);
  if (!g) {
    if (templateCache.size >= TEMPLATE_CACHE_MAX) templateCache.clear();
    g = compileTokens(tokens);
    templateCache.set(key, g);
  }
  return g;
}

export interface GlobOptions {
  ignoreCase?: boolean;
  /** treat `*` and `?` as ordinary characters (StringEquals, ArnEquals-free contexts) */
  literal?: boolean;
}

export function compileGlob(pattern: string, opts: GlobOptions = {}): Matcher {
  if (!opts.literal && pattern === "*") return () => true;
  if (opts.literal || !hasWildcard(pattern)) {
    if (opts.ignoreCase) {
      // No length pre-check: lower-casing can change the length ("İ" → "i̇"), so compare the
      // lower-cased forms only.
      const lower = pattern.toLowerCase();
      return (v) => v.toLowerCase() === lower;
    }
    return (v) => v === pattern;
  }
  // Wildcard patterns recur across thousands of statements (s3:List*, arn:…:table/team-*): one
  // matcher each. Matchers are pure functions of the pattern and the options.
  const key = `${opts.ignoreCase ? "i" : "c"}${pattern}`;
  let m = globCache.get(key);
  if (!m) {
    if (opts.ignoreCase) {
      const g = compileTokens(globTokens(pattern.toLowerCase()));
      m = (v) => g.test(v.toLowerCase());
    } else {
      const g = compileTokens(globTokens(pattern));
      m = (v) => g.test(v);
    }
    if (globCache.size >= GLOB_CACHE_MAX) globCache.clear();
    globCache.set(key, m);
  }
  return m;
}

const globCache = new Map<string, Matcher>();
const GLOB_CACHE_MAX = 65_536;
