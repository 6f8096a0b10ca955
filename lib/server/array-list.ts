import "server-only";
import { decodeKey } from "./array-key";
import type { ArrayListItem, ArrayListPage, ArrayLookup } from "@/lib/api-types";
import { Cluster } from "ioredis";
import { clusterDbSize, clusterRows, scanClusterArrays, type RowReply } from "./cluster";
import { ApiError } from "./errors";
import { parseCursor } from "./list-cursor";
import { parseRowReply } from "./array-info";
import { ARRAY_TYPE } from "./array-store";
import { redis } from "./redis";

export interface ListQuery {
  match: string;
  cursor: string;
  count: number;
}

const MAX_COUNT = 1000;
/** Keys one lookup may name: what live updates batch into one request. */
export const MAX_LOOKUP_KEYS = 200;
// SCAN with TYPE may return nothing for many rounds in a database of other types;
// keep scanning for this long at most, then hand the cursor back rather than hold the request.
const SCAN_BUDGET_MS = 150;

export function parseListQuery(params: URLSearchParams): ListQuery {
  const cursor = parseCursor(params.get("cursor") ?? "0", "page");
  const rawCount = params.get("count");
  const count = rawCount === null ? 100 : Number(rawCount);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new ApiError(400, `count must be a whole number from 1 to ${MAX_COUNT}, not "${rawCount}"`);
  }
  return { match: params.get("match") || "*", cursor, count };
}

/** The distinct keys named by `key=` (none: an empty list); more than `limit` is a 400 that says what to do `instead`. */
export function namedKeys(params: URLSearchParams, limit: number, instead: string): string[] {
  const keys = params.getAll("key");
  if (keys.length > limit) throw new ApiError(400, `at most ${limit} key= per request, not ${keys.length}; ${instead}`);
  return [...new Set(keys)];
}

/** The distinct keys of a lookup or a delete by name, at most MAX_LOOKUP_KEYS. */
export function lookupKeys(params: URLSearchParams): string[] {
  return namedKeys(params, MAX_LOOKUP_KEYS, "send them in batches");
}

/** The keys of a lookup (`?key=A&key=B`), or null for a listing; never both. */
export function parseLookupKeys(params: URLSearchParams): string[] | null {
  if (!params.has("key")) return null;
  if (params.has("match") || params.has("cursor") || params.has("count")) {
    throw new ApiError(400, "key= names arrays to look up; it cannot be combined with match, cursor or count");
  }
  return lookupKeys(params);
}

export async function scanArrayKeys(query: ListQuery, budgetMs = SCAN_BUDGET_MS): Promise<{ cursor: string; keys: Buffer[] }> {
  const client = redis();
  if (client instanceof Cluster) {
    // One cursor per master, folded into one opaque string.
    const page = await scanClusterArrays(client, { ...query, type: ARRAY_TYPE, budgetMs });
    return { cursor: page.cursor, keys: page.keys.map((k) => k.key) };
  }
  if (!/^\d{1,20}$/.test(query.cursor))
    throw new ApiError(400, `cursor "${query.cursor.slice(0, 40)}" is not one this listing returned; start again with cursor=0`);
  const keys: Buffer[] = [];
  let cursor = query.cursor;
  const started = Date.now();
  for (;;) {
    const [next, batch] = (await redis().callBuffer("SCAN", cursor, "MATCH", query.match, "COUNT", Math.max(query.count, 10), "TYPE", ARRAY_TYPE)) as [
      Buffer,
      Buffer[],
    ];
    keys.push(...batch);
    cursor = next.toString();
    if (cursor === "0" || keys.length >= query.count || Date.now() - started > budgetMs) break;
  }
  return { cursor, keys };
}

/**
 * NP.ROWS for the keys, in their order (null: missing or not an array), and
 * DBSIZE: one pipeline on one server; on a cluster one NP.ROWS per hash slot,
 * pipelined per master, and DBSIZE summed over the masters.
 */
async function describeKeys(keys: Buffer[]): Promise<{ rows: RowReply[]; dbsize: number }> {
  const client = redis();
  if (client instanceof Cluster) {
    const [rows, dbsize] = await Promise.all([clusterRows(client, keys), clusterDbSize(client)]);
    return { rows, dbsize };
  }
  const pipeline = client.pipeline();
  if (keys.length > 0) pipeline.callBuffer("NP.ROWS", ...keys);
  pipeline.dbsize();
  const results = (await pipeline.exec()) ?? [];
  for (const [error] of results) if (error) throw error;
  const rows = keys.length > 0 ? (results[0][1] as RowReply[]) : [];
  return { rows, dbsize: Number(results[results.length - 1]?.[1] ?? 0) };
}

/** Rows for keys that are arrays; the others (missing, or replaced by another type) are left out. */
function rowsOf(keys: string[], replies: RowReply[]): Map<string, ArrayListItem> {
  const rows = new Map<string, ArrayListItem>();
  keys.forEach((key, i) => {
    const reply = replies[i];
    if (reply) rows.set(key, parseRowReply(key, reply as Parameters<typeof parseRowReply>[1]));
  });
  return rows;
}

/** One page of arrays: SCAN TYPE numpyarry, then one NP.ROWS for the page (per slot on a cluster). */
export async function listArrays(query: ListQuery): Promise<ArrayListPage> {
  const { cursor, keys } = await scanArrayKeys(query);
  const named = keys.map((raw) => ({ raw, key: decodeKey(raw) }));
  const decodable = named.filter((n): n is { raw: Buffer; key: string } => n.key !== null);
  const { rows, dbsize } = await describeKeys(decodable.map((n) => n.raw));
  const items = [
    ...rowsOf(
      decodable.map((n) => n.key),
      rows,
    ).values(),
  ];
  return { cursor, items, dbsize, skippedUndecodableKeys: named.length - decodable.length };
}

/** The rows of the named keys in one round trip: how live updates learn about many writes at once. */
export async function lookUpArrays(keys: string[]): Promise<ArrayLookup> {
  const { rows: replies } = await describeKeys(keys.map((key) => Buffer.from(key, "utf8")));
  const rows = rowsOf(keys, replies);
  return { items: [...rows.values()], missing: keys.filter((key) => !rows.has(key)) };
}
