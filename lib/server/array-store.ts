import "server-only";
import { ApiError } from "./errors";
import type { ArrayInfo } from "@/lib/api-types";
import { parseInfoReply } from "./array-info";
import { explainWriteError, sendKeyed } from "./cluster";
import { redis } from "./redis";

/** The Redis type name of the module's arrays (SCAN … TYPE, TYPE). */
export const ARRAY_TYPE = "numpyarry";

export function keyBytes(key: string): Buffer {
  return Buffer.from(key, "utf8");
}

/** Redis replies an error inside MULTI/pipeline results as a value; raise it. */
function unwrap<T>(entry: [Error | null, unknown] | undefined): T {
  if (!entry) throw new Error("Redis returned fewer replies than commands");
  if (entry[0]) throw entry[0];
  return entry[1] as T;
}

export function notFound(key: string): ApiError {
  return new ApiError(404, `no array named "${key}"`);
}

export async function arrayInfo(key: string): Promise<ArrayInfo> {
  const raw = keyBytes(key);
  const [reply, pttl] = await Promise.all([sendKeyed(redis(), "NP.INFO", raw), redis().pttl(raw)]);
  if (reply === null) throw notFound(key);
  return parseInfoReply(key, reply as Parameters<typeof parseInfoReply>[1], pttl);
}

export type StoreOutcome = "created" | "replaced" | "exists";

export interface StoreOptions {
  /** If-None-Match: * — store only when the key does not exist. */
  onlyIfAbsent: boolean;
  /** Seconds to live (EX); "keep" keeps the old TTL (KEEPTTL); undefined: no TTL, like SET. */
  ttl?: number | "keep";
}

function ttlArgs(ttl: StoreOptions["ttl"]): (string | number)[] {
  if (ttl === undefined) return [];
  return ttl === "keep" ? ["KEEPTTL"] : ["EX", ttl];
}

/** The module's refusal of a malformed file, without Redis's "ERR " prefix: a 400; a server size limit: a 413. */
function invalidUpload(error: unknown, bytes: number): never {
  if (error instanceof Error && /^ERR invalid \.npy/i.test(error.message)) {
    throw new ApiError(400, error.message.replace(/^ERR /, ""));
  }
  const limit = explainWriteError(error, bytes);
  if (limit) throw new ApiError(413, limit.message);
  throw error;
}

/** NP.SET with NX or XX; false when the condition did not hold (Redis replied null) and nothing was written. */
async function setIf(key: Buffer, npy: Buffer, condition: "NX" | "XX", ttl: StoreOptions["ttl"]): Promise<boolean> {
  const reply = await sendKeyed(redis(), "NP.SET", key, [npy, condition, ...ttlArgs(ttl)]).catch((error: unknown) =>
    invalidUpload(error, npy.length),
  );
  return reply !== null;
}

/** EXISTS and NP.SET in one MULTI: no other write lands between them. */
async function storeInTransaction(key: Buffer, npy: Buffer, ttl: StoreOptions["ttl"]): Promise<StoreOutcome> {
  const results = await redis()
    .multi()
    .exists(key)
    .call("NP.SET", key, npy, ...ttlArgs(ttl))
    .exec()
    .catch((error: unknown) => invalidUpload(error, npy.length));
  const existed = unwrap<number>(results?.[0]) === 1;
  try {
    unwrap(results?.[1]);
  } catch (error) {
    invalidUpload(error, npy.length);
  }
  return existed ? "replaced" : "created";
}

// How often a plain upload guesses again when another client creates or deletes
// the key between its EXISTS and its NP.SET, before settling it in a MULTI.
const CONDITIONAL_ATTEMPTS = 2;

/**
 * NP.SET, deciding created/replaced race-free. With onlyIfAbsent, NX decides.
 * Otherwise EXISTS guesses and NP.SET NX or XX confirms: a write that succeeds
 * proves the guess at the moment it landed; a refused one wrote nothing, so the
 * guess flips and the array is sent again. Not one MULTI: inside a transaction
 * the module must copy the array instead of keeping the argument, and ioredis
 * joins the queued commands into yet another buffer, which made storing 16 MiB
 * take 28 ms instead of 16 ms. The MULTI stays as the last resort.
 */
export async function storeArray(key: string, npy: Buffer, options: StoreOptions): Promise<StoreOutcome> {
  const k = keyBytes(key);
  if (options.onlyIfAbsent) return (await setIf(k, npy, "NX", options.ttl)) ? "created" : "exists";
  let exists = (await redis().exists(k)) === 1;
  for (let attempt = 0; attempt < CONDITIONAL_ATTEMPTS; attempt++) {
    if (await setIf(k, npy, exists ? "XX" : "NX", options.ttl)) return exists ? "replaced" : "created";
    exists = !exists;
  }
  return storeInTransaction(k, npy, options.ttl);
}

// UNLINK only what is an array: a DELETE on this API must not remove a string or hash
// that happens to share the name. Atomic in a script; 1 deleted, 0 absent, -1 other type.
const UNLINK_ARRAY = `
local t = redis.call('TYPE', KEYS[1])['ok']
if t == 'none' then return 0 end
if t ~= '${ARRAY_TYPE}' then return -1 end
return redis.call('UNLINK', KEYS[1])`;

export async function deleteArray(key: string): Promise<boolean> {
  const outcome = Number(await redis().eval(UNLINK_ARRAY, 1, keyBytes(key)));
  if (outcome === -1) {
    throw new ApiError(409, `"${key}" holds another Redis type, not a NumPy array; it was not deleted`);
  }
  return outcome === 1;
}
