import "server-only";
import { LENGTH_HEADER } from "@/lib/app-server-contract";
import type { RelayedBody } from "./transfer/relay";

/**
 * What an API handler answers, before it is written: to a node:http response
 * by the app's own server (lib/server/node-api.ts), or as a web Response by a
 * Next route handler (toResponse). A body is bytes already in hand, bytes
 * still to be relayed from Redis, or none (HEAD, 304, 204).
 */
export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | RelayedBody | null;
}

/** Header lookup as both a web Request and a node:http request can offer it: null when absent. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** A request as the API's handlers need it, whichever server received it. */
export interface ApiRequest {
  method: string;
  /** The raw path, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: HeaderReader;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): ApiReply {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  return {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers, "Content-Length": String(body.length) },
    body,
  };
}

export function errorReply(status: number, message: string, headers: Record<string, string> = {}): ApiReply {
  return jsonReply(status, { error: message }, headers);
}

/**
 * The reply as a web Response for a Next route handler. Next drops
 * Content-Length from handler responses; LENGTH_HEADER carries it to
 * scripts/lib/app-server.ts, which restores it.
 */
export function toResponse(reply: ApiReply): Response {
  const headers = { ...reply.headers };
  if ("Content-Length" in headers) {
    headers[LENGTH_HEADER] = headers["Content-Length"];
    delete headers["Content-Length"];
  }
  const { body } = reply;
  // A view of a Buffer's bytes, not a copy: a plane may be hundreds of MiB.
  const webBody =
    body === null ? null : Buffer.isBuffer(body) ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : body.webStream();
  return new Response(webBody, { status: reply.status, headers });
}
