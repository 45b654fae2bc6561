import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contextRow, draft, emptyForm, level, type FormState } from "./form-state";
import { decodeState, encodeState, fromBase64Url, toBase64Url, toShared } from "./share-state";

const strip = (f: FormState) => toShared(f);

function sample(): FormState {
  return {
    principal: "arn:aws:sts::111111111111:assumed-role/ci/build-42",
    action: "sts:AssumeRole",
    resource: "arn:aws:iam::222222222222:role/deploy",
    resourceAccount: "222222222222",
    context: [contextRow("sts:ExternalId", "ci-7f3a"), contextRow("aws:PrincipalTag/team", "a, b", "list"), contextRow("n", "[1, true]", "json")],
    identityPolicies: [draft('{"Version":"2012-10-17","Statement":[]}'), draft("")],
    resourcePolicy: draft('{\n  "Statement": {"Effect": "Allow"}\n}'),
    permissionBoundary: draft("ünïcødé ✓ 🚀"),
    scps: [level(['{"a":1}']), level(["", "x"])],
    rcps: [level()],
    sessionPolicy: draft(""),
    endpointPolicy: draft('{"Statement":{"Effect":"Deny","Principal":"*","Action":"sts:*","Resource":"*"}}'),
  };
}

describe("share state", () => {
  it("round-trips a full form, compressed and plain", async () => {
    const form = sample();
    for (const compress of [true, false]) {
      const s = await encodeState(form, { compress });
      expect(s).toMatch(compress ? /^z\.[A-Za-z0-9_-]+$/ : /^j\.[A-Za-z0-9_-]+$/);
      expect(strip(await decodeState(s))).toEqual(strip(form));
    }
  });

  it("round-trips an empty form and keeps one identity editor", async () => {
    const back = await decodeState(await encodeState(emptyForm()));
    expect(strip(back)).toEqual(strip(emptyForm()));
    expect(back.identityPolicies).toHaveLength(1);
  });

  it("compresses large policies well", async () => {
    const form = sample();
    const stmt = { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::bucket/*" };
    form.identityPolicies = [draft(JSON.stringify({ Version: "2012-10-17", Statement: Array(50).fill(stmt) }, null, 2))];
    const z = await encodeState(form);
    const j = await encodeState(form, { compress: false });
    expect(z.length).toBeLessThan(j.length / 5);
  });

  it("round-trips arbitrary text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.string(), async (p, ids, ctx) => {
        const form = { ...emptyForm(), principal: p, identityPolicies: ids.length ? ids.map((t) => draft(t)) : [draft()], context: [contextRow("k", ctx)] };
        expect(strip(await decodeState(await encodeState(form)))).toEqual(strip(form));
      }),
      { numRuns: 50 },
    );
  });

  it("refuses damaged or foreign state with a readable message", async () => {
    const good = await encodeState(sample());
    await expect(decodeState(good.slice(0, good.length - 10))).rejects.toThrow(/damaged|JSON/);
    await expect(decodeState("q.abc")).rejects.toThrow(/damaged/);
    await expect(decodeState("j.!!!")).rejects.toThrow(/damaged/);
    await expect(decodeState(`j.${toBase64Url(new TextEncoder().encode('{"v":2}'))}`)).rejects.toThrow(/understands/);
  });

  it("base64url round-trips bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(Array.from(fromBase64Url(toBase64Url(b)))).toEqual(Array.from(b));
      }),
    );
  });
});
