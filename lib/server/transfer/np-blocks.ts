import "server-only";
// One NP.BLOCKS call (redis-module/npy_blocks.c) on the key's node: a
// rectangle of a plane's blocks reduced inside Redis, so only the results
// cross the network, with the version they were read from.
import type { Argument } from "./resp";
import { commands } from "./resp";
import { release } from "./download";
import { wholeReply } from "./plane-gather";
import { returnWire } from "./pool";
import { onKeyNode, RedisReplyError } from "./route";
import type { RedisWire, WireReply } from "./wire";

/** Elements of the window and where the blocks start: `start` to `stop` (exclusive) along an axis, in blocks of `step`. */
export interface BlockSpan {
  start: number;
  stop: number;
  step: number;
}

export interface BlocksRequest {
  rowsAxis: number;
  colsAxis: number;
  /** One per axis of the array; the plane's own are ignored. */
  indices: number[];
  rows: BlockSpan;
  cols: BlockSpan;
}

export interface BlocksReply {
  etag: string;
  rows: number;
  columns: number;
  /** rows × columns little-endian float64 minima, then maxima, then means. */
  planes: Buffer;
}

function command(key: Buffer, request: BlocksRequest): Argument[] {
  const { rows, cols } = request;
  return [
    "NP.BLOCKS",
    key,
    "ROWS",
    rows.start,
    rows.stop,
    rows.step,
    "COLS",
    cols.start,
    cols.stop,
    cols.step,
    "AXES",
    request.rowsAxis,
    request.colsAxis,
    "INDEX",
    ...request.indices,
  ];
}

function unexpected(reply: WireReply): Error {
  return new Error(`Redis answered NP.BLOCKS with ${reply.kind === "error" ? reply.message : reply.kind} where its blocks belong`);
}

async function readReply(wire: RedisWire): Promise<BlocksReply | null> {
  const head = await wire.reply();
  if (head.kind === "null") return null;
  if (head.kind === "error") throw new RedisReplyError(head.message);
  if (head.kind !== "array" || head.length !== 4) throw unexpected(head);
  const [etag, rows, columns] = [await wire.reply(), await wire.reply(), await wire.reply()];
  const planes = await wholeReply(wire);
  if (etag.kind !== "bulk") throw unexpected(etag);
  if (rows.kind !== "integer") throw unexpected(rows);
  if (columns.kind !== "integer") throw unexpected(columns);
  if (planes.kind !== "bulk") throw unexpected(planes);
  return { etag: etag.bytes.toString("latin1"), rows: rows.value, columns: columns.value, planes: planes.bytes };
}

/** The blocks of one rectangle of the window, or null when the key is gone. A refusal is thrown as Redis said it. */
export function readBlocks(key: Buffer, request: BlocksRequest): Promise<BlocksReply | null> {
  return onKeyNode(key, "master", async (leg) => {
    try {
      leg.wire.write(commands(...(leg.asking ? [["ASKING"]] : []), command(key, request)));
      if (leg.asking) await leg.wire.reply();
      const reply = await readReply(leg.wire);
      returnWire(leg.wire);
      return reply;
    } catch (error) {
      return release(leg, error);
    }
  });
}
