import "server-only";
import type { IncomingMessage } from "node:http";
import { Cluster } from "ioredis";
import { clusterBulkLimit } from "./cluster";
import { maxUploadBytes } from "./config";
import { ApiError } from "./errors";
import { rawRequestOf } from "./raw-request";
import { redis } from "./redis";

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}

function tooLarge(detail: string, limit: number, setting: string): ApiError {
  return new ApiError(413, `${detail}, over the limit of ${limit} bytes (${mib(limit)}); raise ${setting} to accept larger arrays`, {
    Connection: "close",
  });
}

// Redis drops the connection (and every command queued on it) when one argument
// exceeds proto-max-bulk-len, so refuse such uploads here, before sending them.
const LIMIT_CACHE_MS = 60_000;
let redisLimit: { bytes: number; where: string; readAt: number } | null = null;

async function redisBulkLimit(): Promise<{ bytes: number; where: string }> {
  if (redisLimit && Date.now() - redisLimit.readAt < LIMIT_CACHE_MS) return redisLimit;
  let bytes = 512 * 1024 * 1024; // Redis's default, when CONFIG is not available to us
  let where = "on the Redis server";
  const client = redis();
  try {
    if (client instanceof Cluster) {
      // Every master must take the array: resharding may move it to any of them.
      const lowest = await clusterBulkLimit(client);
      if (lowest) bytes = lowest.bytes;
      where = `on every Redis node (${lowest?.address ?? "each master"} has the lowest ${lowest?.setting ?? "limit"})`;
    } else {
      const reply = (await client.call("CONFIG", "GET", "proto-max-bulk-len")) as string[];
      if (reply?.[1]) bytes = Number(reply[1]);
    }
  } catch {
    // keep the default
  }
  redisLimit = { bytes, where, readAt: Date.now() };
  return redisLimit;
}

/** The upload limit in force and the setting to change for it. */
async function effectiveLimit(): Promise<{ limit: number; setting: string }> {
  const app = maxUploadBytes();
  const server = await redisBulkLimit();
  return server.bytes < app
    ? { limit: server.bytes, setting: `proto-max-bulk-len (and client-query-buffer-limit) ${server.where}` }
    : { limit: app, setting: "MAX_UPLOAD_BYTES" };
}

/** Counts the body's bytes, refusing it as soon as it passes the limit or its Content-Length. */
class BodyCheck {
  received = 0;

  constructor(
    readonly declared: number | null,
    private readonly limit: number,
    private readonly setting: string,
  ) {}

  accept(bytes: number): void {
    if (this.received + bytes > this.limit) throw tooLarge(`the upload passed ${this.limit} bytes`, this.limit, this.setting);
    if (this.declared !== null && this.received + bytes > this.declared) {
      throw new ApiError(400, `the body is longer than its Content-Length of ${this.declared} bytes`);
    }
    this.received += bytes;
  }

  end(): void {
    if (this.declared !== null && this.received !== this.declared) {
      throw new ApiError(400, `the body ended after ${this.received} of the ${this.declared} bytes its Content-Length announced`);
    }
    if (this.received === 0) throw emptyBody();
  }
}

function emptyBody(): ApiError {
  return new ApiError(400, "the request body is empty: send the .npy file's bytes as the body");
}

/**
 * Called with each accepted chunk; a returned promise pauses the body until it
 * settles (backpressure from wherever the chunk goes).
 */
export type BodyTap = (chunk: Buffer) => Promise<void> | void;

/**
 * The Node request's chunks as they arrive, without the web stream's copy. On a
 * refusal it stops listening but leaves the socket open, so the 413 or 400 is sent.
 */
function readNodeBody(raw: IncomingMessage, check: BodyCheck, tap: BodyTap): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      raw.off("data", onData);
      raw.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      let waiting;
      try {
        check.accept(chunk.byteLength);
        waiting = tap(chunk);
      } catch (error) {
        return fail(error);
      }
      if (!waiting) return;
      raw.pause();
      waiting.then(() => raw.resume(), fail);
    };
    raw.on("data", onData);
    raw.once("end", () => {
      try {
        check.end();
        resolve();
      } catch (error) {
        reject(error);
      }
    });
    raw.once("error", reject);
    raw.once("close", () => reject(new ApiError(400, "the client closed the connection before the body ended")));
  });
}

/** The web stream's chunks, under `next dev` (no app-server.mjs). */
async function readWebBody(body: ReadableStream<Uint8Array>, check: BodyCheck, tap: BodyTap): Promise<void> {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return check.end();
    try {
      check.accept(value.byteLength);
      await tap(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    } catch (error) {
      await reader.cancel().catch(() => {});
      throw error;
    }
  }
}

/** Joins chunks into one Buffer: straight into one allocation when the length is known. */
function collector(declared: number | null): { tap: BodyTap; result(): Buffer } {
  const target = declared !== null && Number.isSafeInteger(declared) ? Buffer.allocUnsafe(declared) : null;
  const chunks: Buffer[] = [];
  let at = 0;
  return {
    tap: (chunk) => {
      if (target) target.set(chunk, at);
      else chunks.push(chunk);
      at += chunk.byteLength;
    },
    result: () => target ?? Buffer.concat(chunks, at),
  };
}

/** A PUT body that passed the up-front checks and is not read yet. */
export interface PendingUpload {
  /** Content-Length, when the client sent one. */
  declared: number | null;
  /** The whole body. Refused with 413 or 400 as soon as it passes the limit or its Content-Length. */
  read(): Promise<Buffer>;
  /** Hands each chunk to `tap` as it arrives and keeps none; resolves with the length once the body ended whole. */
  relay(tap: BodyTap): Promise<number>;
}

/** Checks Content-Length against the limit in force (413 before any byte is read) and an empty body (400). */
export async function startUpload(request: Request): Promise<PendingUpload> {
  const { limit, setting } = await effectiveLimit();
  const declaredHeader = request.headers.get("content-length");
  const declared = declaredHeader === null ? null : Number(declaredHeader);
  if (declared !== null && declared > limit) throw tooLarge(`the upload is ${declared} bytes`, limit, setting);
  const body = request.body;
  if (!body || declared === 0) throw emptyBody();
  const check = new BodyCheck(declared, limit, setting);
  const raw = rawRequestOf(request);
  const relay = async (tap: BodyTap) => {
    await (raw ? readNodeBody(raw, check, tap) : readWebBody(body, check, tap));
    return check.received;
  };
  return {
    declared,
    relay,
    read: async () => {
      const joined = collector(declared);
      await relay(joined.tap);
      return joined.result();
    },
  };
}
