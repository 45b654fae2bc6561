// The evaluator's whole form in one URL parameter, so that a result can be shared:
// `?s=z.<base64url of deflate-raw(JSON)>` where the browser can compress, `?s=j.<base64url of JSON>`
// where it cannot. Decoding accepts both and validates the shape: a link is user input.

import { z } from "zod";
import { contextRow, draft, level, type ContextMode, type FormState } from "./form-state";

const Mode = z.enum(["text", "list", "json"]);
const Shared = z.object({
  v: z.literal(1),
  p: z.string(),
  a: z.string(),
  r: z.string(),
  ra: z.string().optional(),
  c: z.array(z.tuple([z.string(), z.string(), Mode])).optional(),
  i: z.array(z.string()).optional(),
  rp: z.string().optional(),
  pb: z.string().optional(),
  sp: z.string().optional(),
  ep: z.string().optional(),
  s: z.array(z.array(z.string())).optional(),
  rc: z.array(z.array(z.string())).optional(),
});
type Shared = z.infer<typeof Shared>;

export const STATE_PARAM = "s";

export function toShared(form: FormState): Shared {
  const out: Shared = { v: 1, p: form.principal, a: form.action, r: form.resource };
  if (form.resourceAccount) out.ra = form.resourceAccount;
  if (form.context.length) out.c = form.context.map((c) => [c.key, c.value, c.mode]);
  const identity = form.identityPolicies.map((d) => d.text);
  if (identity.some((t) => t.trim() !== "") || identity.length > 1) out.i = identity;
  if (form.resourcePolicy.text) out.rp = form.resourcePolicy.text;
  if (form.permissionBoundary.text) out.pb = form.permissionBoundary.text;
  if (form.sessionPolicy.text) out.sp = form.sessionPolicy.text;
  if (form.endpointPolicy.text) out.ep = form.endpointPolicy.text;
  if (form.scps.length) out.s = form.scps.map((l) => l.policies.map((d) => d.text));
  if (form.rcps.length) out.rc = form.rcps.map((l) => l.policies.map((d) => d.text));
  return out;
}

export function fromShared(s: Shared): FormState {
  return {
    principal: s.p,
    action: s.a,
    resource: s.r,
    resourceAccount: s.ra ?? "",
    context: (s.c ?? []).map(([k, v, m]) => contextRow(k, v, m as ContextMode)),
    identityPolicies: s.i && s.i.length ? s.i.map((t) => draft(t)) : [draft()],
    resourcePolicy: draft(s.rp ?? ""),
    permissionBoundary: draft(s.pb ?? ""),
    sessionPolicy: draft(s.sp ?? ""),
    endpointPolicy: draft(s.ep ?? ""),
    scps: (s.s ?? []).map((texts) => level(texts.length ? texts : [""])),
    rcps: (s.rc ?? []).map((texts) => level(texts.length ? texts : [""])),
  };
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

const canCompress = (): boolean => typeof CompressionStream === "function" && typeof DecompressionStream === "function";

/** Encode a form for the URL. `compress: false` gives the plain (longer, readable) form. */
export async function encodeState(form: FormState, opts: { compress?: boolean } = {}): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toShared(form)));
  if (opts.compress !== false && canCompress()) {
    return `z.${toBase64Url(await pipe(json, new CompressionStream("deflate-raw")))}`;
  }
  return `j.${toBase64Url(json)}`;
}

/** Decode a `?s=` value; throws an Error whose message a user can act on. */
export async function decodeState(value: string): Promise<FormState> {
  const dot = value.indexOf(".");
  const format = value.slice(0, dot);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(value.slice(dot + 1));
    if (format === "z") {
      if (!canCompress()) throw new Error("this browser cannot decompress");
      bytes = await pipe(bytes, new DecompressionStream("deflate-raw"));
    } else if (format !== "j") {
      throw new Error("unknown format");
    }
  } catch {
    throw new Error("The link's saved state is damaged (was it cut short when it was copied?).");
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error("The link's saved state is not valid JSON.");
  }
  const parsed = Shared.safeParse(json);
  if (!parsed.success) throw new Error("The link's saved state is not one this version of RoleCall understands.");
  return fromShared(parsed.data);
}
