import "server-only";
import { ApiError } from "./errors";
import type { ArrayInfo } from "@/lib/api-types";
import { parseInfoReply, parseLayoutReply, type ArrayLayout } from "./array-info";
import { sendKeyed } from "./keyed-command";
import { explainWriteError } from "./transfer/bulk-limit";
import { redis } from "./redis";

/** The Redis type name of the module's arrays (SCAN … TYPE, TYPE). */
export const ARRAY_TYPE = "numpyarry";

export function keyBytes(key: string): Buffer {
  return Buffer.from(key, "utf8");
}

export function notFound(key: string): ApiError {
  return new ApiError(404, `no array named "${key}"`);
}

/** NP.INFO alone: for readers of the bytes' layout, which need no TTL. */
export async function arrayLayout(key: string): Promise<ArrayLayout> {
  const reply = await sendKeyed(redis(), "NP.INFO", keyBytes(key));
  if (reply === null) throw notFound(key);
  return parseLayoutReply(key, reply as Parameters<typeof parseLayoutReply>[1]);
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

/**
 * NP.SET's refusals as API errors: the module's verdict on a malformed file is a
 * 400 (without Redis's "ERR " prefix), a server size limit a 413, and a module
 * too old for ADDED says how to update it.
 */
export function refuseUpload(error: unknown, bytes: number): never {
  if (error instanceof Error && /^ERR invalid \.npy/i.test(error.message)) {
    throw new ApiError(400, error.message.replace(/^ERR /, ""));
  }
  if (error instanceof Error && /^ERR syntax error/i.test(error.message)) {
    throw new ApiError(
      503,
      "the numpy module loaded in Redis is older than this app (its NP.SET has no ADDED option): rebuild it with `make -C redis-module` and restart Redis",
    );
  }
  const limit = explainWriteError(error, bytes);
  if (limit) throw new ApiError(413, limit.message);
  throw error;
}

function ttlOptions(ttl: StoreOptions["ttl"]): string[] {
  if (ttl === undefined) return [];
  return ttl === "keep" ? ["KEEPTTL"] : ["EX", String(ttl)];
}

/**
 * NP.SET's arguments after the bytes. ADDED makes the reply say whether the write
 * created the key, in the same atomic step; NX for If-None-Match: *.
 */
export function setOptions(options: StoreOptions): string[] {
  return [...(options.onlyIfAbsent ? ["NX"] : []), "ADDED", ...ttlOptions(options.ttl)];
}

/** What NP.SET … ADDED replied: 1 created, 0 replaced, nil when NX found the key taken. */
export function storeOutcome(reply: unknown): StoreOutcome {
  if (reply === null) return "exists";
  return Number(reply) === 1 ? "created" : "replaced";
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
