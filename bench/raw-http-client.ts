// A keep-alive HTTP/1.1 GET client on a bare TCP socket, for the small-request
// figures: node:http's client costs about as much CPU per request as the app's
// server does, and on a shared 2-core machine that work competes with the server
// being measured. This one writes a request line and parses only what it needs
// (status, Content-Length), as ioredis does for NP.GET.
import { connect, type Socket } from "node:net";

const HEADER_END = Buffer.from("\r\n\r\n");

interface Pending {
  resolve(status: number): void;
  reject(error: Error): void;
}

/** One response's progress through the socket's bytes. */
class ResponseReader {
  private buffered: Buffer = Buffer.alloc(0);
  private status = 0;
  private bodyLeft = -1;

  /** Feeds bytes; returns the status once a whole response (headers and body) has arrived, else null. */
  feed(chunk: Buffer): number | null {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    if (this.bodyLeft < 0) {
      const end = this.buffered.indexOf(HEADER_END);
      if (end === -1) return null;
      const head = this.buffered.subarray(0, end).toString("latin1");
      this.status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) throw new Error(`a response without Content-Length: ${head.split("\r\n")[0]}`);
      this.bodyLeft = Number(length[1]);
      this.buffered = this.buffered.subarray(end + HEADER_END.length);
    }
    if (this.buffered.length < this.bodyLeft) return null;
    if (this.buffered.length > this.bodyLeft) throw new Error("bytes after the response: the server answered what was not asked");
    this.buffered = Buffer.alloc(0);
    this.bodyLeft = -1;
    return this.status;
  }
}

/** GETs on one kept-alive socket, one at a time; resolves with the status once the body is read. */
export function rawConnectionGet(port: number, host = "127.0.0.1"): { get(path: string): Promise<number>; close(): void } {
  let socket: Socket | null = null;
  let pending: Pending | null = null;
  const reader = new ResponseReader();
  const fail = (error: Error) => {
    pending?.reject(error);
    pending = null;
    socket = null;
  };
  const open = (): Socket => {
    const opened = connect(port, host);
    opened.setNoDelay(true);
    opened.on("data", (chunk: Buffer) => {
      try {
        const status = reader.feed(chunk);
        if (status === null) return;
        const done = pending;
        pending = null;
        done?.resolve(status);
      } catch (error) {
        opened.destroy();
        fail(error as Error);
      }
    });
    opened.on("error", fail);
    opened.on("close", () => fail(new Error("the server closed the connection")));
    return opened;
  };
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        socket ??= open();
        socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`);
      }),
    close: () => socket?.destroy(),
  };
}
