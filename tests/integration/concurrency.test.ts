// 32 concurrent 16 MiB uploads, then 32 concurrent downloads, all byte-exact.
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
  const downloads = await Promise.all(
    arrays.map(async (_, i) => Buffer.from(await (await fetch(stack.arrayUrl(`concurrent:${i}`))).arrayBuffer())),
  );
  downloads.forEach((bytes, i) => expect(bytes.equals(arrays[i]), `array ${i}`).toBe(true));
});
