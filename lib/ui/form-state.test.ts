import { describe, expect, it } from "vitest";
import { buildRequest, contextRow, documentForLabel, draft, emptyForm, labelPathKey, level, pathKey, policyTitle } from "./form-state";

const P = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

describe("buildRequest", () => {
  it("leaves out empty editors and levels and maps request indices back to editors", () => {
    const form = emptyForm();
    form.principal = " arn:aws:iam::111111111111:user/dana ";
    form.resource = "*";
    form.identityPolicies = [draft(""), draft(P)];
    form.scps = [level([""]), level(["", P, P])];
    const { request, locations, errors } = buildRequest(form);
    expect(errors).toEqual({});
    expect(request.principal).toBe("arn:aws:iam::111111111111:user/dana");
    expect(request.identityPolicies).toHaveLength(1);
    expect(locations["identityPolicies/0"]).toBe(form.identityPolicies[1]!.id);
    expect(request.scps).toHaveLength(1);
    expect(request.scps![0]).toHaveLength(2);
    expect(locations["scps/0/1"]).toBe(form.scps[1]!.policies[2]!.id);
    expect(request.resourcePolicy).toBeUndefined();
    expect(request.rcps).toBeUndefined();
    expect(request.context).toBeUndefined();
    expect(request.resourceAccount).toBeUndefined();
  });

  it("builds context values by mode and reports bad rows", () => {
    const form = emptyForm();
    form.context = [
      contextRow("aws:SourceIp", "10.0.0.1"),
      contextRow("aws:PrincipalTag/team", "a, b ,", "list"),
      contextRow("n", "[1, true]", "json"),
      contextRow("bad", "{", "json"),
      contextRow("", ""),
    ];
    const { request, errors } = buildRequest(form);
    expect(request.context).toEqual({ "aws:SourceIp": "10.0.0.1", "aws:PrincipalTag/team": ["a", "b"], n: [1, true] });
    expect(Object.keys(errors)).toEqual([form.context[3]!.id]);
  });

  it("reports invalid JSON against its editor", () => {
    const form = emptyForm();
    form.permissionBoundary = draft('{"Statement": [}');
    const { errors } = buildRequest(form);
    expect(errors[form.permissionBoundary.id]).toMatch(/^Line 1, column 16: expected a value/);
  });
});

describe("labels", () => {
  it("maps API paths and labels to the same keys", () => {
    expect(pathKey(["identityPolicies", 0, "Statement", "[2]"])).toBe("identityPolicies/0");
    expect(pathKey(["scps", 1, 0, "Statement"])).toBe("scps/1/0");
    expect(pathKey(["resourcePolicy", "Statement"])).toBe("resourcePolicy");
    expect(pathKey(["principal"])).toBe("principal");
    expect(labelPathKey("identity[3]")).toBe("identityPolicies/3");
    expect(labelPathKey("rcps[0][2]")).toBe("rcps/0/2");
    expect(labelPathKey("session")).toBe("sessionPolicy");
    expect(policyTitle("scps[1][0]", false)).toBe("SCP level 2 · policy 1");
    expect(policyTitle("resource", true)).toBe("Trust policy");
  });

  it("finds the document behind a label", () => {
    const req = { principal: "p", action: "a:b", resource: "*", identityPolicies: [{ a: 1 }], scps: [[{ b: 1 }], [{ c: 1 }, { d: 1 }]], sessionPolicy: { e: 1 } };
    expect(documentForLabel(req, "identity[0]")).toEqual({ a: 1 });
    expect(documentForLabel(req, "scps[1][1]")).toEqual({ d: 1 });
    expect(documentForLabel(req, "session")).toEqual({ e: 1 });
    expect(documentForLabel(req, "resource")).toBeUndefined();
  });
});

describe("form edits", () => {
  it("replaces an editor's text wherever it is and finds its section", async () => {
    const { setDraftText, filledSections, sectionOf } = await import("./form-state");
    const form = emptyForm();
    form.scps = [level(["a", "b"])];
    const target = form.scps[0]!.policies[1]!;
    const next = setDraftText(form, target.id, "changed");
    expect(next.scps[0]!.policies.map((d) => d.text)).toEqual(["a", "changed"]);
    expect(form.scps[0]!.policies[1]!.text).toBe("b");
    expect(sectionOf(form, target.id)).toBe("scps");
    expect(sectionOf(form, form.identityPolicies[0]!.id)).toBeUndefined();
    expect(filledSections(next)).toEqual(["scps"]);
  });
});
