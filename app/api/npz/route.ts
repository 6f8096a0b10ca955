import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { npzResponse, parseNpzQuery } from "@/lib/server/npz/npz-download";

/** GET /api/npz?match=GLOB or ?key=A&key=B: the arrays as one .npz, each member the stored bytes. */
export const GET = apiRoute(async (request) => npzResponse(parseNpzQuery(new URL(request.url).searchParams)));

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
