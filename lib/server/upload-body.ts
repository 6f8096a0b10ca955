import "server-only";
import { Cluster } from "ioredis";
import { clusterBulkLimit } from "./cluster";
import { maxUploadBytes } from "./config";
import { ApiError } from "./errors";
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

/**
 * Reads a PUT body into one Buffer, refusing with 413 as soon as Content-Length
 * or the running total passes the limit, before the rest arrives.
 */
export async function readUploadBody(request: Request): Promise<Buffer> {
  const { limit, setting } = await effectiveLimit();
  const declaredHeader = request.headers.get("content-length");
  const declared = declaredHeader === null ? null : Number(declaredHeader);
  if (declared !== null && declared > limit) throw tooLarge(`the upload is ${declared} bytes`, limit, setting);
  if (!request.body || declared === 0) {
    throw new ApiError(400, "the request body is empty: send the .npy file's bytes as the body");
  }

  // With a Content-Length the bytes land in one allocation; otherwise chunks are joined at the end.
  const target = declared !== null && Number.isSafeInteger(declared) ? Buffer.allocUnsafe(declared) : null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.byteLength > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(`the upload passed ${limit} bytes`, limit, setting);
    }
    if (target) {
      if (received + value.byteLength > target.length) {
        await reader.cancel().catch(() => {});
        throw new ApiError(400, `the body is longer than its Content-Length of ${declared} bytes`);
      }
      target.set(value, received);
    } else {
      chunks.push(value);
    }
    received += value.byteLength;
  }
  if (target && received !== target.length) {
    throw new ApiError(400, `the body ended after ${received} of the ${declared} bytes its Content-Length announced`);
  }
  if (received === 0) throw new ApiError(400, "the request body is empty: send the .npy file's bytes as the body");
  return target ?? Buffer.concat(chunks, received);
}
