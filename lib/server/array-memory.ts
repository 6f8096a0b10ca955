import "server-only";
import type { ArrayMemory } from "@/lib/api-types";
import { keyBytes } from "./array-store";
import { redis } from "./redis";

/**
 * MEMORY USAGE of each named key: the bytes Redis holds for it, key and overhead
 * included (the module reports the array's own share). null when the key is gone.
 */
export async function memoryUsage(keys: string[]): Promise<ArrayMemory> {
  const client = redis();
  const replies = await Promise.all(keys.map((key) => client.call("MEMORY", "USAGE", keyBytes(key)).catch(() => null)));
  return { bytes: Object.fromEntries(keys.map((key, i) => [key, typeof replies[i] === "number" ? replies[i] : null])) };
}
