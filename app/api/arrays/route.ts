import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { rememberArrayKeys } from "@/lib/server/array-events";
import { listArrays, lookUpArrays, parseListQuery, parseLookupKeys } from "@/lib/server/array-list";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/arrays?match=GLOB&cursor=C&count=N: one page of arrays with their headers.
 * GET /api/arrays?key=A&key=B: the same rows for the named keys (live updates).
 */
export const GET = apiRoute(async (request) => {
  const params = new URL(request.url).searchParams;
  const keys = parseLookupKeys(params);
  const body = keys ? await lookUpArrays(keys) : await listArrays(parseListQuery(params));
  rememberArrayKeys(body.items.map((item) => item.key));
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
