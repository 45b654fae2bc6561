import { getRoute } from "@/lib/api/http";
import { TimelineQuery, sessionsTimeline } from "@/lib/api/sessions";

export const dynamic = "force-dynamic";

export const GET = getRoute(TimelineQuery, (q) => sessionsTimeline(q), { expensive: true });
