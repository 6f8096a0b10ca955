import { apiRoute, methodNotAllowed, nextRoute } from "@/lib/server/api-route";
import { ARRAY_BYTES_ROUTE } from "@/lib/server/api-table";
import { arrayKeyFrom } from "@/lib/server/array-key";
import { deleteArray, notFound } from "@/lib/server/array-store";
import { storeUpload } from "@/lib/server/transfer";
import { parseTtl } from "@/lib/server/ttl-param";
import { jsonError } from "@/lib/server/errors";

// GET and HEAD are served by the app's own server first (lib/server/api-table.ts); the same handlers here.
export const GET = nextRoute(ARRAY_BYTES_ROUTE.methods.GET!);
export const HEAD = nextRoute(ARRAY_BYTES_ROUTE.methods.HEAD!);

/** PUT /api/arrays/{key}: store the body; 201 created, 200 replaced, 412 with If-None-Match: * when taken. */
export const PUT = apiRoute(async (request) => {
  const key = arrayKeyFrom(request);
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch !== null && ifNoneMatch.trim() !== "*") {
    return jsonError(400, 'If-None-Match on PUT supports only "*" (store only if the key does not exist)');
  }
  const ttl = parseTtl(new URL(request.url).searchParams.get("ttl"));
  const { outcome, bytes } = await storeUpload(key, request, { onlyIfAbsent: ifNoneMatch !== null, ttl });
  if (outcome === "exists") return jsonError(412, `an array named "${key}" already exists (If-None-Match: * was sent)`);
  return Response.json({ key, bytes, created: outcome === "created" }, { status: outcome === "created" ? 201 : 200, headers: { "Cache-Control": "no-store" } });
});

/** DELETE /api/arrays/{key}: 204, or 404 when there is no such array. */
export const DELETE = apiRoute(async (request) => {
  const key = arrayKeyFrom(request);
  if (!(await deleteArray(key))) throw notFound(key);
  return new Response(null, { status: 204 });
});

export const POST = methodNotAllowed(["GET", "HEAD", "PUT", "DELETE"]);
export const PATCH = POST;
