import { errorResponse, checkOrigin, jsonResponse, readJson, requireUser } from "@/lib/api/http";
import { SimulateRequest, simulateRoleOnSource } from "@/lib/api/simulate";

// Not postRoute: it needs the aws source's identity as the default caller.
export async function POST(req: Request): Promise<Response> {
  try {
    checkOrigin(req);
    // Identified here, from the request: never from a header a client could set.
    const caller = await requireUser(req);
    const input = SimulateRequest.parse(await readJson(req));
    const body = await simulateRoleOnSource(input, caller.user);
    return jsonResponse(body);
  } catch (e) {
    return errorResponse(e);
  }
}
