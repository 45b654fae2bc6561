import { CheckRequest, checkOnSource } from "@/lib/api/diagnose";
import { postRoute } from "@/lib/api/http";

export const POST = postRoute(CheckRequest, (input) => checkOnSource(input));
