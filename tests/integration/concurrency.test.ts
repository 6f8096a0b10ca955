// 32 concurrent 16 MiB uploads, then 32 concurrent downloads, all byte-exact; then
// 48 transfers at once, more than the app opens connections for (32): the rest wait.
import { afterAll, beforeAll, expect, it } from "vitest";
import { npy, startStack, type Stack } from "../helpers";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

it("moves 32 × 16 MiB arrays up and down concurrently without mixing a byte", async () => {
  const base = npy("np.random.default_rng(7).integers(0, 256, size=16 * 1024 * 1024 - 128, dtype=np.uint8)");
  expect(base.length).toBe(16 * 1024 * 1024);
  // Each array differs from the others in its last data byte and a stamp near the start.
  const arrays = Array.from({ length: 32 }, (_, i) => {
    const copy = Buffer.from(base);
    copy[copy.length - 1] = i;
    copy.writeUInt32LE(0xc0ffee00 + i, 1024);
    return copy;
  });
  const uploads = await Promise.all(
    arrays.map((bytes, i) => fetch(stack.arrayUrl(`concurrent:${i}`), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> })),
  );
  expect(uploads.map((r) => r.status)).toEqual(arrays.map(() => 201));
  const downloads = await Promise.all(arrays.map(async (_, i) => Buffer.from(await (await fetch(stack.arrayUrl(`concurrent:${i}`))).arrayBuffer())));
  downloads.forEach((bytes, i) => expect(bytes.equals(arrays[i]), `array ${i}`).toBe(true));
});

it("runs at most 32 transfers at once on connections of its own; the rest wait their turn", async () => {
  const base = npy("np.zeros(2 * 1024 * 1024, dtype='<i2')");
  const arrays = Array.from({ length: 24 }, (_, i) => {
    const copy = Buffer.from(base);
    copy.fill(i, 128);
    return copy;
  });
  const transfers = [
    ...arrays.map((bytes, i) => fetch(stack.arrayUrl(`many:${i}`), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> }).then((r) => r.status)),
    ...arrays.map((_, i) => fetch(stack.arrayUrl(`concurrent:${i}`)).then(async (r) => (await r.arrayBuffer()).byteLength)),
  ];
  const peak = { relays: 0 };
  const sampling = (async () => {
    for (let i = 0; i < 40; i++) {
      const clients = (await stack.redis.client().call("CLIENT", "LIST")) as string;
      peak.relays = Math.max(peak.relays, clients.split("\n").filter((line) => line.includes("name=numpy-redis-relay")).length);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const results = await Promise.all(transfers);
  await sampling;
  expect(results.slice(0, 24)).toEqual(arrays.map(() => 201));
  expect(results.slice(24)).toEqual(arrays.map(() => 16 * 1024 * 1024));
  for (let i = 0; i < 24; i++) {
    expect(((await stack.redis.client().callBuffer("NP.GET", `many:${i}`)) as Buffer).equals(arrays[i]), `many:${i}`).toBe(true);
  }
  expect(peak.relays).toBeGreaterThan(0);
  expect(peak.relays).toBeLessThanOrEqual(32);
});
