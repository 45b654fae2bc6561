import { errorResponse, checkOrigin, readJson, requireUser } from "@/lib/api/http";
import { SimulateRequest, simulateRoleOnSource } from "@/lib/api/simulate";

// Not postRoute: answers that carry credentials must be `Cache-Control: no-store`.
export async function POST(req: Request): Promise<Response> {
  try {
    checkOrigin(req);
    // Identified here, from the request: never from a header a client could set.
    const caller = await requireUser(req);
    const input = SimulateRequest.parse(await readJson(req));
    const body = await simulateRoleOnSource(input, caller.user);
    return Response.json(body, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    const r = errorResponse(e);
    r.headers.set("Cache-Control", "no-store");
    return r;
  }
}
