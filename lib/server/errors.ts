import "server-only";
import { join } from "node:path";
import { commandTimeoutMs } from "./config";
import { redisAddress, redisConnectionError, redisLoadingPercent } from "./redis";

/** An error the API reports as `{error}` with this status: the message is for a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export const MODULE_PATH_HINT = join(process.cwd(), "redis-module", "numpy_redis.so");

export function moduleMissingMessage(): string {
  return `the numpy module is not loaded: start redis-server with --loadmodule ${MODULE_PATH_HINT} ` + `or run MODULE LOAD ${MODULE_PATH_HINT}`;
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
};

/** "cannot reach Redis at 127.0.0.1:6390: connection refused" from whatever the client last saw. */
export function unreachableMessage(error?: unknown): string {
  const cause = redisConnectionError() ?? (error instanceof Error ? error : null);
  const code = cause && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
  let reason = (code && SOCKET_ERRORS[code]) || cause?.message || "not connected";
  if (/WRONGPASS|NOAUTH|invalid password/i.test(reason)) {
    reason = `authentication failed (${reason}); check the password in REDIS_URL`;
  }
  return `cannot reach Redis at ${redisAddress()}: ${reason}`;
}

/** "Redis is loading its data (43 %)", the percentage left out when not known yet. */
export function loadingMessage(percent: number | null): string {
  return `Redis is loading its data${percent === null ? "" : ` (${percent} %)`}`;
}

/**
 * ioredis's "Command timed out": Redis is connected but silent (stopped, or
 * busy with something long), unless the connection itself is down.
 */
function timedOutMessage(error: Error): string {
  if (redisConnectionError()) return unreachableMessage(error);
  return `Redis did not answer within ${commandTimeoutMs() / 1000} s`;
}

function isConnectionFailure(error: Error): boolean {
  return (
    error.name === "MaxRetriesPerRequestError" ||
    /max retries per request/i.test(error.message) ||
    /Connection is closed|Stream isn't writeable|connect ECONNREFUSED|ETIMEDOUT|ENOTFOUND/.test(error.message) ||
    Boolean((error as NodeJS.ErrnoException).code && SOCKET_ERRORS[(error as NodeJS.ErrnoException).code!])
  );
}

/** Maps anything thrown while serving a request to an ApiError a person can act on. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return new ApiError(500, `internal error: ${String(error)}`);
  // lib/server/cluster.ts's errors, told apart by name (see there).
  if (error.name === "ClusterCursorError") return new ApiError(400, error.message);
  if (error.name === "ClusterUnavailableError") return new ApiError(503, error.message);
  if (error.name === "BulkLimitError") return new ApiError(413, error.message);
  // lib/server/transfer/wire.ts: a transfer's own connection went silent or broke before the response began.
  if (error.name === "RedisTimeoutError") return new ApiError(503, error.message);
  if (error.name === "RedisWireError") return new ApiError(503, `the transfer to or from Redis broke off (${error.message}); try again`);
  if (/^CLUSTERDOWN|^TRYAGAIN|Too many Cluster redirections/.test(error.message)) {
    return new ApiError(503, `the Redis Cluster is failing over or resharding (${error.message.slice(0, 200)}); retry in a few seconds`);
  }
  // A MULTI whose command was refused while queueing (unknown command, wrong arity): report that command's error.
  const queued = (error as Error & { previousErrors?: Error[] }).previousErrors?.[0];
  if (error.message.startsWith("EXECABORT") && queued) return toApiError(queued);
  const message = error.message;
  if (/^ERR unknown command .NP\./i.test(message)) return new ApiError(503, moduleMissingMessage());
  if (message.startsWith("WRONGTYPE")) {
    return new ApiError(409, "the key holds another Redis type, not a NumPy array; delete or rename it first");
  }
  if (/^(NOAUTH|WRONGPASS)/.test(message)) return new ApiError(503, unreachableMessage(error));
  if (message.startsWith("LOADING")) return new ApiError(503, loadingMessage(redisLoadingPercent()));
  if (message === "Command timed out") return new ApiError(503, timedOutMessage(error));
  if (message.startsWith("OOM")) {
    return new ApiError(507, `Redis is out of memory (maxmemory reached): ${message.replace(/^OOM /, "")}`);
  }
  if (isConnectionFailure(error)) return new ApiError(503, unreachableMessage(error));
  console.error(error);
  return new ApiError(500, `internal error: ${message}`);
}
