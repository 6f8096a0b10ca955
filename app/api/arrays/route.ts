import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { rememberArrayKeys } from "@/lib/server/array-events";
import { listArrays, parseListQuery } from "@/lib/server/array-list";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/arrays?match=GLOB&cursor=C&count=N: one page of arrays with their headers. */
export const GET = apiRoute(async (request) => {
  const page = await listArrays(parseListQuery(new URL(request.url).searchParams));
  rememberArrayKeys(page.items.map((item) => item.key));
  return Response.json(page, { headers: { "Cache-Control": "no-store" } });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
