import "server-only";
import { keyBytes } from "./array-store";
import { commands, returnWire, type RedisWire, type WireReply } from "./redis-wire";

// How much the body may hold before the wire is paused until the client reads.
const QUEUE_BYTES = 1024 * 1024;

/** Redis answered something a chunk read never gives: the body fails with this. */
class RelayError extends Error {}

function expectReply(reply: WireReply, kind: WireReply["kind"], what: string): void {
  if (reply.kind === kind) return;
  const detail = reply.kind === "error" ? reply.message : JSON.stringify(reply);
  throw new RelayError(`reading ${what} from Redis: ${detail}`);
}

/** The spans of start..end, chunkBytes long (the last one shorter). */
function spans(start: number, end: number, chunkBytes: number): [number, number][] {
  const list: [number, number][] = [];
  for (let next = start; next <= end; next += chunkBytes) list.push([next, Math.min(next + chunkBytes - 1, end)]);
  return list;
}

/**
 * Reads start..end of `key` into `sink`, chunkBytes at a time, each chunk with
 * NP.ETAG in one MULTI so it belongs to one version. Bytes go to `sink` as they
 * arrive from Redis, never joined into one buffer. The next chunk is asked for
 * before this one is read, so Redis prepares it while the client receives (it
 * holds at most two chunks for us). Throws `changed()` when a chunk's etag or
 * length shows another version.
 */
async function relay(
  wire: RedisWire,
  key: Buffer,
  etag: string,
  [start, end]: [number, number],
  chunkBytes: number,
  sink: (chunk: Buffer) => Promise<void> | void,
  changed: () => Error,
): Promise<void> {
  const ask = ([first, last]: [number, number]) =>
    wire.write(commands(["MULTI"], ["NP.ETAG", key], ["NP.GETRANGE", key, first, last], ["EXEC"]));
  const list = spans(start, end, chunkBytes);
  ask(list[0]);
  for (let i = 0; i < list.length; i++) {
    if (i + 1 < list.length) ask(list[i + 1]);
    const [first, last] = list[i];
    expectReply(await wire.reply(), "status", "MULTI");
    expectReply(await wire.reply(), "status", "NP.ETAG");
    expectReply(await wire.reply(), "status", "NP.GETRANGE");
    expectReply(await wire.reply(), "array", "EXEC");
    const tag = await wire.reply();
    if (tag.kind !== "bulk" || tag.bytes.toString("latin1") !== etag) throw changed();
    const length = await wire.streamBulk((chunk) => sink(chunk));
    if (typeof length !== "number") expectReply(length, "bulk", "NP.GETRANGE");
    if (length !== last - first + 1) throw changed();
  }
}

/**
 * The body of a download on a single server, relayed from Redis on `wire`, which
 * it returns to the pool when done and closes otherwise. The client receives each
 * piece as Redis sends it; the app holds at most QUEUE_BYTES plus one socket read.
 * A changed array or a failed wire errors the body, so the client sees it cut
 * short, never mixed.
 */
export function relayedBody(
  wire: RedisWire,
  key: string,
  etag: string,
  range: [number, number],
  chunkBytes: number,
  changed: () => Error,
): ReadableStream<Uint8Array> {
  let wake: (() => void) | null = null;
  let cancelled = false;
  const room = () => new Promise<void>((resolve) => (wake = resolve));
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const run = async () => {
          await relay(wire, keyBytes(key), etag, range, chunkBytes, (chunk) => {
            if (cancelled) throw changed();
            controller.enqueue(chunk);
            return (controller.desiredSize ?? 1) > 0 ? undefined : room();
          }, changed);
          returnWire(wire);
          controller.close();
        };
        run().catch((error: unknown) => {
          wire.destroy();
          if (!cancelled) controller.error(error);
        });
      },
      pull() {
        wake?.();
        wake = null;
      },
      cancel() {
        cancelled = true;
        wire.destroy();
        wake?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUE_BYTES }),
  );
}
