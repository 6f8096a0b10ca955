// The live-update lookup queue: bursts of events become few, bounded requests.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ArrayLookup } from "@/lib/api-types";
import { LookupQueue } from "./lookup-queue";

/** A lookup that answers when told to, recording what it was asked. */
function controlledLookup() {
  const calls: { keys: string[]; answer: (result: ArrayLookup) => void; fail: (error: Error) => void }[] = [];
  const lookup = (keys: string[]) => new Promise<ArrayLookup>((answer, fail) => calls.push({ keys, answer, fail }));
  return { calls, lookup };
}

const found = (keys: string[]): ArrayLookup => ({
  items: keys.map((key) => ({ key, bytes: 1, header: "", version: "1.0", ttl: -1, descr: "'<f8'", shape: [], fortranOrder: false })),
  missing: [],
});

describe("LookupQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("gathers a burst into one request and asks about a key written twice once", async () => {
    const { calls, lookup } = controlledLookup();
    const results: ArrayLookup[] = [];
    const queue = new LookupQueue(lookup, (result) => results.push(result));
    for (const key of ["a", "b", "a", "c"]) queue.add(key);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60);
    expect(calls.map((call) => call.keys)).toEqual([["a", "b", "c"]]);
    calls[0].answer(found(["a", "b", "c"]));
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toHaveLength(1);
  });

  it("keeps one request in flight and sends what arrived meanwhile next, in batches of at most 200", async () => {
    const { calls, lookup } = controlledLookup();
    const queue = new LookupQueue(lookup, () => {});
    queue.add("first");
    await vi.advanceTimersByTimeAsync(60);
    for (let i = 0; i < 450; i++) queue.add(`k${i}`);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1);
    calls[0].answer(found(["first"]));
    await vi.advanceTimersByTimeAsync(60);
    expect(calls).toHaveLength(2);
    expect(calls[1].keys).toHaveLength(200);
    calls[1].fail(new Error("503"));
    await vi.advanceTimersByTimeAsync(60);
    expect(calls).toHaveLength(3);
    calls[2].answer(found([]));
    await vi.advanceTimersByTimeAsync(60);
    expect(calls.map((call) => call.keys.length)).toEqual([1, 200, 200, 50]);
  });

  it("caps a batch by the length of its query string", async () => {
    const { calls, lookup } = controlledLookup();
    const queue = new LookupQueue(lookup, () => {});
    for (let i = 0; i < 100; i++) queue.add(`${"é".repeat(40)}${i}`);
    await vi.advanceTimersByTimeAsync(60);
    const query = new URLSearchParams(calls[0].keys.map((key) => ["key", key])).toString();
    expect(calls[0].keys.length).toBeLessThan(100);
    expect(query.length).toBeLessThanOrEqual(6000);
  });

  it("drops pending keys and ignores answers from before clear()", async () => {
    const { calls, lookup } = controlledLookup();
    const results: ArrayLookup[] = [];
    const queue = new LookupQueue(lookup, (result) => results.push(result));
    queue.add("old");
    await vi.advanceTimersByTimeAsync(60);
    queue.add("pending");
    queue.clear();
    calls[0].answer(found(["old"]));
    await vi.advanceTimersByTimeAsync(200);
    expect(results).toHaveLength(0);
    expect(calls).toHaveLength(1);
    queue.add("new");
    await vi.advanceTimersByTimeAsync(60);
    expect(calls[1].keys).toEqual(["new"]);
  });
});
