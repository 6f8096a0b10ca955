import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { parseLookupKeys } from "@/lib/server/array-list";
import { memoryUsage } from "@/lib/server/array-memory";
import { ApiError } from "@/lib/server/errors";

/** GET /api/array-memory?key=A&key=B (up to 200): `{bytes: {A: n, B: null}}`, for the rows on screen. */
export const GET = apiRoute(async (request) => {
  const keys = parseLookupKeys(new URL(request.url).searchParams);
  if (!keys) throw new ApiError(400, "name the keys: /api/array-memory?key=A&key=B");
  return Response.json(await memoryUsage(keys), { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
