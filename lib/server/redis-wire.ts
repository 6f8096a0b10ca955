import "server-only";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { Redis } from "ioredis";

/**
 * A connection to Redis of our own, for the one thing ioredis cannot do: send a
 * command whose biggest argument is still arriving. ioredis encodes a command
 * into one buffer before writing it, so an upload would cross loopback twice in
 * a row (client → app, then app → Redis); written here chunk by chunk, both legs
 * run at once. It speaks only what uploads need: single-line replies (+OK, -ERR,
 * :n, null), and one command at a time.
 */

export type WireReply =
  | { kind: "status"; text: string }
  | { kind: "error"; message: string }
  | { kind: "integer"; value: number }
  | { kind: "null" };

const CLIENT_NAME = "numpy-redis-upload";
// How much may wait in the socket's buffer before the body is paused. The default
// 16 KiB paused the upload at almost every 64 KiB chunk, waking it once per chunk.
const WRITE_HIGH_WATER = 1024 * 1024;

/** The wire failed or closed: whatever command was under way did not complete. */
export class UploadConnectionError extends Error {
  override name = "UploadConnectionError";
}

/** "$<length>\r\n", the header of a bulk string whose bytes follow. */
export function bulkHeader(length: number): Buffer {
  return Buffer.from(`$${length}\r\n`, "latin1");
}

/** Whole bulk strings: "$<length>\r\n<bytes>\r\n" each. */
export function bulkStrings(args: (string | Buffer)[]): Buffer {
  return Buffer.concat(
    args.flatMap((arg) => {
      const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : arg;
      return [bulkHeader(bytes.length), bytes, CRLF];
    }),
  );
}

export const CRLF = Buffer.from("\r\n", "latin1");

function parseLine(line: string): WireReply | null {
  switch (line[0]) {
    case "+":
      return { kind: "status", text: line.slice(1) };
    case "-":
      return { kind: "error", message: line.slice(1) };
    case ":":
      return { kind: "integer", value: Number(line.slice(1)) };
    case "_":
      return { kind: "null" };
    case "$":
    case "*":
      return line === "$-1" || line === "*-1" ? { kind: "null" } : null;
    default:
      return null;
  }
}

export class RedisWire {
  private pending = "";
  private readonly waiting: { resolve: (reply: WireReply) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    /** Where it connects and as whom: wires are only reused for the same. */
    readonly endpoint: string,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (data: Buffer) => this.receive(data));
    socket.on("error", (error) => this.fail(new UploadConnectionError(`the upload connection to Redis failed: ${error.message}`)));
    socket.on("close", () => this.fail(new UploadConnectionError("Redis closed the upload connection")));
  }

  /** Connects like `node` (host, port, TLS, user, password, db) and names the connection. */
  static async open(node: Redis): Promise<RedisWire> {
    const { host = "127.0.0.1", port = 6379, tls, username, password, db = 0, connectTimeout = 10_000 } = node.options;
    const socket = tls ? connectTls({ host, port, servername: host, ...tls }) : connectTcp({ host, port });
    const wire = new RedisWire(socket, endpointOf(node));
    socket.setTimeout(connectTimeout, () => socket.destroy(new Error(`connecting to ${host}:${port} timed out`)));
    const handshake: (string | Buffer)[][] = [];
    if (password) handshake.push(username ? ["AUTH", username, password] : ["AUTH", password]);
    if (db) handshake.push(["SELECT", String(db)]);
    handshake.push(["CLIENT", "SETNAME", CLIENT_NAME]);
    try {
      for (const command of handshake) wire.write(Buffer.concat([Buffer.from(`*${command.length}\r\n`), bulkStrings(command)]));
      for (const command of handshake) {
        const reply = await wire.reply();
        if (reply.kind === "error") throw new Error(`${command[0]} on the upload connection: ${reply.message}`);
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
        reject(this.failure ?? new UploadConnectionError("Redis closed the upload connection"));
      };
      this.socket.once("drain", onDrain);
      this.socket.once("close", onClose);
    });
  }

  /** The next reply, in the order commands were written. */
  reply(): Promise<WireReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.deliver();
    });
  }

  /** Closes the connection; Redis drops a command it has not received whole. */
  destroy(): void {
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    this.pending += data.toString("latin1");
    this.deliver();
  }

  private deliver(): void {
    let end: number;
    while (this.waiting.length > 0 && (end = this.pending.indexOf("\r\n")) !== -1) {
      const line = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const reply = parseLine(line);
      if (!reply) return this.fail(new UploadConnectionError(`unexpected reply on the upload connection: ${line.slice(0, 80)}`));
      this.waiting.shift()!.resolve(reply);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.socket.destroy();
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

function endpointOf(node: Redis): string {
  const { host = "127.0.0.1", port = 6379, username = "", db = 0, tls } = node.options;
  return `${tls ? "rediss" : "redis"}://${username}@${host}:${port}/${db}`;
}

// Idle wires per endpoint, kept for the next upload. Route handlers are bundled
// separately; a global keeps one pool per process.
const POOL_KEY = Symbol.for("numpy-redis.upload-wires");
const MAX_IDLE_PER_ENDPOINT = 4;

function idleWires(): Map<string, RedisWire[]> {
  const store = globalThis as typeof globalThis & { [POOL_KEY]?: Map<string, RedisWire[]> };
  return (store[POOL_KEY] ??= new Map());
}

/** An idle wire to `node`, or a new one. */
export async function borrowWire(node: Redis): Promise<RedisWire> {
  const idle = idleWires().get(endpointOf(node)) ?? [];
  for (let wire = idle.pop(); wire; wire = idle.pop()) {
    if (wire.usable) return wire;
  }
  return RedisWire.open(node);
}

/** Gives a wire whose last command was answered back to the pool. */
export function returnWire(wire: RedisWire): void {
  if (!wire.usable) return;
  const pool = idleWires();
  const idle = pool.get(wire.endpoint) ?? [];
  if (idle.length >= MAX_IDLE_PER_ENDPOINT) return wire.destroy();
  idle.push(wire);
  pool.set(wire.endpoint, idle);
}
