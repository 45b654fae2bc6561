import { describe, expect, it } from "vitest";
import { awsPrincipalName } from "./UserMenu";

describe("the header's 'reads AWS as'", () => {
  it("names the role or user a person recognises", () => {
    expect(awsPrincipalName("arn:aws:sts::111111111111:assumed-role/rolecall-reader/i-0abc123")).toBe("rolecall-reader");
    expect(awsPrincipalName("arn:aws:iam::111111111111:user/ci/rolecall")).toBe("rolecall");
    expect(awsPrincipalName("arn:aws:iam::111111111111:root")).toBe("arn:aws:iam::111111111111:root");
  });
});
