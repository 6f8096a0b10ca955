import "server-only";
import type { ArrayEvent } from "@/lib/api-types";
import { ensureKeyspaceEvents, subscribeArrayEvents } from "./array-events";
import { CoalescedEvents } from "./coalesced-events";

export const HEARTBEAT_MS = 15_000;
// Bytes waiting for a client's socket before later changes are folded by key instead of queued.
const MAX_QUEUED_BYTES = 256 * 1024;
// Distinct keys folded for a client that is behind; past this it gets one `resync` instead
// (re-listing is cheaper than catching up on thousands of keys one message each).
const MAX_BEHIND_KEYS = 2_000;
// A client still behind after this long is dropped; EventSource reconnects and lists again.
const MAX_BEHIND_MS = 60_000;

const encoder = new TextEncoder();

function message(data: unknown, event?: string): Uint8Array {
  return encoder.encode(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
}

// Clients share the hub's event objects, so a backlog held for each of many slow clients
// reuses one encoding of each event instead of encoding it once per client.
const eventMessages = new WeakMap<ArrayEvent, string>();

function eventMessage(event: ArrayEvent): string {
  let text = eventMessages.get(event);
  if (text === undefined) eventMessages.set(event, (text = `data: ${JSON.stringify(event)}\n\n`));
  return text;
}

function encodeEvents(events: readonly ArrayEvent[]): Uint8Array {
  return encoder.encode(events.map(eventMessage).join(""));
}

// A batch goes out in pieces of about this many bytes, so a client is found to be behind
// within one piece: a burst's batch can be megabytes, and a whole batch handed to a
// client that stopped reading would sit in the app's memory.
const PIECE_BYTES = 64 * 1024;

interface EncodedPiece {
  bytes: Uint8Array;
  events: readonly ArrayEvent[];
}

function encodePieces(events: readonly ArrayEvent[]): readonly EncodedPiece[] {
  const pieces: EncodedPiece[] = [];
  let start = 0;
  let text = "";
  events.forEach((event, i) => {
    text += eventMessage(event);
    if (text.length < PIECE_BYTES && i < events.length - 1) return;
    pieces.push({ bytes: encoder.encode(text), events: events.slice(start, i + 1) });
    start = i + 1;
    text = "";
  });
  return pieces;
}

// The hub hands every client the same batch: it is encoded for the first and shared by the rest.
const sharedPieces = new WeakMap<readonly ArrayEvent[], readonly EncodedPiece[]>();

function encodeShared(events: readonly ArrayEvent[]): readonly EncodedPiece[] {
  let pieces = sharedPieces.get(events);
  if (!pieces) sharedPieces.set(events, (pieces = encodePieces(events)));
  return pieces;
}

/**
 * What one SSE client is sent. While its socket keeps up, each batch goes out as is.
 * When it falls behind, changes are folded by key until it reads again (then it gets
 * the latest state of each key); when too many keys pile up it gets one `resync`
 * instead; when it stays behind for long it is dropped. So memory per client is bounded.
 */
class EventClient {
  private readonly backlog = new CoalescedEvents();
  private resyncReason: string | null = null;
  private behindSince = 0;

  constructor(
    private readonly controller: ReadableStreamDefaultController<Uint8Array>,
    private readonly drop: (reason: string) => void,
  ) {}

  events(events: readonly ArrayEvent[]) {
    const pieces = encodeShared(events);
    for (const [i, piece] of pieces.entries()) {
      if (this.isBehind()) return this.fallBehind(pieces.slice(i).flatMap((rest) => rest.events));
      this.controller.enqueue(piece.bytes);
    }
  }

  resync(reason: string) {
    this.backlog.clear();
    if (!this.isBehind()) return this.controller.enqueue(message({ reason }, "resync"));
    this.markBehind();
    this.resyncReason = reason;
  }

  unavailable(reason: string) {
    this.controller.enqueue(message({ error: reason }, "error"));
  }

  heartbeat() {
    if (!this.isBehind()) return this.controller.enqueue(encoder.encode(": heartbeat\n\n"));
    this.markBehind();
    if (Date.now() - this.behindSince > MAX_BEHIND_MS) this.drop(`event stream client has not read for ${MAX_BEHIND_MS / 1000} s`);
  }

  /** The client is waiting for data and nothing is queued: send what was held back. */
  catchUp() {
    if (this.resyncReason) this.controller.enqueue(message({ reason: this.resyncReason }, "resync"));
    else if (this.backlog.size > 0) this.controller.enqueue(encodeEvents(this.backlog.take()));
    this.resyncReason = null;
    this.behindSince = 0;
  }

  private fallBehind(events: readonly ArrayEvent[]) {
    this.markBehind();
    if (this.resyncReason) return;
    this.backlog.addAll(events);
    if (this.backlog.size > MAX_BEHIND_KEYS) this.resync(`fell behind by more than ${MAX_BEHIND_KEYS} changed arrays; list again`);
  }

  private isBehind(): boolean {
    const queuedBytes = -(this.controller.desiredSize ?? 0);
    return this.resyncReason !== null || this.backlog.size > 0 || queuedBytes > MAX_QUEUED_BYTES;
  }

  private markBehind() {
    this.behindSince ||= Date.now();
  }
}

/**
 * One SSE client: `ready` (or `error` when keyspace notifications are off),
 * then unnamed messages `{type, key, from?}` (a burst arrives folded: the latest
 * change per key), `resync` when changes were missed (Redis reconnected, or the
 * client fell too far behind), and a comment heartbeat every 15 s.
 */
export async function arrayEventStream(signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const status = await ensureKeyspaceEvents();
  let cleanup = () => {};
  let client: EventClient | null = null;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode("retry: 3000\n\n"));
        if (!status.enabled) controller.enqueue(message({ error: status.reason }, "error"));
        const events = new EventClient(controller, (reason) => {
          cleanup();
          controller.error(new Error(reason));
        });
        client = events;
        const { unsubscribe, subscribed } = subscribeArrayEvents({
          onEvents: (batch) => events.events(batch),
          onUnavailable: (reason) => events.unavailable(reason),
          onResync: (reason) => events.resync(reason),
        });
        // "ready" promises that every later change arrives: send it once Redis confirmed the subscription.
        if (status.enabled) {
          void subscribed.then(() => {
            try {
              controller.enqueue(message({ events: true }, "ready"));
            } catch {
              // the client left before Redis confirmed
            }
          });
        }
        const heartbeat = setInterval(() => events.heartbeat(), HEARTBEAT_MS);
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
      pull() {
        client?.catchUp();
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}
