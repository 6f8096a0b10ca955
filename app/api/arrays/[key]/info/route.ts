import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { rememberArrayKeys } from "@/lib/server/array-events";
import { arrayKeyFrom } from "@/lib/server/array-key";
import { arrayInfo } from "@/lib/server/array-store";

/** GET /api/arrays/{key}/info: NP.INFO as JSON (shape as numbers, etag). */
export const GET = apiRoute(async (request) => {
  const info = await arrayInfo(arrayKeyFrom(request));
  rememberArrayKeys([info.key]);
  return Response.json(info, { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
