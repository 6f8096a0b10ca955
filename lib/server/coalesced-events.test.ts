import { describe, expect, it } from "vitest";
import type { ArrayEvent } from "@/lib/api-types";
import { CoalescedEvents } from "./coalesced-events";

/** What a client does with events: the set of keys it shows. */
function apply(keys: Set<string>, events: readonly ArrayEvent[]): Set<string> {
  const result = new Set(keys);
  for (const event of events) {
    if (event.type === "renamed") result.delete(event.from);
    if (event.type === "set" || event.type === "renamed") result.add(event.key);
    else result.delete(event.key);
  }
  return result;
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function* randomEvents(seed: number, count: number, names: string[]): Generator<ArrayEvent> {
  let state = seed;
  const next = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
  for (let i = 0; i < count; i++) {
    const key = names[next(names.length)];
    const kind = next(4);
    if (kind === 0) yield { type: "set", key };
    else if (kind === 1) yield { type: "del", key };
    else if (kind === 2) yield { type: "expired", key };
    else yield { type: "renamed", key, from: names[next(names.length)] };
  }
}

describe("CoalescedEvents", () => {
  it("keeps the latest event per key, in the order keys were last touched", () => {
    const fold = new CoalescedEvents();
    fold.addAll([
      { type: "set", key: "a" },
      { type: "set", key: "b" },
      { type: "del", key: "a" },
      { type: "set", key: "b" },
    ]);
    expect(fold.take()).toEqual([
      { type: "del", key: "a" },
      { type: "set", key: "b" },
    ]);
    expect(fold.size).toBe(0);
  });

  it("keeps a rename's removal of the old name when the new name changes again", () => {
    const fold = new CoalescedEvents();
    fold.addAll([
      { type: "renamed", key: "b", from: "a" },
      { type: "del", key: "b" },
    ]);
    expect(apply(new Set(["a"]), fold.take())).toEqual(new Set());
  });

  it("leaves a client with the keys it would have from every event, for any start and sequence", () => {
    const names = ["a", "b", "c", "d", "e"];
    for (let seed = 1; seed <= 2000; seed++) {
      const events = [...randomEvents(seed, 1 + (seed % 12), names)];
      const start = new Set(names.filter((_, i) => (seed >> i) & 1));
      const fold = new CoalescedEvents();
      fold.addAll(events);
      expect(apply(start, fold.take()), `seed ${seed}: ${JSON.stringify(events)}`).toEqual(apply(start, events));
    }
  });
});
