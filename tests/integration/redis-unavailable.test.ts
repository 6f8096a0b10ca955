// Redis stalled (SIGSTOP) or loading its data: requests answer 503 with the reason
// promptly instead of hanging, and everything works again once Redis does.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startRedisServer, type RunningRedis } from "../../scripts/lib/redis-server";
import { findFreePort, npy, startApp, startRedis, track, type TestApp, jsonBody } from "../helpers";
import type { ArrayInfo } from "@/lib/api-types";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function app(redisUrl: string, commandTimeoutMs: number): Promise<TestApp> {
  const started = await startApp({ redisUrl, env: { REDIS_COMMAND_TIMEOUT_MS: String(commandTimeoutMs) } });
  cleanups.push(() => started.stop());
  return started;
}

/** The routes a person hits first: the list, one array's metadata and bytes, and health. */
function probedPaths(key: string): string[] {
  return ["/api/arrays", `/api/arrays/${encodeURIComponent(key)}/info`, `/api/arrays/${encodeURIComponent(key)}`, "/api/health"];
}

interface Answer {
  path: string;
  status: number;
  error: string | undefined;
  ms: number;
}

async function answer(base: string, path: string): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(60_000) });
  const body = await jsonBody<{ error?: string }>(res);
  return { path, status: res.status, error: body.error, ms: Date.now() - started };
}

async function waitHealthy(base: string) {
  await expect.poll(async () => (await answer(base, "/api/health")).status, { timeout: 60_000, interval: 200 }).toBe(200);
}

it("answers 503 'did not answer within 1 s' while Redis is stopped, and recovers on SIGCONT", async () => {
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  const a = await app(redis.url, 1000);
  const bytes = npy("np.arange(12, dtype='<i4').reshape(3, 4)");
  expect((await fetch(`${a.url}/api/arrays/stalled`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> })).status).toBe(201);

  process.kill(redis.pid, "SIGSTOP");
  try {
    const upload = (async (): Promise<Answer> => {
      const started = Date.now();
      const res = await fetch(`${a.url}/api/arrays/stalled-upload`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
      return { path: "PUT /api/arrays/stalled-upload", status: res.status, error: (await jsonBody(res)).error, ms: Date.now() - started };
    })();
    const answers = await Promise.all([...probedPaths("stalled").map((path) => answer(a.url, path)), upload]);
    for (const got of answers) {
      expect(got, got.path).toMatchObject({ status: 503, error: "Redis did not answer within 1 s" });
      // The timeout plus a generous margin for a busy machine, far below "as long as the client waits".
      expect(got.ms, got.path).toBeLessThan(10_000);
    }
  } finally {
    process.kill(redis.pid, "SIGCONT");
  }

  await waitHealthy(a.url);
  const info = await fetch(`${a.url}/api/arrays/stalled/info`);
  expect(info.status).toBe(200);
  expect((await jsonBody<ArrayInfo>(info)).shape).toEqual([3, 4]);
  expect(Buffer.from(await (await fetch(`${a.url}/api/arrays/stalled`)).arrayBuffer()).equals(bytes)).toBe(true);
});

/**
 * A data folder whose dump.rdb holds one array and enough filler keys that,
 * with key-load-delay, Redis takes several seconds to load it.
 */
async function slowLoadingDataDir(arrayBytes: Buffer): Promise<string> {
  const source = await startRedis();
  try {
    const client = source.client();
    await client.call("NP.SET", "loaded", arrayBytes);
    const pipeline = client.pipeline();
    for (let i = 0; i < 30_000; i++) pipeline.set(`filler:${i}`, "x");
    await pipeline.exec();
    await client.save();
    const dir = mkdtempSync(join(tmpdir(), "numpy-redis-loading-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(source.dir, "dump.rdb"), join(dir, "dump.rdb"));
    return dir;
  } finally {
    await source.stop();
  }
}

/** redis-server loading `dir` slowly: a pause per key, and clients served every KiB read so they hear LOADING. */
async function startLoadingRedis(port: number, dir: string): Promise<RunningRedis> {
  const server = await startRedisServer({
    port,
    dir,
    persist: false,
    waitFor: "listening",
    config: { "key-load-delay": "300", "loading-process-events-interval-bytes": "1024" },
  });
  track(server.child);
  cleanups.push(() => server.stop({ save: false }));
  return server;
}

it("answers 503 'loading its data (N %)' at once while Redis loads, then serves the loaded array", async () => {
  const bytes = npy("np.random.default_rng(4).random((16, 16))");
  const dir = await slowLoadingDataDir(bytes);
  const port = await findFreePort();
  // A long timeout: a request answered quickly below was refused, not timed out.
  const a = await app(`redis://127.0.0.1:${port}`, 20_000);
  await startLoadingRedis(port, dir);

  let health: Answer | undefined;
  await expect
    .poll(async () => (health = await answer(a.url, "/api/health")).error, { timeout: 30_000, interval: 100 })
    .toMatch(/^Redis is loading its data \(\d+ %\)$/);
  expect(health!.status).toBe(503);
  const answers = await Promise.all(probedPaths("loaded").map((path) => answer(a.url, path)));
  for (const got of answers) {
    expect(got.status, got.path).toBe(503);
    expect(got.error, got.path).toMatch(/^Redis is loading its data( \(\d+ %\))?$/);
    expect(got.ms, got.path).toBeLessThan(5_000);
  }

  await waitHealthy(a.url);
  const info = await fetch(`${a.url}/api/arrays/loaded/info`);
  expect(info.status).toBe(200);
  expect(Buffer.from(await (await fetch(`${a.url}/api/arrays/loaded`)).arrayBuffer()).equals(bytes)).toBe(true);
});
