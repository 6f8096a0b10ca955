import "server-only";
import type { IncomingMessage } from "node:http";
import { Cluster } from "ioredis";
import { maxUploadBytes } from "../config";
import { ApiError } from "../errors";
import { acceptBody, rawRequestOf } from "../raw-request";
import { redis } from "../redis";
import { bulkLimit, mib } from "./bulk-limit";

function tooLarge(detail: string, limit: number, setting: string): ApiError {
  return new ApiError(413, `${detail}, over the limit of ${limit} bytes (${mib(limit)}); raise ${setting} to accept larger arrays`, {
    Connection: "close",
  });
}

/** The upload limit in force and the setting to change for it: the app's, or Redis's when lower. */
async function effectiveLimit(): Promise<{ limit: number; setting: string }> {
  const app = maxUploadBytes();
  const server = await bulkLimit();
  if (!server || server.bytes >= app) return { limit: app, setting: "MAX_UPLOAD_BYTES" };
  const where = redis() instanceof Cluster ? `on every Redis node (${server.address} has the lowest)` : "on the Redis server";
  return { limit: server.bytes, setting: `${server.setting} ${where}` };
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

// What a check or a tap threw, as the Error the body's promise rejects with; anything else thrown keeps its text.
function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/**
 * The Node request's chunks as they arrive, without the web stream's copy. On a
 * refusal it stops listening but leaves the socket open, so the 413 or 400 is sent.
 */
function readNodeBody(raw: IncomingMessage, check: BodyCheck, tap: BodyTap): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      raw.off("data", onData);
      raw.pause();
      reject(asError(error));
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
        reject(asError(error));
      }
    });
    raw.once("error", reject);
    raw.once("close", () => reject(new ApiError(400, "the client closed the connection before the body ended")));
  });
}

/** The web stream's chunks, under `next start` (no app-server.ts to hand over the raw request). */
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

/** A PUT body that passed the up-front checks and is not read yet. */
export interface PendingUpload {
  /** Content-Length, when the client sent one. */
  declared: number | null;
  /**
   * Hands each chunk to `tap` as it arrives and keeps none; resolves with the
   * length once the body ended whole. Refused with 413 or 400 as soon as it
   * passes the limit or its Content-Length.
   */
  relay: (tap: BodyTap) => Promise<number>;
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
    if (raw) acceptBody(raw);
    await (raw ? readNodeBody(raw, check, tap) : readWebBody(body, check, tap));
    return check.received;
  };
  return { declared, relay };
}
