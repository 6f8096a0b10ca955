import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { registerNodeApiServer } from "@/lib/app-server-contract";
import type { ApiReply, ApiRequest, HeaderReader } from "./api-reply";
import { guardedReply } from "./api-route";
import { tableHandler } from "./api-table";

/**
 * The API table (lib/server/api-table.ts) served straight on node:http, for
 * scripts/lib/app-server.ts. Next's request handler costs milliseconds per
 * request (routing, web Request and Response objects, a web stream per body,
 * headers and body written apart); here a small array goes out in one socket
 * write with its headers, a big one is relayed from Redis into the socket.
 * The access checks and error replies are the very ones Next's routes use.
 */
function headersOf(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

function write(res: ServerResponse, reply: ApiReply): void {
  res.writeHead(reply.status, reply.headers);
  const { body } = reply;
  if (body === null) res.end();
  else if (Buffer.isBuffer(body)) res.end(body);
  else void body.pipeTo(res);
}

function serve(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const method = req.method ?? "GET";
  const handler = tableHandler(method, path);
  if (!handler) return false;
  const request: ApiRequest = { method, path, query: new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1)), headers: headersOf(req) };
  guardedReply(request, handler).then(
    (reply) => write(res, reply),
    (error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return true;
}

/** Hands the API table's server to scripts/lib/app-server.ts; instrumentation.ts calls it when the Next server starts. */
export function registerNodeApi(): void {
  registerNodeApiServer({ serve });
}
