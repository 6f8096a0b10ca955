import "server-only";
import type { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";

// Set by scripts/lib/app-server.mjs, which runs every request inside it; absent
// under `next dev`, where handlers read the web stream as usual.
const RAW_REQUEST = Symbol.for("numpy-redis.raw-request");
// Set by app-server.mjs on a request that sent `Expect: 100-continue` and whose body
// the handler itself must ask for (uploads, so a 413 goes out before any byte is sent).
const WRITE_CONTINUE = Symbol.for("numpy-redis.write-continue");

type RawRequest = IncomingMessage & { [WRITE_CONTINUE]?: () => void };

function currentRawRequest(): RawRequest | undefined {
  return (globalThis as Record<symbol, AsyncLocalStorage<RawRequest> | undefined>)[RAW_REQUEST]?.getStore();
}

/** The address of the peer on the request's socket; null outside app-server.mjs. */
export function rawSocketAddress(): string | null {
  return currentRawRequest()?.socket.remoteAddress ?? null;
}

/** Tells a client waiting on `Expect: 100-continue` to send the body now that it is wanted. */
export function acceptBody(raw: RawRequest): void {
  raw[WRITE_CONTINUE]?.();
}

/**
 * The Node request behind `request`, while its body is still unread: reading it
 * directly skips the web stream's copy of every chunk. Null when the app does not
 * run under app-server.mjs or when the body was already taken.
 */
export function rawRequestOf(request: Request): IncomingMessage | null {
  const raw = currentRawRequest();
  if (!raw || request.bodyUsed || raw.method !== request.method || raw.readableDidRead || raw.readableEnded) return null;
  return raw;
}
