import "server-only";
import type { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";

// Set by scripts/lib/app-server.mjs, which runs every request inside it; absent
// under `next dev`, where handlers read the web stream as usual.
const RAW_REQUEST = Symbol.for("numpy-redis.raw-request");

/**
 * The Node request behind `request`, while its body is still unread: reading it
 * directly skips the web stream's copy of every chunk. Null when the app does not
 * run under app-server.mjs or when the body was already taken.
 */
export function rawRequestOf(request: Request): IncomingMessage | null {
  const storage = (globalThis as Record<symbol, AsyncLocalStorage<IncomingMessage> | undefined>)[RAW_REQUEST];
  const raw = storage?.getStore();
  if (!raw || request.bodyUsed || raw.method !== request.method || raw.readableDidRead || raw.readableEnded) return null;
  return raw;
}
