import "server-only";
import { parseRange, noneMatch, rangeStillValid } from "./byte-range";
import { attachmentDisposition } from "./content-disposition";
import { ApiError } from "./errors";
import { keyBytes, notFound } from "./array-store";
import { keyedCommand, queueKeyed } from "./cluster";
import { readsFromReplicas, redis, singleServer } from "./redis";
import { borrowWire } from "./redis-wire";
import { relayedBody } from "./relayed-download";

// Up to this many bytes go out from one read; larger bodies stream in CHUNK_BYTES
// pieces so the process never holds a whole big array.
export const SINGLE_READ_BYTES = 8 * 1024 * 1024;
export const CHUNK_BYTES = 4 * 1024 * 1024;
const LENGTH_HEADER = "X-Numpy-Redis-Content-Length";

interface Snapshot {
  etag: string;
  length: number;
}

type MultiResult = [Error | null, unknown][] | null;

function replies(results: MultiResult): unknown[] {
  if (!results) throw new Error("the Redis transaction was aborted");
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/**
 * Where a download reads: the key's master, or with REDIS_READ_FROM_REPLICAS=1 on
 * a cluster its replica (falling back to the master for a key the replica does
 * not have yet).
 */
type Source = "master" | "replica";

/**
 * NP.ETAG and one more read of the key, as one version. On the master a MULTI;
 * a replica gets a pipeline (ioredis sends MULTI to masters only) with NP.ETAG
 * on both sides: equal ETags mean no replicated write landed in between.
 */
async function readWithEtag(key: string, source: Source, name: string, args: (string | number)[] = []): Promise<{ etag: string | null; value: unknown }> {
  const k = keyBytes(key);
  const readOnly = source === "replica";
  const etag = () => keyedCommand("NP.ETAG", k, [], { readOnly, replyEncoding: "utf8" });
  const read = () => keyedCommand(name, k, args, { readOnly });
  if (source === "master") {
    const [tag, value] = replies(await queueKeyed(queueKeyed(redis().multi(), etag()), read()).exec());
    return { etag: tag === null ? null : String(tag), value };
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const [before, value, after] = replies(await queueKeyed(queueKeyed(queueKeyed(redis().pipeline(), etag()), read()), etag()).exec());
    if (before === after) return { etag: before === null ? null : String(before), value };
  }
  throw new ApiError(503, `the array "${key}" is being rewritten continuously; try again`);
}

/** The array's ETag and length, read together. */
async function snapshot(key: string, source: Source): Promise<Snapshot | null> {
  const { etag, value: length } = await readWithEtag(key, source, "NP.LEN");
  if (etag === null) return null;
  return { etag, length: Number(length) };
}

/** Bytes start..end (inclusive) and the ETag they belong to, read atomically. */
async function readSpan(key: string, source: Source, start: number, end: number): Promise<{ etag: string | null; bytes: Buffer }> {
  const { etag, value } = await readWithEtag(key, source, "NP.GETRANGE", [start, end]);
  return { etag, bytes: value as Buffer };
}

export class ArrayChangedError extends Error {
  constructor(key: string) {
    super(`the array "${key}" changed while it was being sent; the download was aborted so no mixed bytes reach the client`);
  }
}

/**
 * Streams start..end in chunks, each read together with the ETag; a changed ETag
 * errors the stream (the client sees a cut-off body, never a mix of two versions).
 * highWaterMark 1 reads one chunk ahead of the socket and no more.
 */
function chunkedBody(key: string, source: Source, etag: string, start: number, end: number): ReadableStream<Uint8Array> {
  let next = start;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const last = Math.min(next + CHUNK_BYTES - 1, end);
        const span = await readSpan(key, source, next, last);
        if (span.etag !== etag || span.bytes.length !== last - next + 1) {
          controller.error(new ArrayChangedError(key));
          return;
        }
        controller.enqueue(span.bytes);
        next = last + 1;
        if (next > end) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * A body too big for one read: relayed from Redis as it arrives on a single
 * server (relayedBody), or read chunk by chunk through the shared client, which
 * on a cluster follows MOVED and reads from replicas.
 */
async function bigBody(key: string, source: Source, etag: string, start: number, end: number): Promise<ReadableStream<Uint8Array>> {
  const server = singleServer();
  const wire = server && (await borrowWire(server).catch(() => null));
  if (wire) return relayedBody(wire, key, etag, [start, end], CHUNK_BYTES, () => new ArrayChangedError(key));
  return chunkedBody(key, source, etag, start, end);
}

/** The small-body path: one atomic read; retried when a write slips in between snapshot and read. */
async function wholeSpan(key: string, source: Source, start: number, end: number): Promise<{ etag: string; bytes: Buffer } | null> {
  const span = await readSpan(key, source, start, end);
  if (span.etag === null) return null;
  return { etag: span.etag, bytes: span.bytes };
}

export interface DownloadOptions {
  head: boolean;
  attachment: boolean;
}

/** GET/HEAD /api/arrays/{key}: conditional requests, single ranges, streaming. */
export async function arrayResponse(request: Request, key: string, options: DownloadOptions): Promise<Response> {
  for (let attempt = 0; attempt < 3; attempt++) {
    let source: Source = readsFromReplicas() ? "replica" : "master";
    let snap = await snapshot(key, source);
    if (!snap && source === "replica") {
      // Not replicated yet (or gone): the master has the last word.
      source = "master";
      snap = await snapshot(key, source);
    }
    if (!snap) throw notFound(key);
    const etag = `"${snap.etag}"`;
    const headers: Record<string, string> = {
      ETag: etag,
      "Accept-Ranges": "bytes",
      // Revalidate every time (the ETag makes that a cheap 304); arrays change under the same key.
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
    };
    if (options.attachment) headers["Content-Disposition"] = attachmentDisposition(key);
    if (noneMatch(request.headers.get("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers });
    }

    let range = parseRange(request.headers.get("range"), snap.length);
    if (!rangeStillValid(request.headers.get("if-range"), etag)) range = { kind: "whole" };
    if (range.kind === "unsatisfiable") {
      throw new ApiError(416, `the range "${request.headers.get("range")}" starts past the end of the ${snap.length}-byte array`, {
        "Content-Range": `bytes */${snap.length}`,
      });
    }
    const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, snap.length - 1];
    const status = range.kind === "partial" ? 206 : 200;
    const length = end - start + 1;
    headers["Content-Type"] = "application/octet-stream";
    // Next strips Content-Length from handler responses; scripts/lib/app-server.mjs restores it from this.
    headers[LENGTH_HEADER] = String(length);
    if (status === 206) headers["Content-Range"] = `bytes ${start}-${end}/${snap.length}`;
    if (options.head) return new Response(null, { status, headers });

    if (length > SINGLE_READ_BYTES) return new Response(await bigBody(key, source, snap.etag, start, end), { status, headers });
    const span = await wholeSpan(key, source, start, end);
    if (span === null) throw notFound(key);
    if (span.etag !== snap.etag) continue;
    // A view, not a copy: Node Buffers sit on plain ArrayBuffers.
    const body = new Uint8Array(span.bytes.buffer as ArrayBuffer, span.bytes.byteOffset, span.bytes.byteLength);
    return new Response(body, { status, headers });
  }
  throw new ApiError(503, `the array "${key}" is being rewritten continuously; try again`);
}
