import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { arrayKeyFrom } from "@/lib/server/array-key";
import { jsonBody, parseTtlSeconds, setArrayTtl } from "@/lib/server/array-key-actions";

/** PUT /api/arrays/{key}/ttl {"seconds": N}: expire the array in N seconds; 404 no such array, 409 another type. */
export const PUT = apiRoute(async (request) => {
  const key = arrayKeyFrom(request);
  const seconds = parseTtlSeconds(await jsonBody(request, '{"seconds": 3600}'));
  return Response.json(await setArrayTtl(key, seconds), { headers: { "Cache-Control": "no-store" } });
});

/** DELETE /api/arrays/{key}/ttl: the array no longer expires (PERSIST). */
export const DELETE = apiRoute(async (request) => Response.json(await setArrayTtl(arrayKeyFrom(request), null), { headers: { "Cache-Control": "no-store" } }));

export const GET = methodNotAllowed(["PUT", "DELETE"]);
export const POST = GET;
export const PATCH = GET;
