import "server-only";
import type { ServerResponse } from "node:http";
import { returnWire } from "./pool";
import type { RedisWire, WireReply } from "./wire";

// How much a web body may hold before the wire is paused until the client reads.
const QUEUE_BYTES = 1024 * 1024;

/** Redis sent another length than the snapshot promised: the transfer fails with this. */
class RelayLengthError extends Error {}

/** Says in the server's log why a body was cut: the client only sees its connection close. */
function logCut(length: number, error: unknown): void {
  if (error instanceof Error && error.message === "the client went away") return;
  console.error(`a download of ${length} bytes was cut midway: ${error instanceof Error ? error.message : String(error)}`);
}

/** Waits until `res` takes more data, or is gone (then the next write finds it destroyed). */
function roomIn(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/**
 * A body of `length` bytes that Redis is sending next on `wire`: relayed to
 * the client as it arrives, never joined into one buffer. The wire goes back to
 * the pool when the body is done and is closed otherwise; a failure midway cuts
 * the client's connection, so it never sees a mix of versions. Read it once,
 * one way.
 */
export class RelayedBody {
  // The body went out whole and the wire back to the pool: it is no longer this body's to close.
  private relayed = false;

  constructor(
    private readonly wire: RedisWire,
    readonly length: number,
  ) {}

  private finish(sent: number | WireReply): void {
    if (sent !== this.length) throw new RelayLengthError(`NP.SNAPSHOT sent ${JSON.stringify(sent)} where ${this.length} bytes were due`);
    this.relayed = true;
    returnWire(this.wire);
  }

  /** For a body that will not be read to its end (or at all): closes its wire, unless it was relayed whole. */
  abandon(): void {
    if (!this.relayed) this.wire.destroy();
  }

  /** Straight into a node:http response, pausing the wire while the socket is full. */
  async pipeTo(res: ServerResponse): Promise<void> {
    try {
      const sent = await this.wire.streamBulk((chunk) => {
        if (res.destroyed) throw new Error("the client went away");
        return res.write(chunk) ? undefined : roomIn(res);
      });
      this.finish(sent);
      res.end();
    } catch (error) {
      logCut(this.length, error);
      this.wire.destroy();
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Chunk by chunk, for a consumer that pulls (an archive's writer); leaving early closes the wire. */
  async *chunks(): AsyncGenerator<Uint8Array, void> {
    const reader = this.webStream().getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => {});
    }
  }

  /** As a web stream, for a Next route handler; the app holds at most QUEUE_BYTES plus one socket read. */
  webStream(): ReadableStream<Uint8Array> {
    const { wire } = this;
    let wake: (() => void) | null = null;
    let cancelled = false;
    const room = () => new Promise<void>((resolve) => (wake = resolve));
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          const relay = async () => {
            const sent = await wire.streamBulk((chunk) => {
              if (cancelled) throw new Error("the client went away");
              controller.enqueue(chunk);
              return (controller.desiredSize ?? 1) > 0 ? undefined : room();
            });
            this.finish(sent);
            controller.close();
          };
          relay().catch((error: unknown) => {
            wire.destroy();
            if (cancelled) return;
            logCut(this.length, error);
            controller.error(error);
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
}
