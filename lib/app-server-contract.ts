// The contract between the app's own server (scripts/lib/app-server.ts) and the
// code it runs (lib/server, compiled into Next's bundles): what each side may
// leave for the other, typed once. Both sides run in one process but never
// share a module instance (the server script is loaded by tsx, the app's code
// by Next's bundles, and Next's route bundles and instrumentation.ts's bundle
// each hold their own copy), so everything passes through globalThis under
// Symbol.for names or through headers. No "server-only" here: the server script
// imports it outside Next.
import type { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Next removes Content-Length from every route-handler response and streams it
 * chunked; a handler that knows its length sends it under this header, and the
 * app's server turns it into the real Content-Length. Lower case: node:http
 * hands header names to setHeader as the handler spelled them.
 */
export const LENGTH_HEADER = "x-numpy-redis-content-length";

export const WRITE_CONTINUE = Symbol.for("numpy-redis.write-continue");

/** The API table's server, which instrumentation.ts registers when the Next server starts. */
export interface NodeApi {
  /** Answers the request and returns true when a table route serves it; false leaves it to Next. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * The node:http request behind a Next route handler's web Request. Its
 * `writeContinue`, set only on an upload that sent `Expect: 100-continue`, tells
 * the client to send the body, once the handler accepted its size.
 */
export type RawRequest = IncomingMessage & { [WRITE_CONTINUE]?: () => void };
const NODE_API = Symbol.for("numpy-redis.node-api");
const RAW_REQUEST = Symbol.for("numpy-redis.raw-request");

interface Slots {
  [NODE_API]?: NodeApi;
  [RAW_REQUEST]?: AsyncLocalStorage<RawRequest>;
}

const slots = globalThis as typeof globalThis & Slots;

export function registerNodeApiServer(api: NodeApi): void {
  slots[NODE_API] = api;
}

/** The API table's server, once instrumentation.ts registered it. */
export function nodeApiServer(): NodeApi | undefined {
  return slots[NODE_API];
}

/** Called by the app's server once: every request to Next then runs inside `store`. */
export function provideRawRequests(store: AsyncLocalStorage<RawRequest>): void {
  slots[RAW_REQUEST] = store;
}

/** The node:http request being handled; undefined outside the app's own server (`next start`). */
export function currentRawRequest(): RawRequest | undefined {
  return slots[RAW_REQUEST]?.getStore();
}
