import { apiRoute, methodNotAllowed, nextRoute } from "@/lib/server/api-route";
import { ARRAY_LIST_ROUTE } from "@/lib/server/api-table";
import { deleteArrays, deleteArraysMatching, deleteArraysMatchingStep, parseDeleteQuery } from "@/lib/server/array-key-actions";

// Served by the app's own server first (lib/server/api-table.ts); the same handler here.
export const GET = nextRoute(ARRAY_LIST_ROUTE.methods.GET!);

/**
 * DELETE /api/arrays?key=A&key=B: delete the named arrays; DELETE /api/arrays?match=GLOB: every
 * matching array; with &cursor=C (start at 0) one round of it, answering the cursor to go on from
 * ("0": done), so a page can show progress and stop. Keys of other types are never deleted.
 * `{deleted, missing, notArrays}`, plus `cursor` for a round.
 */
export const DELETE = apiRoute(async (request) => {
  const query = parseDeleteQuery(new URL(request.url).searchParams);
  const body = !("match" in query)
    ? await deleteArrays(query.keys)
    : query.cursor !== undefined
      ? await deleteArraysMatchingStep(query.match, query.cursor)
      : await deleteArraysMatching(query.match);
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET", "DELETE"]);
export const PUT = POST;
export const PATCH = POST;
