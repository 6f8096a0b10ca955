import "server-only";
import type { ArrayInfo, ArrayListItem } from "@/lib/api-types";

type Reply = Buffer | number | null | Reply[];

function text(value: Reply | undefined, encoding: BufferEncoding = "utf8"): string {
  if (Buffer.isBuffer(value)) return value.toString(encoding);
  return value === undefined || value === null ? "" : String(value);
}

function integer(value: Reply | undefined): number {
  return typeof value === "number" ? value : Number(text(value));
}

/** What NP.INFO says of an array: all of ArrayInfo but the TTL. */
export type ArrayLayout = Omit<ArrayInfo, "ttl">;

/**
 * Parses NP.INFO's flat field/value reply read with callBuffer, so header text
 * is decoded the way the format defines it rather than always as UTF-8.
 */
export function parseLayoutReply(key: string, reply: Reply): ArrayLayout {
  if (!Array.isArray(reply)) throw new Error(`NP.INFO for "${key}" returned an unexpected reply`);
  const fields = new Map<string, Reply>();
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(text(reply[i]), reply[i + 1]);
  const version = text(fields.get("version"));
  const headerEncoding: BufferEncoding = version.startsWith("3") ? "utf8" : "latin1";
  const shape = fields.get("shape");
  return {
    key,
    version,
    header: text(fields.get("header"), headerEncoding),
    descr: text(fields.get("descr"), headerEncoding),
    shape: Array.isArray(shape) ? shape.map(integer) : [],
    fortranOrder: integer(fields.get("fortran_order")) === 1,
    dataOffset: integer(fields.get("data_offset")),
    bytes: integer(fields.get("bytes")),
    itemsize: integer(fields.get("itemsize")),
    size: integer(fields.get("size")),
    etag: text(fields.get("etag")),
  };
}

/** NP.INFO's reply with the key's PTTL, read alongside. */
export function parseInfoReply(key: string, reply: Reply, pttl: number): ArrayInfo {
  // PTTL answers -1 for no TTL and -2 for a key that vanished since NP.INFO.
  return { ...parseLayoutReply(key, reply), ttl: pttl >= 0 ? pttl : -1 };
}

/**
 * A listing's row from NP.ROWS's compact reply for one key, read with
 * callBuffer: [etag, version, header, descr, shape, fortran_order, bytes, pttl]
 * (redis-module/npy_rows.c). The same values NP.INFO and PTTL give.
 */
export function parseRowReply(key: string, reply: Reply): ArrayListItem {
  if (!Array.isArray(reply) || reply.length < 8) throw new Error(`NP.ROWS for "${key}" returned an unexpected reply`);
  const [, rawVersion, header, descr, shape, fortranOrder, bytes, pttl] = reply;
  const version = text(rawVersion);
  const headerEncoding: BufferEncoding = version.startsWith("3") ? "utf8" : "latin1";
  const ttl = integer(pttl);
  return {
    key,
    bytes: integer(bytes),
    header: text(header, headerEncoding),
    version,
    ttl: ttl >= 0 ? ttl : -1,
    descr: text(descr, headerEncoding),
    shape: Array.isArray(shape) ? shape.map(integer) : [],
    fortranOrder: integer(fortranOrder) === 1,
  };
}
