import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { arrayKeyFrom } from "@/lib/server/array-key";
import { planeResponse } from "@/lib/server/transfer";

/** GET /api/arrays/{key}/plane?x=&y=&index=: one plane's raw bytes, gathered from one version. */
export const GET = apiRoute(async (request) => planeResponse(request, arrayKeyFrom(request)));

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
