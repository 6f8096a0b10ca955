import "server-only";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { ConnectionOptions } from "node:tls";
import { processSingleton } from "../process-singleton";
import { commands } from "./resp";

/**
 * A connection to Redis of our own, for the one thing ioredis cannot do: move an
 * array's bytes while they are still arriving. ioredis encodes a command into one
 * buffer before writing it and joins a reply into one buffer before handing it
 * over, so an array would cross loopback twice in a row (client → app → Redis,
 * or back) and be copied whole in between. On a wire both legs run at once, chunk
 * by chunk. It speaks RESP2 to one caller at a time, which reads each reply in turn.
 */

/** What arrives first of a reply: a whole simple value, or the length of an array. */
export type WireReply =
  | { kind: "status"; text: string }
  | { kind: "error"; message: string }
  | { kind: "integer"; value: number }
  | { kind: "null" }
  | { kind: "bulk"; bytes: Buffer }
  | { kind: "array"; length: number };

/** Receives a bulk string's bytes as they arrive; a returned promise pauses the socket until it settles. */
export type WireSink = (chunk: Buffer) => Promise<void> | void;

/** The wire failed, closed or was misunderstood: whatever command was under way did not complete. */
export class RedisWireError extends Error {
  override name = "RedisWireError";
}

/** Redis went silent for longer than the command timeout while we waited on it (stalled, or a network gone). */
export class RedisTimeoutError extends RedisWireError {
  override name = "RedisTimeoutError";
  constructor(timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs / 1000} s`);
  }
}

const CLIENT_NAME = "numpy-redis-relay";
// How much may wait in the socket's buffer before the writer is paused. The default
// 16 KiB paused an upload at almost every 64 KiB chunk, waking it once per chunk.
const WRITE_HIGH_WATER = 1024 * 1024;
// Bulk strings up to this size are read whole by reply(); bigger ones only by streamBulk().
const MAX_WHOLE_BULK = 64 * 1024;
// The first byte of each RESP2 reply type.
const [PLUS, MINUS, COLON, STAR, DOLLAR] = Buffer.from("+-:*$", "latin1");

// The bytes a reply line ends with, and the digit zero.
const [CR, LF, ZERO] = Buffer.from("\r\n0", "latin1");

/** Where the first line in `bytes` ends (its CRLF), or -1 while it has not arrived whole. Lines are short: a scan beats a call into indexOf. */
function lineEnd(bytes: Buffer): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === CR && bytes[i + 1] === LF) return i;
  return -1;
}

/** The integer after a line's type byte, up to `end`; NaN when it is none. */
function integerIn(line: Buffer, end: number): number {
  const negative = line[1] === MINUS;
  let value = 0;
  for (let i = negative ? 2 : 1; i < end; i++) {
    const digit = line[i] - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return end > (negative ? 2 : 1) ? (negative ? -value : value) : NaN;
}

/** Where a wire connects and as whom. */
export interface WireTarget {
  host: string;
  port: number;
  tls?: ConnectionOptions;
  username?: string;
  password?: string;
  db: number;
  /** A cluster replica: READONLY first, so it serves reads of its master's slots. */
  readOnly: boolean;
  /** Seconds of silence from Redis, while we wait for it, after which the wire fails. */
  timeoutMs: number;
  /** Address, user, database and role as one name: wires are reused only for the same endpoint. */
  endpoint: string;
}

/** A target with its endpoint named, once: a small request borrows and returns a wire by it. */
export function wireTarget(fields: Omit<WireTarget, "endpoint">): WireTarget {
  const { host, port, tls, username, db, readOnly } = fields;
  return { ...fields, endpoint: `${tls ? "rediss" : "redis"}://${username ?? ""}@${host}:${port}/${db}${readOnly ? "?readonly" : ""}` };
}

// When Redis last sent bytes to, or took bytes from, any wire to an endpoint: one record per process.
const progressByEndpoint = processSingleton("wire-progress", () => new Map<string, number>());

function noteProgress(endpoint: string): void {
  progressByEndpoint().set(endpoint, Date.now());
}

function lastProgress(endpoint: string): number {
  return progressByEndpoint().get(endpoint) ?? 0;
}

type Want =
  | { kind: "reply"; resolve: (reply: WireReply) => void; reject: (error: Error) => void }
  | { kind: "line"; resolve: () => void; reject: (error: Error) => void }
  | { kind: "bytes"; length: number; resolve: (bytes: Buffer) => void; reject: (error: Error) => void }
  | { kind: "stream"; left: number; sink: WireSink; resolve: () => void; reject: (error: Error) => void };

export class RedisWire {
  private buffered: Buffer[] = [];
  private want: Want | null = null;
  private sinkBusy = false;
  private draining = false;
  private watching = false;
  private failure: Error | null = null;
  readonly endpoint: string;

  private constructor(
    private readonly socket: Socket,
    readonly target: WireTarget,
    onClose: () => void,
  ) {
    this.endpoint = target.endpoint;
    socket.setNoDelay(true);
    socket.once("close", onClose);
    socket.on("data", (data: Buffer) => {
      noteProgress(this.endpoint);
      this.buffered.push(data);
      this.serve();
    });
    socket.on("drain", () => noteProgress(this.endpoint));
    socket.on("timeout", () => this.timedOut());
    socket.on("error", (error) => this.fail(new RedisWireError(`the connection to Redis failed: ${error.message}`)));
    socket.on("close", () => this.fail(new RedisWireError("Redis closed the connection")));
  }

  /** Connects to `target`, logs in, selects the database and names the connection; `onClose` runs once it is gone. */
  static async open(target: WireTarget, onClose: () => void): Promise<RedisWire> {
    const { host, port, tls, username, password, db, readOnly } = target;
    const socket = tls ? connectTls({ host, port, servername: host, ...tls }) : connectTcp({ host, port });
    const wire = new RedisWire(socket, target, onClose);
    const handshake: string[][] = [];
    if (password) handshake.push(username ? ["AUTH", username, password] : ["AUTH", password]);
    if (db) handshake.push(["SELECT", String(db)]);
    if (readOnly) handshake.push(["READONLY"]);
    handshake.push(["CLIENT", "SETNAME", CLIENT_NAME]);
    try {
      wire.write(commands(...handshake));
      for (const command of handshake) {
        const reply = await wire.reply();
        if (reply.kind === "error") throw new RedisWireError(`${command[0]} on the app's own connection: ${reply.message}`);
      }
    } catch (error) {
      wire.destroy();
      throw error;
    }
    return wire;
  }

  /** False once the connection failed or closed. */
  get usable(): boolean {
    return this.failure === null && !this.socket.destroyed;
  }

  /** Writes bytes; false means WRITE_HIGH_WATER bytes wait to be sent and drained() should be awaited. */
  write(bytes: Uint8Array): boolean {
    this.socket.write(bytes);
    return this.socket.writableLength < WRITE_HIGH_WATER;
  }

  async drained(): Promise<void> {
    if (!this.socket.writableNeedDrain) return;
    this.draining = true;
    this.watch();
    try {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.socket.off("close", onClose);
          resolve();
        };
        const onClose = () => {
          this.socket.off("drain", onDrain);
          reject(this.failure ?? new RedisWireError("Redis closed the connection"));
        };
        this.socket.once("drain", onDrain);
        this.socket.once("close", onClose);
      });
    } finally {
      this.draining = false;
      this.watch();
    }
  }

  /**
   * The next reply; an array gives its length, and its elements are the next replies.
   * A reply already buffered is parsed at once: a small read costs one promise, not one per line.
   */
  reply(): Promise<WireReply> {
    if (!this.want && !this.failure) {
      const ready = this.bufferedReply();
      if (ready) return Promise.resolve(ready);
    }
    // Not all here yet, or the wire failed (then this rejects at once).
    return new Promise((resolve, reject) => this.await({ kind: "reply", resolve, reject }));
  }

  /**
   * Takes one whole reply off the buffered bytes, or null (taking nothing) while
   * part of it has yet to arrive. A reply that cannot be one fails the wire.
   */
  private bufferedReply(): WireReply | null {
    if (this.buffered.length === 0) return null;
    const all = this.joined();
    const end = lineEnd(all);
    if (end === -1) return null;
    let next = end + 2;
    let reply: WireReply;
    switch (all[0]) {
      case PLUS:
        reply = { kind: "status", text: all.toString("latin1", 1, end) };
        break;
      case MINUS:
        reply = { kind: "error", message: all.toString("latin1", 1, end) };
        break;
      case COLON:
        reply = { kind: "integer", value: integerIn(all, end) };
        break;
      case STAR: {
        const length = integerIn(all, end);
        reply = length === -1 ? { kind: "null" } : { kind: "array", length };
        break;
      }
      case DOLLAR: {
        const length = integerIn(all, end);
        if (length === -1) {
          reply = { kind: "null" };
          break;
        }
        if (!(length >= 0 && length <= MAX_WHOLE_BULK)) return this.failed(`a ${all.toString("latin1", 1, end)}-byte reply where a short one was expected`);
        if (all.length < next + length + 2) return null;
        reply = { kind: "bulk", bytes: all.subarray(next, next + length) };
        next += length + 2;
        break;
      }
      default:
        return this.failed(`unexpected reply from Redis: ${all.toString("latin1", 0, Math.min(end, 80))}`);
    }
    this.buffered = next < all.length ? [all.subarray(next)] : [];
    return reply;
  }

  /** The buffered bytes as one buffer (kept joined). */
  private joined(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0];
  }

  /**
   * The next reply when it may be a big bulk string: its bytes go to `sink` as they
   * arrive and the length is returned; any other reply is returned as reply() would.
   */
  async streamBulk(sink: WireSink): Promise<number | WireReply> {
    await this.lineArrived();
    const all = this.joined();
    const end = lineEnd(all);
    const length = all[0] === DOLLAR ? integerIn(all, end) : -1;
    if (length === -1) return this.reply();
    if (!(length >= 0)) throw this.fail(new RedisWireError(`unexpected reply from Redis: ${all.toString("latin1", 0, Math.min(end, 80))}`));
    this.buffered = end + 2 < all.length ? [all.subarray(end + 2)] : [];
    await new Promise<void>((resolve, reject) => this.await({ kind: "stream", left: length, sink, resolve, reject }));
    await this.take(2);
    return length;
  }

  /** Closes the connection; Redis drops a command it has not received whole. */
  destroy(): void {
    this.socket.destroy();
  }

  /** Resolves once a whole reply line is buffered, taking nothing. */
  private lineArrived(): Promise<void> {
    return new Promise((resolve, reject) => this.await({ kind: "line", resolve, reject }));
  }

  private take(length: number): Promise<Buffer> {
    return new Promise((resolve, reject) => this.await({ kind: "bytes", length, resolve, reject }));
  }

  private await(want: Want): void {
    if (this.failure) return want.reject(this.failure);
    if (this.want) return want.reject(new RedisWireError("two readers on one connection"));
    this.want = want;
    this.serve();
  }

  /** Hands buffered bytes to the current reader, as far as they go, then watches for silence if it still waits on Redis. */
  private serve(): void {
    this.feed();
    this.watch();
  }

  private feed(): void {
    while (this.want && !this.sinkBusy && this.buffered.length > 0) {
      const want = this.want;
      if (want.kind === "stream") {
        if (want.left === 0) {
          this.want = null;
          want.resolve();
          continue;
        }
        const head = this.buffered[0];
        const piece = head.length <= want.left ? head : head.subarray(0, want.left);
        this.buffered[0] = head.subarray(piece.length);
        if (this.buffered[0].length === 0) this.buffered.shift();
        want.left -= piece.length;
        this.deliverPiece(want, piece);
        continue;
      }
      if (want.kind === "reply") {
        const reply = this.bufferedReply();
        if (!reply) return;
        this.want = null;
        want.resolve(reply);
        continue;
      }
      const all = this.joined();
      if (want.kind === "line") {
        if (lineEnd(all) === -1) return;
        this.want = null;
        want.resolve();
        continue;
      }
      if (all.length < want.length) return;
      const rest = all.subarray(want.length);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.want = null;
      want.resolve(all.subarray(0, want.length));
    }
    if (this.want?.kind === "stream" && this.want.left === 0 && !this.sinkBusy) {
      const done = this.want;
      this.want = null;
      done.resolve();
    }
  }

  private deliverPiece(want: Extract<Want, { kind: "stream" }>, piece: Buffer): void {
    let waiting;
    try {
      waiting = want.sink(piece);
    } catch (error) {
      this.fail(error instanceof Error ? error : new RedisWireError(String(error)));
      return;
    }
    if (!waiting) return;
    this.sinkBusy = true;
    this.socket.pause();
    this.watch();
    waiting.then(
      () => {
        this.sinkBusy = false;
        this.socket.resume();
        this.serve();
      },
      (error: unknown) => this.fail(error instanceof Error ? error : new RedisWireError(String(error))),
    );
  }

  /**
   * The command timeout counts only while we wait on Redis: a reply not yet
   * (fully) arrived, or writes Redis is not taking. Waiting on the HTTP client
   * (a slow download, an upload still arriving) never times out the wire, so
   * long transfers go on as long as bytes flow.
   */
  private watch(): void {
    const waiting = this.failure === null && ((this.want !== null && !this.sinkBusy) || this.draining);
    if (waiting === this.watching) return;
    this.watching = waiting;
    this.socket.setTimeout(waiting ? this.target.timeoutMs : 0);
  }

  /**
   * This wire heard nothing for the timeout. That is a stall only if Redis went
   * silent on every wire to it: a Redis busy serving other transfers (or
   * starved of CPU with them) starves one socket for a while, and that
   * transfer's turn will come.
   */
  private timedOut(): void {
    // Timers run before the event loop reads its sockets. After the loop was held
    // up (a long task, a CPU starved under load) Redis's bytes may be waiting
    // unread, so the silence is judged once this turn's reads are done.
    setImmediate(() => this.judgeSilence());
  }

  private judgeSilence(): void {
    if (!this.watching || this.failure) return;
    const quietFor = Date.now() - lastProgress(this.endpoint);
    if (quietFor < this.target.timeoutMs) this.socket.setTimeout(this.target.timeoutMs - quietFor);
    else this.fail(new RedisTimeoutError(this.target.timeoutMs));
  }

  private failed(reason: string): null {
    this.fail(new RedisWireError(reason));
    return null;
  }

  private fail(error: Error): Error {
    if (!this.failure) {
      this.failure = error;
      this.socket.destroy();
      const want = this.want;
      this.want = null;
      want?.reject(error);
    }
    return this.failure;
  }
}
