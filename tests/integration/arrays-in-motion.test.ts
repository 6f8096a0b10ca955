// Arrays that change while they are read, and transfers under load: every
// download is one whole version, and uploads never pile up in the app's memory.
// (A stalled Redis: redis-unavailable.test.ts.)
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadWhileRewriting, npy, putThenGetOnSharedKeys, startStack, VersionedArray, type Stack } from "../helpers";

const MiB = 1024 * 1024;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** A process's resident memory, from /proc. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

/** The highest RSS seen while `work` runs, over the RSS before it. */
async function rssGrowthDuring<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = rssOf(stack.app.pid);
  let peak = before;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, rssOf(stack.app.pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await work(), growth: peak - before };
  } finally {
    running = false;
    await sampler;
  }
}

/** A PUT with Transfer-Encoding: chunked (no Content-Length), sent in 1 MiB writes. */
function putChunked(key: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(stack.arrayUrl(key), { method: "PUT" }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString() }));
    });
    req.on("error", reject);
    const sendFrom = (at: number) => {
      while (at < body.length) {
        const more = req.write(body.subarray(at, at + MiB));
        at += MiB;
        if (!more) return void req.once("drain", () => sendFrom(at));
      }
      req.end();
    };
    sendFrom(0);
  });
}

describe("a key rewritten while it is downloaded", () => {
  it("gives every reader, whole or by Range, exactly one version it was written as", async () => {
    const array = new VersionedArray(16 * MiB);
    const writer = stack.redis.client();
    const race = await downloadWhileRewriting({
      url: stack.arrayUrl("frame:latest"),
      array,
      write: async (bytes) => void (await writer.call("NP.SET", "frame:latest", bytes)),
    });
    expect(race.failures.slice(0, 5), `${race.failures.length} of ${race.downloads} downloads`).toEqual([]);
    expect(race.versionsWritten).toBeGreaterThan(3);
    expect(race.ranges).toBeGreaterThan(0);
  });

  it("serves 48 PUT-then-GET of 16 MiB on 8 shared keys, 16 at a time, each GET a version some PUT wrote", async () => {
    expect(await putThenGetOnSharedKeys((key) => stack.arrayUrl(key), new VersionedArray(16 * MiB))).toEqual([]);
  });
});

describe("uploads hold no body in memory", () => {
  it("stores chunked uploads (no Content-Length) exactly, without the app growing by their size", async () => {
    const arrays = [0, 1, 2, 3].map((i) => npy(`np.full(96 * 1024 * 1024 // 8, ${i}.5)`));
    const { result, growth } = await rssGrowthDuring(() => Promise.all(arrays.map((bytes, i) => putChunked(`chunked:${i}`, bytes))));
    expect(result.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    for (let i = 0; i < 4; i++) {
      expect(((await stack.redis.client().callBuffer("NP.GET", `chunked:${i}`)) as Buffer).equals(arrays[i]), `chunked:${i}`).toBe(true);
    }
    // 384 MiB went through; the app's own working memory may move by a few tens of MiB.
    expect(growth).toBeLessThan(128 * MiB);
  });
});

describe("when every transfer connection is busy", () => {
  let small: Stack;
  beforeAll(async () => {
    small = await startStack({ app: { env: { REDIS_TRANSFER_CONNECTIONS: "3" } } });
  });
  afterAll(async () => {
    await small?.stop();
  });

  it("an upload waits, unread, for one to come free, then is stored", async () => {
    const held = npy("np.zeros(96 * 1024 * 1024 // 8)");
    expect((await fetch(small.arrayUrl("held"), { method: "PUT", body: held as Uint8Array<ArrayBuffer> })).status).toBe(201);
    // Three downloads nobody reads keep every connection busy (their readers are kept: a
    // response collected as garbage would close its connection).
    const stalled = await Promise.all(
      [0, 1, 2].map(async () => {
        const controller = new AbortController();
        const reader = (await fetch(small.arrayUrl("held"), { signal: controller.signal })).body!.getReader();
        return { controller, reader };
      }),
    );
    const upload = npy("np.arange(128 * 1024 * 1024 // 8, dtype='<f8')");
    const before = rssOf(small.app.pid);
    const pending = fetch(small.arrayUrl("waited"), { method: "PUT", body: upload as Uint8Array<ArrayBuffer> });
    await new Promise((r) => setTimeout(r, 2000));
    const whileWaiting = rssOf(small.app.pid);
    expect(await small.redis.client().exists("waited")).toBe(0);
    for (const { controller } of stalled) controller.abort();
    expect((await pending).status).toBe(201);
    expect(((await small.redis.client().callBuffer("NP.GET", "waited")) as Buffer).equals(upload)).toBe(true);
    expect(whileWaiting - before).toBeLessThan(64 * MiB);
  });
});
