// The HTTP API's JSON bodies: route handlers (lib/server) produce them and the
// pages (lib/client) consume them, so both sides import these one definitions.
import type { RedisAddress } from "./redis-address";

/** What NP.INFO reports about a stored array, plus its TTL. */
export interface ArrayInfo {
  key: string;
  /** Format version, "1.0" | "2.0" | "3.0". */
  version: string;
  /** The header dict text exactly as stored (latin1 in v1/v2, UTF-8 in v3), without padding. */
  header: string;
  /** The descr literal as written in the header, e.g. "'<f8'". */
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  dataOffset: number;
  /** Total size of the stored .npy file. */
  bytes: number;
  itemsize: number;
  /** Number of elements. */
  size: number;
  /** NP.ETAG: names this exact byte string. */
  etag: string;
  /** Milliseconds to live, or -1 for none. */
  ttl: number;
}

/** One row of GET /api/arrays. */
export interface ArrayListItem {
  key: string;
  bytes: number;
  header: string;
  version: string;
  /** Milliseconds to live, or -1 for none. */
  ttl: number;
  descr: string;
  shape: number[];
  fortranOrder: boolean;
}

/** GET /api/arrays. */
export interface ArrayListPage {
  /** Pass back to continue; "0" when the scan is complete. */
  cursor: string;
  items: ArrayListItem[];
  /** Keys of every type in the database (DBSIZE), for "n of m" displays. */
  dbsize: number;
  /** Array keys that are not valid UTF-8, which this API cannot name; skipped. */
  skippedUndecodableKeys: number;
}

/** GET /api/arrays?key=A&key=B: the rows of the named keys, and those that are no arrays (now). */
export interface ArrayLookup {
  items: ArrayListItem[];
  missing: string[];
}

/**
 * A change to an array, as GET /api/events sends it. "set": the array was written,
 * or its TTL was set, changed or removed (EXPIRE, PERSIST…): read its row again.
 */
export type ArrayEvent =
  { type: "set"; key: string } | { type: "del"; key: string } | { type: "expired"; key: string } | { type: "renamed"; key: string; from: string };

export type ArrayEventType = ArrayEvent["type"];

/** One node of a Redis Cluster, in GET /api/health. */
export interface ClusterNodeHealth {
  address: string;
  id: string;
  role: "master" | "replica";
  /** Answers PING and is not flagged as failing by the cluster. */
  ok: boolean;
  /** The numpy module (NP.SET) is loaded on this node. */
  module: boolean;
  slots: string;
  error?: string;
}

/**
 * GET /api/health (200 when ok, 503 with `error` otherwise: Redis unreachable,
 * not answering within the command timeout, loading its data, or lacking the module).
 */
export interface Health {
  ok: boolean;
  error?: string;
  /** While Redis loads its data after a start: the percentage loaded so far (0–100). */
  loadingPercent?: number;
  redis?: { version: string; mode: string };
  /** Where the app's Redis is (never a credential), so pages can offer code that connects to it. */
  address?: RedisAddress;
  module?: { name: string; ver: number } | null;
  events?: boolean;
  eventsError?: string;
  /** On a Redis Cluster: every node, its role, whether it answers and has the module. */
  nodes?: ClusterNodeHealth[];
}

/**
 * GET /api/array-count: arrays matching a glob counted since `cursor`. The total is
 * the sum of `counted` over the steps; it is exact once `cursor` comes back "0".
 */
export interface ArrayCount {
  cursor: string;
  counted: number;
}

/** PUT or DELETE /api/arrays/{key}/ttl: the array's TTL now, in milliseconds (-1: none). */
export interface ArrayTtlChange {
  key: string;
  ttl: number;
}

/** POST /api/arrays/{key}/rename or /copy: done, never over an existing key. */
export interface KeyTransfer {
  from: string;
  to: string;
}

/** DELETE /api/arrays?key=… or ?match=…: arrays deleted; named keys that were gone or not arrays (left alone). */
export interface ArraysDeleted {
  deleted: number;
  missing: string[];
  notArrays: string[];
  /** For one round of ?match=…&cursor=…: the cursor to send next, "0" when every matching array was seen. */
  cursor?: string;
}

/** GET /api/array-memory?key=A&key=B: MEMORY USAGE per key, null for keys that are gone. */
export interface ArrayMemory {
  bytes: Record<string, number | null>;
}

/** Named keys one GET /api/npz takes (key=A&key=B…); more go by match=. */
export const MAX_NPZ_KEYS = 1000;
