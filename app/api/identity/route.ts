import { errorResponse, jsonResponse, requireUser } from "@/lib/api/http";
import { identity } from "@/lib/api/identity";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  try {
    await requireUser(req);
    return jsonResponse(await identity());
  } catch (e) {
    return errorResponse(e);
  }
}
