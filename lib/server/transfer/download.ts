import "server-only";
import type { ApiReply, HeaderReader } from "../api-reply";
import { attachmentDisposition } from "../content-disposition";
import { keyBytes, notFound } from "../array-store";
import { noneMatch, parseRange, rangeArgs, rangeStillValid } from "../byte-range";
import { ApiError } from "../errors";
import { readsFromReplicas } from "../redis";
import { returnWire } from "./pool";
import { RelayedBody } from "./relay";
import { commands, type Argument } from "./resp";
import { onKeyNode, RedisReplyError, type Leg, type ReadSource } from "./route";
import type { RedisWire, WireReply } from "./wire";

// Arrays up to this size are read whole and answered with their headers in one
// write; bigger ones are relayed as Redis sends them. (The wire reads bulk
// replies of this size whole.)
const SMALL_ARRAY_BYTES = 64 * 1024;

/** Redis answered something a snapshot read never gives: the transfer fails with this. */
class SnapshotReplyError extends Error {}

/** One version of an array as a snapshot read found it; its body's bytes, if asked for, are next on the wire. */
interface Snapshot {
  etag: string;
  length: number;
}

function expect(reply: WireReply, kind: WireReply["kind"], what: string): void {
  if (reply.kind === kind) return;
  const detail = reply.kind === "error" ? reply.message : JSON.stringify(reply);
  throw new SnapshotReplyError(`reading ${what} from Redis: ${detail}`);
}

/**
 * Sends `list` as one MULTI … EXEC (after ASKING when the cluster said ASK) and
 * reads up to the EXEC's array header, so the commands' own replies come next.
 * A refusal (MOVED, ASK, LOADING, an unknown command) is thrown as Redis said
 * it, with the wire clean: every command was answered, EXEC with EXECABORT.
 */
export async function transaction(leg: Leg, list: Argument[][]): Promise<void> {
  const { wire, asking } = leg;
  const sent = [...(asking ? [["ASKING"]] : []), ["MULTI"], ...list, ["EXEC"]];
  wire.write(commands(...sent));
  let refused: string | null = null;
  for (const [name] of sent) {
    const reply = await wire.reply();
    if (reply.kind === "error") refused ??= reply.message;
    else if (name === "EXEC") expect(reply, "array", "EXEC");
    else expect(reply, "status", String(name));
  }
  if (refused !== null) throw new RedisReplyError(refused);
}

/**
 * Reads `key` atomically with NP.SNAPSHOT (after ASKING when the cluster said
 * ASK): its ETag, its length and, unless `span` is null, the bytes of `span`,
 * in one reply that Redis builds from one version before it sends any of it,
 * as it does for GET. So whatever writes follow, the bytes relayed next are
 * that version's and the ETag names it. Returns once the ETag and the length
 * are read; null (with the wire clean) when there is no array. A refusal
 * (MOVED, ASK, WRONGTYPE, LOADING) is thrown as Redis said it, with the wire
 * clean. This is the only way the API reads an array's bytes.
 */
async function snapshot(leg: Leg, key: Buffer, span: [number, number] | null): Promise<Snapshot | null> {
  const { wire, asking } = leg;
  wire.write(commands(...(asking ? [["ASKING"]] : []), ["NP.SNAPSHOT", key, ...(span ?? [])]));
  if (asking) expect(await wire.reply(), "status", "ASKING");
  const head = await wire.reply();
  if (head.kind === "null") return null;
  if (head.kind === "error") throw new RedisReplyError(head.message);
  expect(head, "array", "NP.SNAPSHOT");
  const etag = await wire.reply();
  expect(etag, "bulk", "NP.SNAPSHOT's etag");
  const length = await wire.reply();
  expect(length, "integer", "NP.SNAPSHOT's length");
  return { etag: (etag as { bytes: Buffer }).bytes.toString("latin1"), length: (length as { value: number }).value };
}

export interface DownloadOptions {
  head: boolean;
  attachment: boolean;
}

function baseHeaders(key: string, etag: string, options: DownloadOptions): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: `"${etag}"`,
    "Accept-Ranges": "bytes",
    // Revalidate every time (the ETag makes that a cheap 304); arrays change under the same key.
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  };
  if (options.attachment) headers["Content-Disposition"] = attachmentDisposition(key);
  return headers;
}

/**
 * Reads on the source the settings ask for; a replica that does not have the
 * key (not replicated yet, or gone) hands over to the master, which has the last word.
 */
async function onSource<T>(key: Buffer, read: (leg: Leg) => Promise<T | null>): Promise<T | null> {
  const source: ReadSource = readsFromReplicas() ? "replica" : "master";
  const found = await onKeyNode(key, source, read);
  if (found !== null || source === "master") return found;
  return onKeyNode(key, "master", read);
}

/** After a failed read: a wire whose replies were all read goes back to the pool, any other is closed. */
export function release(leg: Leg, error: unknown): never {
  if (error instanceof RedisReplyError) returnWire(leg.wire);
  else leg.wire.destroy();
  throw error;
}

/** Reads the metadata only, for HEAD and If-None-Match; the wire goes straight back. */
function metadata(key: Buffer): Promise<Snapshot | null> {
  return onSource(key, async (leg) => {
    const found = await snapshot(leg, key, null).catch((error: unknown) => release(leg, error));
    returnWire(leg.wire);
    return found;
  });
}

/** A body read by a snapshot: in hand when small, else still on the wire, which the caller now owns. */
type SnapshotBody = Buffer | RedisWire;

/**
 * A snapshot read with its body. A small array's body is read at once and the
 * wire goes straight back; a big one's is left on the wire to be relayed.
 */
function withBody(key: Buffer, span: [number, number]): Promise<{ snap: Snapshot; body: SnapshotBody } | null> {
  return onSource(key, async (leg) => {
    const snap = await snapshot(leg, key, span).catch((error: unknown) => release(leg, error));
    if (!snap) {
      returnWire(leg.wire);
      return null;
    }
    if (snap.length > SMALL_ARRAY_BYTES) return { snap, body: leg.wire };
    const reply = await leg.wire.reply().catch((error: unknown) => release(leg, error));
    if (reply.kind !== "bulk") leg.wire.destroy();
    expect(reply, "bulk", "NP.SNAPSHOT's range");
    returnWire(leg.wire);
    return { snap, body: (reply as { bytes: Buffer }).bytes };
  });
}

/** One version of an array read whole, for archives; `abandon` closes its Redis connection if it is not read to its end. */
export interface WholeArray {
  length: number;
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  abandon(): void;
}

/** The whole of one version of `key`: in hand when small, else relayed as Redis sends it; null when there is no array. */
export async function wholeArray(key: Buffer): Promise<WholeArray | null> {
  const read = await withBody(key, [0, -1]);
  if (!read) return null;
  const { snap, body } = read;
  if (Buffer.isBuffer(body)) return { length: snap.length, chunks: [body], abandon: () => {} };
  const relayed = new RelayedBody(body, snap.length);
  return { length: snap.length, chunks: relayed.chunks(), abandon: () => relayed.abandon() };
}

function notModified(headers: HeaderReader, snap: Snapshot): boolean {
  return noneMatch(headers.get("if-none-match"), `"${snap.etag}"`);
}

/** A body that will not be sent: one still on the wire is dropped with its connection. */
function drop(body: SnapshotBody | null): void {
  if (body && !Buffer.isBuffer(body)) body.destroy();
}

/** GET/HEAD /api/arrays/{key}: conditional requests, single ranges, and every body one whole version. */
export async function arrayReply(headers: HeaderReader, key: string, options: DownloadOptions): Promise<ApiReply> {
  const raw = keyBytes(key);
  const rangeHeader = headers.get("range");
  const ifRange = headers.get("if-range");
  if (options.head || headers.get("if-none-match") !== null) {
    const meta = await metadata(raw);
    if (!meta) throw notFound(key);
    if (notModified(headers, meta)) return { status: 304, headers: baseHeaders(key, meta.etag, options), body: null };
    if (options.head) {
      const rangeApplies = rangeStillValid(ifRange, `"${meta.etag}"`);
      return bodyReply(headers, key, meta, null, options, rangeApplies ? rangeHeader : null);
    }
  }
  const ranged = rangeHeader !== null ? await withBody(raw, rangeArgs(rangeHeader)) : null;
  if (ranged && rangeStillValid(ifRange, `"${ranged.snap.etag}"`)) return bodyReply(headers, key, ranged.snap, ranged.body, options, rangeHeader);
  // No Range, or If-Range names another version than the one read: the whole array.
  // A body that will not be read is dropped with its connection.
  if (ranged) drop(ranged.body);
  const whole = await withBody(raw, [0, -1]);
  if (!whole) throw notFound(key);
  return bodyReply(headers, key, whole.snap, whole.body, options, null);
}

/**
 * The reply for one snapshot: 200, 206, 304 or 416, with its body (null for
 * HEAD). `rangeHeader` is the Range the read answered (null: the whole array was read).
 */
function bodyReply(
  headers: HeaderReader,
  key: string,
  snap: Snapshot,
  body: SnapshotBody | null,
  options: DownloadOptions,
  rangeHeader: string | null,
): ApiReply {
  const replyHeaders = baseHeaders(key, snap.etag, options);
  if (body && notModified(headers, snap)) {
    drop(body);
    return { status: 304, headers: replyHeaders, body: null };
  }
  const range = parseRange(rangeHeader, snap.length);
  if (range.kind === "unsatisfiable") {
    drop(body);
    throw new ApiError(416, `the range "${rangeHeader}" starts past the end of the ${snap.length}-byte array`, {
      "Content-Range": `bytes */${snap.length}`,
    });
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, snap.length - 1];
  const length = end - start + 1;
  replyHeaders["Content-Type"] = "application/octet-stream";
  replyHeaders["Content-Length"] = String(length);
  const status = range.kind === "partial" ? 206 : 200;
  if (status === 206) replyHeaders["Content-Range"] = `bytes ${start}-${end}/${snap.length}`;
  if (Buffer.isBuffer(body) && body.length !== length) {
    throw new SnapshotReplyError(`NP.SNAPSHOT answered ${body.length} bytes where the range holds ${length}`);
  }
  return { status, headers: replyHeaders, body: body && !Buffer.isBuffer(body) ? new RelayedBody(body, length) : body };
}
