import "server-only";
import { connection } from "next/server";
import { checkAccess, type AccessRequest } from "./access";
import { errorReply, toResponse, type ApiReply, type ApiRequest } from "./api-reply";
import { jsonError, toApiError } from "./errors";

export type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;
// What a route writes: a handler with nothing to wait for may answer at once.
type HandlerBody<P> = (request: Request, context: RouteContext<P>) => Response | Promise<Response>;

type Refusal<T> = (status: number, message: string, headers: Record<string, string>) => T;

/**
 * The guard every API handler runs behind, whichever server received the request:
 * the access check (Origin, Host, token) first, then `run`, with anything thrown
 * turned into `{error}` JSON by `refuse`.
 * The API is guarded here rather than in proxy.ts because a proxy buffers request
 * bodies, which would hold whole uploads in memory before the handler could refuse them.
 */
async function guarded<T>(request: AccessRequest, requireLogin: boolean, run: () => T | Promise<T>, refuse: Refusal<T>): Promise<T> {
  const verdict = checkAccess(request, { requireLogin });
  if (!verdict.allowed) {
    const headers: Record<string, string> = verdict.status === 401 ? { "WWW-Authenticate": 'Bearer realm="numpy-redis"' } : {};
    return refuse(verdict.status, verdict.reason, headers);
  }
  try {
    return await run();
  } catch (error) {
    const apiError = toApiError(error);
    return refuse(apiError.status, apiError.message, apiError.headers);
  }
}

// Every handler below first awaits connection(): each answer reads Redis and the request, so
// none may be prerendered at build or cached, and with cacheComponents Next prerenders a GET
// handler unless it waits for a request first. It comes before the guard, whose catch would
// otherwise swallow the bail-out Next throws.

/** A Next route handler behind the guard. */
// Route params (`[key]`, `[...path]`) reach handlers as a record; those that need one read it by name.
export function apiRoute<P = Record<string, string | string[]>>(handler: HandlerBody<P>, { requireLogin = true } = {}): Handler<P> {
  return async (request, context) => {
    await connection();
    return guarded(request, requireLogin, () => handler(request, context), jsonError);
  };
}

/** A handler for methods a route does not support: 405 JSON naming the allowed ones. */
export function methodNotAllowed(allowed: string[]): () => Promise<Response> {
  return async () => {
    await connection();
    return jsonError(405, `method not allowed here; use ${allowed.join(", ")}`, { Allow: allowed.join(", ") });
  };
}

/** A handler of a route in lib/server/api-table.ts, which either server may run. */
export type TableHandler = (request: ApiRequest) => Promise<ApiReply>;

/** A table route's handler behind the guard, on whichever server received the request. */
export function guardedReply(request: ApiRequest, handler: TableHandler): Promise<ApiReply> {
  return guarded(request, true, () => handler(request), errorReply);
}

/** A table route's handler as a Next route handler, for requests the app's own server leaves to Next. */
export function nextRoute(handler: TableHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    await connection();
    const url = new URL(request.url);
    const apiRequest: ApiRequest = { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers };
    return toResponse(await guardedReply(apiRequest, handler));
  };
}
