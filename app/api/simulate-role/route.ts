import { errorResponse, checkOrigin, jsonResponse, readJson, requireUser } from "@/lib/api/http";
import { model } from "@/lib/api/model";
import { SimulateRequest, simulateRole } from "@/lib/api/simulate";
import { sourceConfig } from "@/lib/config";

// Not postRoute: it needs the aws source's identity as the default caller.
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
    return jsonResponse(body);
  } catch (e) {
    return errorResponse(e);
  }
}
