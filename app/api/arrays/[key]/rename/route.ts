import { methodNotAllowed } from "@/lib/server/api-route";
import { renameArray, keyTransferRoute } from "@/lib/server/array-key-actions";

/** POST /api/arrays/{key}/rename {"to": "new:key"}: RENAMENX: the array takes the new name; 409 when the name is taken. */
export const POST = keyTransferRoute(renameArray);

export const GET = methodNotAllowed(["POST"]);
export const PUT = GET;
export const DELETE = GET;
export const PATCH = GET;
