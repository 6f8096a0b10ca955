import "server-only";
import { keyBytes, refuseUpload, setOptions, storeArray, storeOutcome, type StoreOptions, type StoreOutcome } from "./array-store";
import { ApiError } from "./errors";
import { borrowWire, bulkHeader, bulkStrings, CRLF, returnWire, type RedisWire, type WireReply } from "./redis-wire";
import { singleServer } from "./redis";
import { startUpload, type PendingUpload } from "./upload-body";

// Bodies at least this big are written to Redis as they arrive. Below it, relaying
// gains less than the second connection costs.
const STREAM_FROM_BYTES = 1024 * 1024;

export interface UploadResult {
  outcome: StoreOutcome;
  bytes: number;
}

/**
 * Stores a PUT body as `key`. On a single server, big bodies with a
 * Content-Length go to Redis while they arrive (streamUpload); the rest are read
 * whole and sent through the shared client, which on a cluster also follows
 * MOVED and failovers (a relayed body could not be sent twice).
 */
export async function storeUpload(key: string, request: Request, options: StoreOptions): Promise<UploadResult> {
  const upload = await startUpload(request);
  const server = singleServer();
  if (server && upload.declared !== null && upload.declared >= STREAM_FROM_BYTES) {
    const wire = await borrowWire(server).catch(() => null);
    if (wire) return streamUpload(wire, keyBytes(key), upload.declared, upload, options);
  }
  const npy = await upload.read();
  return { outcome: await storeArray(key, npy, options), bytes: npy.length };
}

/**
 * NP.SET on a wire of our own: the command's head, each chunk of the body as it
 * arrives (paused while Redis reads), then the options. Nothing is kept in
 * memory. A body that fails midway closes the wire, and Redis drops the
 * incomplete command: nothing is stored and an old value stays.
 */
async function streamUpload(wire: RedisWire, key: Buffer, length: number, upload: PendingUpload, options: StoreOptions): Promise<UploadResult> {
  const tail = setOptions(options);
  let bytes: number;
  try {
    wire.write(Buffer.concat([Buffer.from(`*${3 + tail.length}\r\n`), bulkStrings(["NP.SET", key]), bulkHeader(length)]));
    bytes = await upload.relay((chunk) => (wire.write(chunk) ? undefined : wire.drained()));
    wire.write(Buffer.concat([CRLF, bulkStrings(tail)]));
  } catch (error) {
    wire.destroy();
    throw error;
  }
  const reply = await wire.reply();
  // An array's elements would still be unread: such a wire cannot serve anyone else.
  if (reply.kind === "array") wire.destroy();
  else returnWire(wire);
  return { outcome: outcomeOf(reply, bytes), bytes };
}

function outcomeOf(reply: WireReply, bytes: number): StoreOutcome {
  switch (reply.kind) {
    case "error":
      return refuseUpload(new Error(reply.message), bytes);
    case "null":
      return storeOutcome(null);
    case "integer":
      return storeOutcome(reply.value);
    default:
      throw new ApiError(502, `NP.SET … ADDED answered ${JSON.stringify(reply)} where a number was expected`);
  }
}
