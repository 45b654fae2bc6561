import { DiagnoseRequest, diagnoseOnSource } from "@/lib/api/diagnose";
import { postRoute } from "@/lib/api/http";

export const POST = postRoute(DiagnoseRequest, (input) => diagnoseOnSource(input));
