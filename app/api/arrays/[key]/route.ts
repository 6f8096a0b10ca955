import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { arrayKeyFrom } from "@/lib/server/array-key";
import { deleteArray, notFound } from "@/lib/server/array-store";
import { arrayResponse, storeUpload } from "@/lib/server/transfer";
import { parseTtl } from "@/lib/server/ttl-param";
import { jsonError } from "@/lib/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function wantsAttachment(request: Request): boolean {
  const flag = new URL(request.url).searchParams.get("download");
  return flag !== null && flag !== "0" && flag !== "false";
}

/** GET /api/arrays/{key}: the exact .npy bytes (Range, If-None-Match, If-Range; ?download=1). */
export const GET = apiRoute(async (request) =>
  arrayResponse(request, arrayKeyFrom(request), { head: false, attachment: wantsAttachment(request) }),
);

export const HEAD = apiRoute(async (request) =>
  arrayResponse(request, arrayKeyFrom(request), { head: true, attachment: wantsAttachment(request) }),
);

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
  return Response.json(
    { key, bytes, created: outcome === "created" },
    { status: outcome === "created" ? 201 : 200, headers: { "Cache-Control": "no-store" } },
  );
});

/** DELETE /api/arrays/{key}: 204, or 404 when there is no such array. */
export const DELETE = apiRoute(async (request) => {
  const key = arrayKeyFrom(request);
  if (!(await deleteArray(key))) throw notFound(key);
  return new Response(null, { status: 204 });
});

export const POST = methodNotAllowed(["GET", "HEAD", "PUT", "DELETE"]);
export const PATCH = POST;
