import { errorResponse, jsonResponse } from "@/lib/api/http";
import { health } from "@/lib/api/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return jsonResponse(await health());
  } catch (e) {
    return errorResponse(e);
  }
}
