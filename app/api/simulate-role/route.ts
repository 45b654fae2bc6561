import { errorResponse, checkOrigin, readJson, requireUser } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { SimulateRequest, simulateRole } from "@/lib/api/simulate";
import { sourceConfig } from "@/lib/config";

// Not postRoute: answers that carry credentials must be `Cache-Control: no-store`.
export async function POST(req: Request): Promise<Response> {
  try {
    checkOrigin(req);
    // Identified here, from the request: never from a header a client could set.
    const caller = await requireUser(req);
    const input = SimulateRequest.parse(await readJson(req));
    const m = await model();
    const cfg = await sourceConfig();
    let defaultCaller: string | undefined;
    if (cfg.source === "aws") {
      const { awsSource } = await import("@/lib/account/aws");
      defaultCaller = (await awsSource().identity().catch(() => undefined))?.arn;
    }
    const body = await simulateRole(m, { ...input, defaultCaller, portalUser: caller.user });
    return Response.json(body, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    const r = errorResponse(e);
    r.headers.set("Cache-Control", "no-store");
    return r;
  }
}
