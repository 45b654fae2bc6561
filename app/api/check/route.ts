import { CheckRequest, check } from "@/lib/api/diagnose";
import { postRoute } from "@/lib/api/http";
import { ensureLoaded, model } from "@/lib/api/model";

export const POST = postRoute(CheckRequest, async (input) => {
  const m = await model();
  await ensureLoaded(m, input.principal, input.resource.includes(":role/") ? input.resource : undefined);
  return check(m, input);
});
