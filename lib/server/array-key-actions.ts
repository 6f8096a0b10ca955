import "server-only";
import calculateSlot from "cluster-key-slot";
import { Cluster } from "ioredis";
import type { ArrayTtlChange, ArraysDeleted, KeyTransfer } from "@/lib/api-types";
import { ApiError } from "./errors";
import { ARRAY_TYPE, deleteArray, keyBytes, notFound } from "./array-store";
import { apiRoute } from "./api-route";
import { arrayKeyFrom, decodeKey } from "./array-key";
import { lookupKeys, scanArrayKeys } from "./array-list";
import { parseCursor } from "./list-cursor";
import { redis } from "./redis";

// Each script acts only on an array: a TTL, rename or copy on this API must never touch
// a string or hash that shares the name. -2: no such key, -1: another type.
const ARRAY_GUARD = `
local t = redis.call('TYPE', KEYS[1])['ok']
if t == 'none' then return -2 end
if t ~= '${ARRAY_TYPE}' then return -1 end
`;
// The new PTTL comes back in a list: it may be -1 (no TTL), which the guard's codes must not be mistaken for.
const SET_TTL = `${ARRAY_GUARD}
if ARGV[1] == 'persist' then redis.call('PERSIST', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {redis.call('PTTL', KEYS[1])}`;
// RENAMENX and COPY without REPLACE: 0 when the new name is taken, which is left as it was.
const RENAME_NX = `${ARRAY_GUARD}
return redis.call('RENAMENX', KEYS[1], KEYS[2])`;
const COPY_NX = `${ARRAY_GUARD}
return redis.call('COPY', KEYS[1], KEYS[2])`;

/** Longest TTL accepted: Redis keeps expiry times in milliseconds since 1970 as a 64-bit number; 100 years is plenty. */
const MAX_TTL_SECONDS = 100 * 365 * 24 * 3600;

function guardOutcome(key: string, outcome: number): number {
  if (outcome === -2) throw notFound(key);
  if (outcome === -1) throw new ApiError(409, `"${key}" holds another Redis type, not a NumPy array; it was left as it was`);
  return outcome;
}

/** `{seconds}` from a TTL request body: a positive whole number of seconds. */
export function parseTtlSeconds(body: unknown): number {
  const seconds = (body as { seconds?: unknown } | null)?.seconds;
  if (typeof seconds !== "number" || !Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new ApiError(400, `seconds must be a whole number from 1 to ${MAX_TTL_SECONDS} (100 years), not ${JSON.stringify(seconds ?? null)}`);
  }
  return seconds;
}

/** Sets the array's TTL (seconds), or removes it (null): the key then lives until deleted. */
export async function setArrayTtl(key: string, seconds: number | null): Promise<ArrayTtlChange> {
  const reply = await redis().eval(SET_TTL, 1, keyBytes(key), seconds === null ? "persist" : String(seconds * 1000));
  if (!Array.isArray(reply)) guardOutcome(key, Number(reply));
  return { key, ttl: Number((reply as unknown[])[0]) };
}

/** `{to}` from a rename or copy request body: the new key, not empty and not the old one. */
function parseNewKey(from: string, body: unknown): string {
  const to = (body as { to?: unknown } | null)?.to;
  if (typeof to !== "string" || to === "") throw new ApiError(400, 'send the new name as JSON {"to": "new:key"}');
  if (to === from) throw new ApiError(400, `the new name is the same as the old one ("${from}")`);
  return to;
}

async function transferKey(script: string, verb: "renamed" | "copied", from: string, to: string): Promise<KeyTransfer> {
  const reply = await redis().eval(script, 2, keyBytes(from), keyBytes(to));
  if (guardOutcome(from, Number(reply)) === 0) throw nameTaken(to, verb);
  return { from, to };
}

function nameTaken(to: string, verb: "renamed" | "copied"): ApiError {
  return new ApiError(409, `"${to}" already exists; nothing was ${verb}. Delete it first or choose another name`);
}

/** On a Redis Cluster, names in two hash slots may live on two nodes: RENAME and COPY refuse them (CROSSSLOT). */
function crossesSlots(from: string, to: string): boolean {
  return redis() instanceof Cluster && calculateSlot(keyBytes(from)) !== calculateSlot(keyBytes(to));
}

// The source's TTL, serialized value and ETag read at one instant (one script, the source's slot).
const SNAPSHOT = `${ARRAY_GUARD}
return {redis.call('PTTL', KEYS[1]), redis.call('DUMP', KEYS[1]), redis.call('NP.ETAG', KEYS[1])}`;
// Deletes the key only while it still holds the version with this ETag: a write in between wins.
const DELETE_IF_SAME = `${ARRAY_GUARD}
if redis.call('NP.ETAG', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('UNLINK', KEYS[1])
return 1`;

interface Snapshot {
  ttlMs: number;
  payload: Buffer;
  etag: Buffer;
}

async function snapshot(key: string): Promise<Snapshot> {
  const reply = await redis().callBuffer("EVAL", SNAPSHOT, 1, keyBytes(key));
  if (!Array.isArray(reply)) guardOutcome(key, Number(reply));
  const [ttlMs, payload, etag] = reply as [number, Buffer, Buffer];
  return { ttlMs: Number(ttlMs), payload, etag };
}

/** RESTORE without REPLACE: refuses atomically when the name is taken (BUSYKEY). The TTL goes along. */
async function restoreNew(to: string, copy: Snapshot, verb: "renamed" | "copied"): Promise<void> {
  try {
    await redis().restore(keyBytes(to), copy.ttlMs > 0 ? copy.ttlMs : 0, copy.payload);
  } catch (e) {
    if (e instanceof Error && /BUSYKEY/.test(e.message)) throw nameTaken(to, verb);
    throw e;
  }
}

const deleteIfSame = async (key: string, etag: Buffer) => Number(await redis().eval(DELETE_IF_SAME, 1, keyBytes(key), etag)) === 1;

/** COPY across hash slots: the source's value and TTL (DUMP), restored under the new name unless it is taken. */
async function copyAcrossSlots(from: string, to: string): Promise<KeyTransfer> {
  await restoreNew(to, await snapshot(from), "copied");
  return { from, to };
}

/**
 * RENAME across hash slots: copy, then delete the source if it still holds the version
 * copied. If it was written or deleted in between, the copy is taken back and nothing is
 * renamed, so the new name never holds an older version than the old name had.
 */
async function renameAcrossSlots(from: string, to: string): Promise<KeyTransfer> {
  const copy = await snapshot(from);
  await restoreNew(to, copy, "renamed");
  if (await deleteIfSame(from, copy.etag)) return { from, to };
  await deleteIfSame(to, copy.etag);
  throw new ApiError(409, `"${from}" was written or deleted while it was being renamed; nothing was renamed. Try again`);
}

/** RENAMENX: refuses to overwrite an existing key. On a cluster, names in different slots are moved by DUMP/RESTORE. */
export const renameArray = (from: string, to: string) => (crossesSlots(from, to) ? renameAcrossSlots(from, to) : transferKey(RENAME_NX, "renamed", from, to));
/** COPY without REPLACE: refuses to overwrite an existing key; the copy keeps the TTL. On a cluster, across slots too. */
export const copyArray = (from: string, to: string) => (crossesSlots(from, to) ? copyAcrossSlots(from, to) : transferKey(COPY_NX, "copied", from, to));

/** Deletes the named keys that are arrays; the others are named in the answer and left alone. */
export async function deleteArrays(keys: string[]): Promise<ArraysDeleted> {
  const result: ArraysDeleted = { deleted: 0, missing: [], notArrays: [] };
  const outcomes = await Promise.all(keys.map((key) => deleteArray(key).then((gone) => (gone ? "deleted" : "missing"), refusedAsOtherType)));
  outcomes.forEach((outcome, i) => {
    if (outcome === "deleted") result.deleted++;
    else if (outcome === "missing") result.missing.push(keys[i]);
    else result.notArrays.push(keys[i]);
  });
  return result;
}

function refusedAsOtherType(error: unknown): "notArray" {
  if (error instanceof ApiError && error.status === 409) return "notArray";
  throw error;
}

/** Keys scanned, then deleted, per round while deleting by pattern: each round's commands stay bounded. */
const DELETE_BATCH = 500;

/** One round of deleting by pattern: a SCAN … TYPE numpyarry step from `cursor`, then its arrays deleted. */
export async function deleteArraysMatchingStep(match: string, cursor: string): Promise<ArraysDeleted & { cursor: string }> {
  const page = await scanArrayKeys({ match, cursor, count: DELETE_BATCH });
  // Keys that are not UTF-8 cannot be named through this API, so they are not deleted through it either.
  const named = page.keys.map(decodeKey).filter((key): key is string => key !== null);
  let deleted = 0;
  for (let i = 0; i < named.length; i += DELETE_BATCH) deleted += (await deleteArrays(named.slice(i, i + DELETE_BATCH))).deleted;
  return { deleted, missing: [], notArrays: [], cursor: page.cursor };
}

/** Deletes every array whose key matches the glob, round after round until the SCAN is complete. */
export async function deleteArraysMatching(match: string): Promise<ArraysDeleted> {
  const result: ArraysDeleted = { deleted: 0, missing: [], notArrays: [] };
  let cursor = "0";
  do {
    const step = await deleteArraysMatchingStep(match, cursor);
    result.deleted += step.deleted;
    cursor = step.cursor;
  } while (cursor !== "0");
  return result;
}

/** A request's JSON body; a body that is not JSON is a 400 saying what to send. */
export async function jsonBody(request: Request, example: string): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, `send a JSON body such as ${example} with Content-Type: application/json`);
  }
}

/** The handler of a rename or copy route: `{"to"}` in, KeyTransfer out. */
export function keyTransferRoute(transfer: (from: string, to: string) => Promise<KeyTransfer>) {
  return apiRoute(async (request) => {
    const from = arrayKeyFrom(request);
    const to = parseNewKey(from, await jsonBody(request, '{"to": "new:key"}'));
    return Response.json(await transfer(from, to), { headers: { "Cache-Control": "no-store" } });
  });
}

/**
 * DELETE /api/arrays: `?key=A&key=B` (up to MAX_LOOKUP_KEYS) or `?match=GLOB`, never both or neither;
 * `?match=GLOB&cursor=C` deletes one round and says where to go on from.
 */
export function parseDeleteQuery(params: URLSearchParams): { keys: string[] } | { match: string; cursor?: string } {
  const keys = lookupKeys(params);
  const match = params.get("match");
  if (keys.length > 0 && match !== null) throw new ApiError(400, "name keys (key=) or a pattern (match=), not both");
  if (match !== null) {
    if (match === "") throw new ApiError(400, "match= is empty; send the pattern of the arrays to delete, e.g. match=frame:*");
    const cursor = params.get("cursor");
    return cursor === null ? { match } : { match, cursor: parseCursor(cursor, "round") };
  }
  if (params.has("cursor")) throw new ApiError(400, "cursor= goes with match=, not with key=");
  if (keys.length === 0) throw new ApiError(400, "say what to delete: key=A&key=B, or match=PATTERN");
  return { keys };
}
