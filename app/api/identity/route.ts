import { errorResponse } from "@/lib/api/http";
import { identity } from "@/lib/api/identity";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return Response.json(await identity());
  } catch (e) {
    return errorResponse(e);
  }
}
