import "server-only";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { Redis } from "ioredis";

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

const CLIENT_NAME = "numpy-redis-relay";
// How much may wait in the socket's buffer before the writer is paused. The default
// 16 KiB paused an upload at almost every 64 KiB chunk, waking it once per chunk.
const WRITE_HIGH_WATER = 1024 * 1024;
// Bulk strings up to this size are read whole by reply(); bigger ones only by streamBulk().
const MAX_WHOLE_BULK = 64 * 1024;
export const CRLF = Buffer.from("\r\n", "latin1");

/** "$<length>\r\n", the header of a bulk string whose bytes follow. */
export function bulkHeader(length: number): Buffer {
  return Buffer.from(`$${length}\r\n`, "latin1");
}

/** Whole bulk strings: "$<length>\r\n<bytes>\r\n" each. */
export function bulkStrings(args: (string | number | Buffer)[]): Buffer {
  return Buffer.concat(
    args.flatMap((arg) => {
      const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), "utf8");
      return [bulkHeader(bytes.length), bytes, CRLF];
    }),
  );
}

/** Whole commands, ready to write: "*<n>\r\n" and the arguments of each. */
export function commands(...list: (string | number | Buffer)[][]): Buffer {
  return Buffer.concat(list.flatMap((args) => [Buffer.from(`*${args.length}\r\n`, "latin1"), bulkStrings(args)]));
}

type Want =
  | { kind: "line"; resolve: (line: string) => void; reject: (error: Error) => void }
  | { kind: "bytes"; length: number; resolve: (bytes: Buffer) => void; reject: (error: Error) => void }
  | { kind: "stream"; left: number; sink: WireSink; resolve: () => void; reject: (error: Error) => void };

export class RedisWire {
  private buffered: Buffer[] = [];
  private want: Want | null = null;
  private sinkBusy = false;
  private failure: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    /** Where it connects and as whom: wires are only reused for the same. */
    readonly endpoint: string,
    onClose: () => void,
  ) {
    socket.setNoDelay(true);
    socket.once("close", onClose);
    socket.on("data", (data: Buffer) => {
      this.buffered.push(data);
      this.serve();
    });
    socket.on("error", (error) => this.fail(new RedisWireError(`the connection to Redis failed: ${error.message}`)));
    socket.on("close", () => this.fail(new RedisWireError("Redis closed the connection")));
  }

  /** Connects like `node` (host, port, TLS, user, password, db) and names the connection; `onClose` runs once it is gone. */
  static async open(node: Redis, onClose: () => void): Promise<RedisWire> {
    const { host = "127.0.0.1", port = 6379, tls, username, password, db = 0, connectTimeout = 10_000 } = node.options;
    const socket = tls ? connectTls({ host, port, servername: host, ...tls }) : connectTcp({ host, port });
    const wire = new RedisWire(socket, endpointOf(node), onClose);
    socket.setTimeout(connectTimeout, () => socket.destroy(new Error(`connecting to ${host}:${port} timed out`)));
    const handshake: string[][] = [];
    if (password) handshake.push(username ? ["AUTH", username, password] : ["AUTH", password]);
    if (db) handshake.push(["SELECT", String(db)]);
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
    } finally {
      socket.setTimeout(0);
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

  drained(): Promise<void> {
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
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
  }

  /** The next reply; an array gives its length, and its elements are the next replies. */
  async reply(): Promise<WireReply> {
    const line = await this.line();
    const rest = line.slice(1);
    switch (line[0]) {
      case "+":
        return { kind: "status", text: rest };
      case "-":
        return { kind: "error", message: rest };
      case ":":
        return { kind: "integer", value: Number(rest) };
      case "*":
        return rest === "-1" ? { kind: "null" } : { kind: "array", length: Number(rest) };
      case "$": {
        const length = Number(rest);
        if (length === -1) return { kind: "null" };
        if (!(length >= 0 && length <= MAX_WHOLE_BULK)) throw this.fail(new RedisWireError(`a ${rest}-byte reply where a short one was expected`));
        const bytes = await this.take(length + 2);
        return { kind: "bulk", bytes: bytes.subarray(0, length) };
      }
      default:
        throw this.fail(new RedisWireError(`unexpected reply from Redis: ${line.slice(0, 80)}`));
    }
  }

  /**
   * The next reply when it may be a big bulk string: its bytes go to `sink` as they
   * arrive and the length is returned; any other reply is returned as reply() would.
   */
  async streamBulk(sink: WireSink): Promise<number | WireReply> {
    const line = await this.line();
    if (line[0] !== "$" || line === "$-1") return this.unread(line).reply();
    const length = Number(line.slice(1));
    await new Promise<void>((resolve, reject) => this.await({ kind: "stream", left: length, sink, resolve, reject }));
    await this.take(2);
    return length;
  }

  /** Closes the connection; Redis drops a command it has not received whole. */
  destroy(): void {
    this.socket.destroy();
  }

  private line(): Promise<string> {
    return new Promise((resolve, reject) => this.await({ kind: "line", resolve, reject }));
  }

  private take(length: number): Promise<Buffer> {
    return new Promise((resolve, reject) => this.await({ kind: "bytes", length, resolve, reject }));
  }

  private unread(line: string): this {
    this.buffered.unshift(Buffer.from(`${line}\r\n`, "latin1"));
    return this;
  }

  private await(want: Want): void {
    if (this.failure) return want.reject(this.failure);
    if (this.want) return want.reject(new RedisWireError("two readers on one connection"));
    this.want = want;
    this.serve();
  }

  /** Hands buffered bytes to the current reader, as far as they go. */
  private serve(): void {
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
      const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered);
      this.buffered = [all];
      const end = want.kind === "line" ? all.indexOf(CRLF) : all.length >= want.length ? want.length : -1;
      if (end === -1) return;
      const rest = all.subarray(want.kind === "line" ? end + 2 : end);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.want = null;
      if (want.kind === "line") want.resolve(all.toString("latin1", 0, end));
      else want.resolve(all.subarray(0, end));
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
    waiting.then(
      () => {
        this.sinkBusy = false;
        this.socket.resume();
        this.serve();
      },
      (error: unknown) => this.fail(error instanceof Error ? error : new RedisWireError(String(error))),
    );
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

function endpointOf(node: Redis): string {
  const { host = "127.0.0.1", port = 6379, username = "", db = 0, tls } = node.options;
  return `${tls ? "rediss" : "redis"}://${username}@${host}:${port}/${db}`;
}

// Wires per endpoint: the idle ones, kept for the next transfer, and how many are
// open. Route handlers are bundled separately; a global keeps one pool per process.
const POOL_KEY = Symbol.for("numpy-redis.wires");
const MAX_IDLE_PER_ENDPOINT = 4;
// Beyond this many transfers at once, the rest go through the shared client: a
// burst of clients must not become a burst of Redis connections.
const MAX_OPEN_PER_ENDPOINT = 32;

interface WirePool {
  idle: Map<string, RedisWire[]>;
  open: Map<string, number>;
}

function pool(): WirePool {
  const store = globalThis as typeof globalThis & { [POOL_KEY]?: WirePool };
  return (store[POOL_KEY] ??= { idle: new Map(), open: new Map() });
}

/** An idle wire to `node`, or a new one; refused when MAX_OPEN_PER_ENDPOINT are open already. */
export async function borrowWire(node: Redis): Promise<RedisWire> {
  const { idle, open } = pool();
  const endpoint = endpointOf(node);
  const waiting = idle.get(endpoint) ?? [];
  for (let wire = waiting.pop(); wire; wire = waiting.pop()) {
    if (wire.usable) return wire;
  }
  const count = open.get(endpoint) ?? 0;
  if (count >= MAX_OPEN_PER_ENDPOINT) throw new RedisWireError(`${count} transfers already have their own connection`);
  open.set(endpoint, count + 1);
  return RedisWire.open(node, () => open.set(endpoint, (open.get(endpoint) ?? 1) - 1));
}

/** Gives back a wire whose replies were all read; one in any other state must be destroyed instead. */
export function returnWire(wire: RedisWire): void {
  if (!wire.usable) return;
  const { idle } = pool();
  const waiting = idle.get(wire.endpoint) ?? [];
  if (waiting.length >= MAX_IDLE_PER_ENDPOINT) return wire.destroy();
  waiting.push(wire);
  idle.set(wire.endpoint, waiting);
}
