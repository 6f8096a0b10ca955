import { methodNotAllowed } from "@/lib/server/api-route";
import { copyArray, keyTransferRoute } from "@/lib/server/array-key-actions";

/** POST /api/arrays/{key}/copy {"to": "new:key"}: COPY without REPLACE: a second array under the new name, with the same TTL; 409 when the name is taken. */
export const POST = keyTransferRoute(copyArray);

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
