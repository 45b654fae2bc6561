import { DiagnoseRequest, diagnose } from "@/lib/api/diagnose";
import { postRoute } from "@/lib/api/http";
import { defaultPrincipal, ensureLoaded, model } from "@/lib/api/model";

export const POST = postRoute(DiagnoseRequest, async (input) => {
  const m = await model();
  const principal = await defaultPrincipal(input.principal);
  await ensureLoaded(m, principal, input.role);
  return diagnose(m, { ...input, principal });
});
