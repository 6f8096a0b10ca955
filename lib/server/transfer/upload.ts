import "server-only";
import { Cluster } from "ioredis";
import { keyBytes, refuseUpload, setOptions, storeOutcome, type StoreOptions, type StoreOutcome } from "../array-store";
import { ApiError } from "../errors";
import { redis } from "../redis";
import { bulkLimit, explainWriteError, forgetBulkLimits } from "./bulk-limit";
import { returnWire } from "./pool";
import { commands, streamedCommand } from "./resp";
import { onKeyNode, RedisReplyError, type Leg } from "./route";
import { Spool } from "./spool";
import { startUpload, type BodyTap } from "./upload-body";
import type { WireReply } from "./wire";

export interface UploadResult {
  outcome: StoreOutcome;
  bytes: number;
}

/** Feeds a body to `tap` and resolves with its length: straight from the client, or from a spool. */
type BodySource = (tap: BodyTap) => Promise<number>;

/**
 * Stores a PUT body as `key`, never holding it in memory. On one server a body
 * with a Content-Length goes to Redis as it arrives. A chunked body (no length
 * to announce yet), and every body on a cluster (which may answer MOVED or ASK
 * after the last byte), is first spooled to a temporary file and sent from it.
 */
export async function storeUpload(key: string, request: Request, options: StoreOptions): Promise<UploadResult> {
  const upload = await startUpload(request);
  const raw = keyBytes(key);
  const { declared } = upload;
  if (declared !== null && !(redis() instanceof Cluster)) {
    return onKeyNode(raw, "master", (leg) => sendNpSet(leg, raw, declared, upload.relay, options));
  }
  const spool = await Spool.create();
  try {
    const length = await upload.relay(spool.tap);
    await spool.finish();
    return await onKeyNode(raw, "master", (leg) => sendNpSet(leg, raw, length, (tap) => spool.replay(tap), options));
  } finally {
    await spool.dispose();
  }
}

/**
 * NP.SET on a wire: the command's head, the body's chunks as they come (paused
 * while Redis reads), then the options. A body that fails midway closes the
 * wire, and Redis drops the incomplete command: nothing is stored and an old
 * value stays.
 */
async function sendNpSet(leg: Leg, key: Buffer, length: number, body: BodySource, options: StoreOptions): Promise<UploadResult> {
  const { wire } = leg;
  const { head, tail } = streamedCommand(["NP.SET", key], length, setOptions(options));
  let reply: WireReply;
  try {
    if (leg.asking) wire.write(commands(["ASKING"]));
    wire.write(head);
    await body((chunk) => (wire.write(chunk) ? undefined : wire.drained()));
    wire.write(tail);
    if (leg.asking) await wire.reply();
    reply = await wire.reply();
  } catch (error) {
    wire.destroy();
    throw await explainBrokenUpload(error, length);
  }
  // An array's elements would still be unread: such a wire cannot serve anyone else.
  if (reply.kind === "array") wire.destroy();
  else returnWire(wire);
  return { outcome: outcomeOf(reply, length), bytes: length };
}

/**
 * Redis closes the connection on a command over proto-max-bulk-len or
 * client-query-buffer-limit, which may have been lowered since the app last
 * read them: read them again and name the one that bit.
 */
async function explainBrokenUpload(error: unknown, bytes: number): Promise<unknown> {
  if (error instanceof ApiError || !(error instanceof Error) || error.name !== "RedisWireError") return error;
  forgetBulkLimits();
  const limit = await bulkLimit().catch(() => null);
  if (limit && bytes > limit.bytes)
    return explainWriteError(new Error(`Protocol error: the ${limit.setting} of ${limit.address} is ${limit.bytes} bytes`), bytes);
  return error;
}

function outcomeOf(reply: WireReply, bytes: number): StoreOutcome {
  switch (reply.kind) {
    case "error":
      if (/^(MOVED|ASK|CLUSTERDOWN|TRYAGAIN|LOADING|READONLY)\b/.test(reply.message)) throw new RedisReplyError(reply.message);
      return refuseUpload(new Error(reply.message), bytes);
    case "null":
      return storeOutcome(null);
    case "integer":
      return storeOutcome(reply.value);
    default:
      throw new ApiError(502, `NP.SET … ADDED answered ${JSON.stringify(reply)} where a number was expected`);
  }
}
