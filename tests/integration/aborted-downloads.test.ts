// A download the client gives up on (the page stepping past a frame it fetched
// ahead, playback moving on) must stop reading from Redis: its connection is
// closed, not drained to the end, so it stops competing with the frame the user
// waits for. The pool opens another in its place.
import { request, type ClientRequest, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { npy, startStack, type Stack } from "../helpers";

const MiB = 1024 * 1024;
// How long to poll Redis for a state that should come: a bound for a loaded machine,
// not a speed. A connection that read on would still be open after it (the pool
// keeps an idle one for 30 s).
const POLL = { timeout: 15_000, interval: 50 };
let stack: Stack;
let frames: Buffer;
let headerBytes: number;

beforeAll(async () => {
  stack = await startStack({ redis: { maxUploadBytes: 128 * MiB } });
  frames = npy("np.random.default_rng(11).random((16, 1024, 1024), dtype=np.float32)"); // 16 frames of 4 MiB
  headerBytes = 10 + frames.readUInt16LE(8);
  await stack.redis.client().callBuffer("NP.SET", "aborted/stack", frames);
});
afterAll(async () => {
  await stack?.stop();
});

interface RelayClient {
  id: string;
  cmd: string;
  /** Bytes Redis holds for this connection that the app has not read yet. */
  outputBytes: number;
}

async function relayClients(): Promise<RelayClient[]> {
  const list = (await stack.redis.client().call("CLIENT", "LIST")) as string;
  return list
    .split("\n")
    .filter((line) => line.includes("name=numpy-redis-relay"))
    .map((line) => {
      const field = (name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1] ?? "";
      return { id: field("id"), cmd: field("cmd"), outputBytes: Number(field("omem")) };
    });
}

/** Starts a GET of `range` and stops reading after its first chunk, so the rest backs up into Redis. */
function stalledRange(range: string): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = request(stack.arrayUrl("aborted/stack"), { headers: { Range: range } }, (res) => {
      res.once("data", () => {
        res.pause();
        resolve({ req, res });
      });
    });
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

function frameRange(first: number, count: number): string {
  const start = headerBytes + first * 4 * MiB;
  return `bytes=${start}-${start + count * 4 * MiB - 1}`;
}

describe("an aborted download", () => {
  it("closes the Redis connection that was relaying it instead of reading on", async () => {
    const { req } = await stalledRange(frameRange(0, 12));
    // Redis holds what the app did not take yet: the connection serving this download.
    const serving = await vi.waitFor(async () => {
      const found = (await relayClients()).find((client) => client.cmd === "np.snapshot" && client.outputBytes > 0);
      if (!found) throw new Error("no relay connection with an unsent reply yet");
      return found;
    }, POLL);
    req.destroy();
    await vi.waitFor(async () => {
      expect((await relayClients()).map((client) => client.id)).not.toContain(serving.id);
    }, POLL);
  });

  it("leaves the pool serving exact frames afterwards", async () => {
    for (let frame = 0; frame < 4; frame++) (await stalledRange(frameRange(frame, 2))).req.destroy();
    const range = frameRange(5, 1);
    const res = await fetch(stack.arrayUrl("aborted/stack"), { headers: { Range: range } });
    expect(res.status).toBe(206);
    const start = headerBytes + 5 * 4 * MiB;
    expect(Buffer.from(await res.arrayBuffer()).equals(frames.subarray(start, start + 4 * MiB))).toBe(true);
  });
});
