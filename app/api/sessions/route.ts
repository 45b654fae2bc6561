import { checkRateLimit, errorResponse, getRoute, requireUser } from "@/lib/api/http";
import { SessionsQuery, listSessions, sessionsCsv, wantsCsv } from "@/lib/api/sessions";

export const dynamic = "force-dynamic";

const json = getRoute(SessionsQuery, (q) => listSessions(q), { expensive: true });

export async function GET(req: Request, ctx: { params: Promise<unknown> }): Promise<Response> {
  if (!wantsCsv(req)) return json(req, ctx);
  try {
    // The CSV export reads every matching session: the same sign-in and rate limit as the JSON.
    checkRateLimit(await requireUser(req));
  } catch (e) {
    return errorResponse(e);
  }
  return sessionsCsv(req);
}
