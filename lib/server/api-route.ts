import "server-only";
import { checkAccess } from "./access";
import { errorReply, toResponse, type ApiReply, type ApiRequest } from "./api-reply";
import { jsonError, toApiError } from "./errors";

export type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

/**
 * Every API handler goes through this: the access check (Origin, Host, token)
 * first, then the handler, with anything thrown turned into `{error}` JSON.
 * The API is guarded here rather than in proxy.ts because a proxy buffers request
 * bodies, which would hold whole uploads in memory before the handler could refuse them.
 */
// Route params (`[key]`, `[...path]`) reach handlers as a record; those that need one read it by name.
export function apiRoute<P = Record<string, string | string[]>>(handler: Handler<P>, { requireLogin = true } = {}): Handler<P> {
  return async (request, context) => {
    const verdict = await checkAccess(request, { requireLogin });
    if (!verdict.allowed) {
      const headers: Record<string, string> = verdict.status === 401 ? { "WWW-Authenticate": 'Bearer realm="numpy-redis"' } : {};
      return jsonError(verdict.status, verdict.reason, headers);
    }
    try {
      return await handler(request, context);
    } catch (error) {
      const apiError = toApiError(error);
      return jsonError(apiError.status, apiError.message, apiError.headers);
    }
  };
}

/** A handler for methods a route does not support: 405 JSON naming the allowed ones. */
export function methodNotAllowed(allowed: string[]): () => Promise<Response> {
  return async () =>
    jsonError(405, `method not allowed here; use ${allowed.join(", ")}`, { Allow: allowed.join(", ") });
}

/** A handler of a route in lib/server/api-table.ts, which either server may run. */
export type TableHandler = (request: ApiRequest) => Promise<ApiReply>;

/**
 * apiRoute's guard for a table route, on whichever server received the request:
 * the same access check first, then the handler, anything thrown turned into `{error}` JSON.
 */
export async function guardedReply(request: ApiRequest, handler: TableHandler, { requireLogin = true } = {}): Promise<ApiReply> {
  const verdict = await checkAccess(request, { requireLogin });
  if (!verdict.allowed) {
    const headers: Record<string, string> = verdict.status === 401 ? { "WWW-Authenticate": 'Bearer realm="numpy-redis"' } : {};
    return errorReply(verdict.status, verdict.reason, headers);
  }
  try {
    return await handler(request);
  } catch (error) {
    const apiError = toApiError(error);
    return errorReply(apiError.status, apiError.message, apiError.headers);
  }
}

/** A table route's handler as a Next route handler, for requests the app's own server leaves to Next. */
export function nextRoute(handler: TableHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const apiRequest: ApiRequest = { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers };
    return toResponse(await guardedReply(apiRequest, handler));
  };
}
