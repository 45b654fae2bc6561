import { getRoute } from "@/lib/api/http";
import { EventsQuery, sessionEvents } from "@/lib/api/sessions";

export const dynamic = "force-dynamic";

export const GET = getRoute(EventsQuery, (q, params: { accessKeyId: string }) => sessionEvents(params.accessKeyId, q), { expensive: true });
