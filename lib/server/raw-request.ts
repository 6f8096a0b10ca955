import "server-only";
import type { IncomingMessage } from "node:http";
import { currentRawRequest, WRITE_CONTINUE, type RawRequest } from "@/lib/app-server-contract";

// The Node request is there under scripts/lib/app-server.ts, which runs every
// request inside it; not under `next start`, where handlers read the web stream as usual.

/** The address of the peer on the request's socket; null outside app-server.ts. */
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
 * run under app-server.ts or when the body was already taken.
 */
export function rawRequestOf(request: Request): IncomingMessage | null {
  const raw = currentRawRequest();
  if (!raw || request.bodyUsed || raw.method !== request.method || raw.readableDidRead || raw.readableEnded) return null;
  return raw;
}
