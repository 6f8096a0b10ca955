import "server-only";
import { ensureKeyspaceEvents, subscribeArrayEvents } from "./array-events";

export const HEARTBEAT_MS = 15_000;
// A client that stops reading is dropped rather than buffered for without bound.
const MAX_QUEUED_MESSAGES = 10_000;

const encoder = new TextEncoder();

function message(data: unknown, event?: string): Uint8Array {
  return encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
}

/**
 * One SSE client: `ready` (or `error` when keyspace notifications are off),
 * then unnamed messages `{type, key, from?}`, `resync` after a Redis reconnect,
 * and a comment heartbeat every 15 s.
 */
export async function arrayEventStream(signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const status = await ensureKeyspaceEvents();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (chunk: Uint8Array) => {
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_MESSAGES) {
            cleanup();
            controller.error(new Error("event stream client is not reading"));
            return;
          }
          controller.enqueue(chunk);
        };
        controller.enqueue(encoder.encode("retry: 3000\n\n"));
        if (!status.enabled) {
          controller.enqueue(message({ error: status.reason }, "error"));
        } else {
          controller.enqueue(message({ events: true }, "ready"));
        }
        const unsubscribe = subscribeArrayEvents({
          onEvent: (event) => send(message(event)),
          onUnavailable: (reason) => send(message({ error: reason }, "error")),
          onResync: () => send(message({ reason: "reconnected to Redis; changes may have been missed" }, "resync")),
        });
        const heartbeat = setInterval(() => send(encoder.encode(": heartbeat\n\n")), HEARTBEAT_MS);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
          cleanup = () => {};
        };
        signal.addEventListener("abort", () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 0 },
  );
}
