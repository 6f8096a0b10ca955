import { apiRoute, methodNotAllowed } from "@/lib/server/api-route";
import { arrayEventStream } from "@/lib/server/event-stream";

/** GET /api/events: Server-Sent Events of array changes (set, del, expired, renamed). */
export const GET = apiRoute(async (request) => {
  const stream = await arrayEventStream(request.signal);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});

export const POST = methodNotAllowed(["GET"]);
export const PUT = POST;
export const DELETE = POST;
export const PATCH = POST;
