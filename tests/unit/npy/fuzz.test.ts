/**
 * Robustness: mutated and truncated corpus files never crash the reader. Each
 * input either reads (and then every step the views use works on it) or fails
 * with an NpyError; never a RangeError, TypeError or a hang. Seeded, bounded.
 */
import { describe, expect, test } from "vitest";
import { computeStats, formatElement, NpyError, numericView, readNpy, summarizeArray } from "@/lib/npy";
import { corpus } from "./corpus";
import { Random } from "./random";

const { valid, bytes } = corpus();

/** Everything a view would do with an array, on a bounded number of elements. */
function exercise(file: Uint8Array): void {
  const array = readNpy(file);
  summarizeArray(array);
  const { size, pickled } = array.header;
  if (!pickled) for (let i = 0; i < Math.min(size, 64); i++) formatElement(array, size - 1 - i);
  const view = numericView(array);
  if (view) computeStats(view);
}

function mutate(r: Random, source: Uint8Array): Uint8Array {
  const out = Uint8Array.from(source);
  const headerEnd = Math.min(out.length, 12 + (out[8] | (out[9] << 8)));
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits; e++) {
    const inHeader = r.chance(0.85);
    const at = inHeader ? r.int(Math.max(1, headerEnd)) : r.int(out.length);
    switch (r.int(4)) {
      case 0:
        out[at] = r.int(256);
        break;
      case 1:
        out[at] = r.pick([0x27, 0x22, 0x28, 0x29, 0x5b, 0x5d, 0x7b, 0x7d, 0x2c, 0x3a, 0x5c, 0x30, 0x39, 0x2d, 0x20, 0x0a]);
        break;
      case 2:
        out[at] ^= 1 << r.int(8);
        break;
      default:
        return out.subarray(0, at);
    }
  }
  return out;
}

describe("mutated corpus files fail cleanly or read consistently", () => {
  const r = new Random(2026);
  const sources = valid.filter((e) => e.file_bytes < 200_000).map((e) => bytes(e.file));

  test("5000 mutations", () => {
    let read = 0;
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const input = mutate(r, r.pick(sources));
      try {
        exercise(input);
        read++;
      } catch (error) {
        if (!(error instanceof NpyError)) throw new Error(`mutation ${i} threw ${String(error)}`, { cause: error });
        refused++;
      }
    }
    expect(read + refused).toBe(5000);
    expect(refused).toBeGreaterThan(500);
  });
});
