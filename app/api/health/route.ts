import { methodNotAllowed, nextRoute } from "@/lib/server/api-route";
import { HEALTH_ROUTE } from "@/lib/server/api-table";

// Served by the app's own server first (lib/server/api-table.ts); the same handler here.
export const GET = nextRoute(HEALTH_ROUTE.methods.GET!);

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
