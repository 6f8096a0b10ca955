import "server-only";
import { decodeKey } from "./array-key";
import type { ArrayListItem, ArrayListPage, ArrayLookup } from "@/lib/api-types";
import { Cluster } from "ioredis";
import { clusterDbSize, scanClusterArrays, sendKeyed } from "./cluster";
import { ApiError } from "./errors";
import { parseInfoReply } from "./array-info";
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
  const cursor = params.get("cursor") ?? "0";
  if (!/^[\w.:-]{1,4096}$/.test(cursor)) throw new ApiError(400, `cursor must be the value a previous page returned, not "${cursor}"`);
  const rawCount = params.get("count");
  const count = rawCount === null ? 100 : Number(rawCount);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new ApiError(400, `count must be a whole number from 1 to ${MAX_COUNT}, not "${rawCount}"`);
  }
  return { match: params.get("match") || "*", cursor, count };
}

/** The keys of a lookup (`?key=A&key=B`), or null for a listing; never both. */
export function parseLookupKeys(params: URLSearchParams): string[] | null {
  const keys = params.getAll("key");
  if (keys.length === 0) return null;
  if (params.has("match") || params.has("cursor") || params.has("count")) {
    throw new ApiError(400, "key= names arrays to look up; it cannot be combined with match, cursor or count");
  }
  if (keys.length > MAX_LOOKUP_KEYS) throw new ApiError(400, `at most ${MAX_LOOKUP_KEYS} key= per request, not ${keys.length}`);
  return [...new Set(keys)];
}

export async function scanArrayKeys(query: ListQuery, budgetMs = SCAN_BUDGET_MS): Promise<{ cursor: string; keys: Buffer[] }> {
  const client = redis();
  if (client instanceof Cluster) {
    // One cursor per master, folded into one opaque string.
    const page = await scanClusterArrays(client, { ...query, type: ARRAY_TYPE, budgetMs });
    return { cursor: page.cursor, keys: page.keys.map((k) => k.key) };
  }
  if (!/^\d{1,20}$/.test(query.cursor)) throw new ApiError(400, `cursor "${query.cursor.slice(0, 40)}" is not one this listing returned; start again with cursor=0`);
  const keys: Buffer[] = [];
  let cursor = query.cursor;
  const started = Date.now();
  for (;;) {
    const [next, batch] = (await redis().callBuffer(
      "SCAN",
      cursor,
      "MATCH",
      query.match,
      "COUNT",
      Math.max(query.count, 10),
      "TYPE",
      ARRAY_TYPE,
    )) as [Buffer, Buffer[]];
    keys.push(...batch);
    cursor = next.toString();
    if (cursor === "0" || keys.length >= query.count || Date.now() - started > budgetMs) break;
  }
  return { cursor, keys };
}

type Reply = [Error | null, unknown];

/**
 * NP.INFO then PTTL for each key (flat, in that order) and DBSIZE: one pipeline on
 * one server; on a cluster each command goes to its key's master (a pipeline
 * cannot span slots), and DBSIZE is summed over the masters.
 */
async function describeKeys(keys: Buffer[]): Promise<{ results: Reply[]; dbsize: number }> {
  const client = redis();
  if (client instanceof Cluster) {
    const settle = (p: Promise<unknown>): Promise<Reply> => p.then((v): Reply => [null, v], (e: Error): Reply => [e, null]);
    const [results, dbsize] = await Promise.all([
      Promise.all(keys.flatMap((raw) => [settle(sendKeyed(client, "NP.INFO", raw)), settle(client.pttl(raw))])),
      clusterDbSize(client),
    ]);
    return { results, dbsize };
  }
  const pipeline = client.pipeline();
  for (const raw of keys) pipeline.callBuffer("NP.INFO", raw).pttl(raw);
  pipeline.dbsize();
  const results = (await pipeline.exec()) ?? [];
  return { results, dbsize: Number(results[results.length - 1]?.[1] ?? 0) };
}

/** Rows for keys that are arrays, from describeKeys' replies; the others are left out. */
function rowsOf(keys: string[], results: Reply[]): Map<string, ArrayListItem> {
  const rows = new Map<string, ArrayListItem>();
  keys.forEach((key, i) => {
    const [infoError, info] = results[2 * i] ?? [];
    const [, ttl] = results[2 * i + 1] ?? [];
    // Missing, or replaced by another type (NP.INFO answers WRONGTYPE): not an array now.
    if (infoError || info === null || info === undefined) return;
    const { bytes, header, version, ttl: ms, descr, shape, fortranOrder } = parseInfoReply(
      key,
      info as Parameters<typeof parseInfoReply>[1],
      typeof ttl === "number" ? ttl : -1,
    );
    rows.set(key, { key, bytes, header, version, ttl: ms, descr, shape, fortranOrder });
  });
  return rows;
}

/** One page of arrays: SCAN TYPE numpyarry, then NP.INFO and PTTL for each in one pipeline. */
export async function listArrays(query: ListQuery): Promise<ArrayListPage> {
  const { cursor, keys } = await scanArrayKeys(query);
  const named = keys.map((raw) => ({ raw, key: decodeKey(raw) }));
  const decodable = named.filter((n): n is { raw: Buffer; key: string } => n.key !== null);
  const { results, dbsize } = await describeKeys(decodable.map((n) => n.raw));
  const items = [...rowsOf(decodable.map((n) => n.key), results).values()];
  return { cursor, items, dbsize, skippedUndecodableKeys: named.length - decodable.length };
}

/** The rows of the named keys in one pipeline: how live updates learn about many writes at once. */
export async function lookUpArrays(keys: string[]): Promise<ArrayLookup> {
  const { results } = await describeKeys(keys.map((key) => Buffer.from(key, "utf8")));
  const rows = rowsOf(keys, results);
  return { items: [...rows.values()], missing: keys.filter((key) => !rows.has(key)) };
}
