import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { countArrays, parseCountQuery } from "@/lib/server/array-count";

/**
 * GET /api/array-count?match=GLOB&cursor=C: how many arrays match, counted with SCAN.
 * A large key space answers in steps: add up `counted` and pass `cursor` back until it is "0".
 */
export const GET = apiRoute(async (request) => {
  const body = await countArrays(parseCountQuery(new URL(request.url).searchParams));
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
