import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { rememberArrayKeys } from "@/lib/server/array-events";
import { deleteArrays, deleteArraysMatching, deleteArraysMatchingStep, parseDeleteQuery } from "@/lib/server/array-key-actions";
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
