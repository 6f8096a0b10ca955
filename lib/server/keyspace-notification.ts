// Turning Redis keyspace notifications into array change events (pure logic).
import type { ArrayEvent } from "@/lib/api-types";

/** notify-keyspace-events classes we rely on: K (keyspace channel), g generic, $ string, x expired, e evicted, d module. */
const NEEDED_CLASSES = ["g", "$", "x", "e", "d"];

export function hasNeededFlags(flags: string): boolean {
  if (!flags.includes("K")) return false;
  return flags.includes("A") || NEEDED_CLASSES.every((c) => flags.includes(c));
}

/** The current flags plus what we need, each once. */
export function withNeededFlags(flags: string): string {
  return [...new Set((flags + "KA").split(""))].join("");
}

/** Redis commands that can overwrite a key of any type with a value of another type. */
const OVERWRITES = new Set([
  "set",
  "sortstore",
  "sinterstore",
  "sunionstore",
  "sdiffstore",
  "zunionstore",
  "zinterstore",
  "zdiffstore",
  "zrangestore",
  "georadiusstore",
  "geosearchstore",
]);
/** Commands that may leave an array under the key (or something else): check the type. */
const MAY_CREATE_ARRAY = new Set(["restore", "copy_to", "move_to"]);
/**
 * A TTL set or removed (EXPIRE, PEXPIRE, PERSIST…): sent as "set" when the key is an array,
 * so lists show the new TTL; an open array page re-checks and gets a 304 for unchanged bytes.
 */
const TTL_CHANGES = new Set(["expire", "persist"]);

/**
 * What one notification means for arrays:
 * - `event`: emit it as is;
 * - `ifArray`: TYPE the key, emit `ifArray` when it is an array, else `otherwise`;
 * - `ifKnown`: emit only if the key is known to have been an array (overwrites by strings are common
 *   and must not flood pages with deletions of keys they never showed).
 */
export type Interpretation =
  | { kind: "event"; event: ArrayEvent }
  | { kind: "ifArray"; key: string; ifArray: ArrayEvent; otherwise: ArrayEvent | null }
  | { kind: "ifKnown"; event: ArrayEvent }
  | { kind: "ignore" };

const IGNORE: Interpretation = { kind: "ignore" };

/** Reads notifications in order; keeps the pending rename_from until its rename_to arrives. */
export class KeyspaceInterpreter {
  private renamedFrom: string | null = null;

  interpret(key: string, event: string): Interpretation {
    switch (event) {
      case "np.set":
        return { kind: "event", event: { type: "set", key } };
      case "del":
      case "evicted":
      case "move_from":
        return { kind: "event", event: { type: "del", key } };
      case "expired":
        return { kind: "event", event: { type: "expired", key } };
      case "rename_from":
        this.renamedFrom = key;
        return IGNORE;
      case "rename_to": {
        const from = this.renamedFrom ?? key;
        this.renamedFrom = null;
        return { kind: "ifArray", key, ifArray: { type: "renamed", key, from }, otherwise: { type: "del", key } };
      }
      default:
        if (MAY_CREATE_ARRAY.has(event)) {
          return { kind: "ifArray", key, ifArray: { type: "set", key }, otherwise: { type: "del", key } };
        }
        if (TTL_CHANGES.has(event)) return { kind: "ifArray", key, ifArray: { type: "set", key }, otherwise: null };
        if (OVERWRITES.has(event)) return { kind: "ifKnown", event: { type: "del", key } };
        return IGNORE;
    }
  }
}
