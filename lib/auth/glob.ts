// The globs of RoleCall's allow-lists (ROLECALL_SIMULATE_ALLOW, ROLECALL_SIMULATE_USERS): `*` is
// any run of characters within one `/`-separated segment, `**` any run across segments, `?` one
// character other than `/`; everything else is literal. A glob that should cover `ecs/*` must not
// reach `ecs/deep/nested-admin`, and one that covers `*@example.com` must not reach an OIDC
// subject qualified by its issuer URL (`https://idp/#x@example.com`).
//
// Matched by simulating the glob as an automaton over its tokens (no regular expression, no
// backtracking): time is the glob's length times the value's, whatever the stars.

type Token = { kind: "char"; c: string } | { kind: "any" } | { kind: "star" } | { kind: "globstar" };

function tokens(glob: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        while (glob[i + 1] === "*") i++;
        out.push({ kind: "globstar" });
      } else out.push({ kind: "star" });
    } else if (c === "?") out.push({ kind: "any" });
    else out.push({ kind: "char", c });
  }
  return out;
}

/** ASCII letters to lower case, nothing else: no Unicode case folding (U+212A KELVIN SIGN is not "k"). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function globMatch(glob: string, value: string, options: { asciiCaseInsensitive?: boolean } = {}): boolean {
  const g = options.asciiCaseInsensitive ? asciiLower(glob) : glob;
  const v = options.asciiCaseInsensitive ? asciiLower(value) : value;
  const t = tokens(g);
  const n = t.length;
  let current = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  // a star may match nothing: reaching it also reaches what follows it
  const close = (set: Uint8Array) => {
    for (let i = 0; i < n; i++) if (set[i] && (t[i]!.kind === "star" || t[i]!.kind === "globstar")) set[i + 1] = 1;
  };
  current[0] = 1;
  close(current);
  for (const c of v) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!current[i]) continue;
      const k = t[i]!;
      if (k.kind === "globstar" || (k.kind === "star" && c !== "/")) next[i] = 1;
      else if ((k.kind === "any" && c !== "/") || (k.kind === "char" && k.c === c)) next[i + 1] = 1;
      else continue;
      any = true;
    }
    if (!any) return false;
    close(next);
    [current, next] = [next, current];
  }
  return current[n] === 1;
}
