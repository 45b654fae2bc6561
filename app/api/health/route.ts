import { errorResponse } from "@/lib/api/http";
import { health } from "@/lib/api/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return Response.json(await health());
  } catch (e) {
    return errorResponse(e);
  }
}
