import { apiRoute, methodNotAllowed, nextRoute } from "@/lib/server/api-route";
import { ARRAY_LIST_ROUTE } from "@/lib/server/api-table";
import { deleteArrays, deleteArraysMatching, parseDeleteQuery } from "@/lib/server/array-key-actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Served by the app's own server first (lib/server/api-table.ts); the same handler here.
export const GET = nextRoute(ARRAY_LIST_ROUTE.methods.GET!);

/**
 * DELETE /api/arrays?key=A&key=B: delete the named arrays; DELETE /api/arrays?match=GLOB: every
 * matching array. Keys of other types are never deleted. `{deleted, missing, notArrays}`.
 */
export const DELETE = apiRoute(async (request) => {
  const query = parseDeleteQuery(new URL(request.url).searchParams);
  const body = "match" in query ? await deleteArraysMatching(query.match) : await deleteArrays(query.keys);
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET", "DELETE"]);
export const PUT = POST;
export const PATCH = POST;
