import "server-only";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BodyTap } from "./upload-body";

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * An upload body kept in a temporary file instead of memory, for when it cannot
 * go to Redis as it arrives: RESP announces a bulk's length before its first
 * byte (a chunked body has none yet), and on a cluster a MOVED or ASK after
 * the last byte means sending it again to another node.
 */
export class Spool {
  private constructor(
    private readonly dir: string,
    private readonly path: string,
    private readonly file: WriteStream,
  ) {}

  static async create(): Promise<Spool> {
    const dir = await mkdtemp(join(tmpdir(), "numpy-redis-upload-"));
    const path = join(dir, "body.npy");
    return new Spool(dir, path, createWriteStream(path));
  }

  /** Takes one chunk of the body; a returned promise asks the body to wait for the disk. */
  readonly tap: BodyTap = (chunk) => {
    if (this.file.write(chunk)) return;
    return new Promise((resolve, reject) => {
      this.file.once("drain", resolve);
      this.file.once("error", reject);
    });
  };

  /** Resolves once every chunk is on disk. */
  finish(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.file.once("error", reject);
      this.file.end(resolve);
    });
  }

  /** Hands the stored body to `tap`, chunk by chunk, waiting on it; resolves with the length. */
  async replay(tap: BodyTap): Promise<number> {
    let sent = 0;
    for await (const chunk of createReadStream(this.path, { highWaterMark: READ_CHUNK_BYTES })) {
      sent += (chunk as Buffer).length;
      await tap(chunk as Buffer);
    }
    return sent;
  }

  /** Deletes the file. */
  async dispose(): Promise<void> {
    this.file.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}
