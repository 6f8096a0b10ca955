// /api/events under load: many streams and a burst of writes from redis-py must not
// stall the app, every client must end with Redis's keys, and a client that stops
// reading must not be buffered for without bound.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followArrayKeys, openStalledEventStream, startStack, waitUntilFollowersMatch, writeBurst, type ArrayKeyFollower, type Stack } from "../helpers";

const SETTLE_TIMEOUT_MS = 90_000;

/** GET /api/health again and again until stopped; resolves with every status seen. */
function pollHealth(stack: Stack): { stop(): Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const response = await fetch(stack.url("/api/health"));
      await response.arrayBuffer();
      statuses.push(response.status);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return statuses;
    },
  };
}

describe("50 streams and a burst of 3000 writes", () => {
  const CLIENTS = 50;
  let stack: Stack;
  let followers: ArrayKeyFollower[] = [];
  beforeAll(async () => {
    stack = await startStack();
    await writeBurst({ port: stack.redis.port, writes: 300, keys: 300, prefix: "before:" });
    followers = await Promise.all(Array.from({ length: CLIENTS }, () => followArrayKeys(stack.app.url)));
    await Promise.all(followers.map((f) => f.idle()));
  });
  afterAll(async () => {
    followers.forEach((f) => f.close());
    await stack?.stop();
  });

  it("keeps answering /api/health and leaves every client with the keys Redis has", async () => {
    const health = pollHealth(stack);
    await writeBurst({ port: stack.redis.port, writes: 3000, keys: 1000, deleteEvery: 7 });
    await stack.redis.client().del("before:1", "before:2");
    const { matching, expected } = await waitUntilFollowersMatch(followers, stack.redis.client(), SETTLE_TIMEOUT_MS);
    const statuses = await health.stop();

    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const differences = followers
      .filter((f) => f.keys.size !== expected.size || [...expected].some((key) => !f.keys.has(key)))
      .map((f) => `${f.keys.size} keys instead of ${expected.size}`);
    expect(differences).toEqual([]);
    expect(matching).toBe(CLIENTS);
    expect(followers.filter((f) => f.ended)).toEqual([]);
  });
});

describe("a client that stops reading", () => {
  // Long keys, so the changes sent to one client (about 16 MB) add up to far more than
  // the socket buffers between the app and the stalled client (about 4.5 MiB) can hold.
  const PREFIX = `${"k".repeat(2000)}:`;
  const WRITES = 8000;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("gets one resync instead of every change, and a reading client stays consistent", async () => {
    const stalled = await openStalledEventStream(stack.url("/api/events"));
    const reading = await followArrayKeys(stack.app.url);
    await reading.idle();

    await writeBurst({ port: stack.redis.port, writes: WRITES, keys: WRITES, prefix: PREFIX });
    const { matching } = await waitUntilFollowersMatch([reading], stack.redis.client(), SETTLE_TIMEOUT_MS);
    expect(matching).toBe(1);

    // Now read what the stalled client was left with: changes up to where it fell
    // behind, then a resync (the read ends at the resync, or after 30 s without data).
    const { messages, resync } = await stalled.readUntilResync(30);
    stalled.close();
    reading.close();

    expect(resync).toBe(true);
    expect(messages).toBeLessThan(WRITES);
  });
});
