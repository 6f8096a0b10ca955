// /api/health when Redis is down or lacks the module: 503 with a reason a person can act on.
import { afterAll, expect, it } from "vitest";
import { findFreePort, npy, startApp, startRedis, type TestApp, type TestRedis, jsonBody } from "../helpers";
import type { Health } from "@/lib/api-types";

const started: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
});

async function app(redisUrl: string): Promise<TestApp> {
  const a = await startApp({ redisUrl });
  started.push(a);
  return a;
}

it("answers 503 naming the address when Redis is down, and recovers when it is back", async () => {
  const port = await findFreePort();
  const a = await app(`redis://127.0.0.1:${port}`);
  const res = await fetch(`${a.url}/api/health`);
  expect(res.status).toBe(503);
  const body = await jsonBody<Health>(res);
  expect(body.ok).toBe(false);
  expect(body.error).toBe(`cannot reach Redis at 127.0.0.1:${port}: connection refused`);
  const list = await fetch(`${a.url}/api/arrays`);
  expect(list.status).toBe(503);
  expect((await jsonBody(list)).error).toContain("cannot reach Redis");

  // Back, then restarted: the shared client reconnects, and relay connections pooled
  // before the restart are not reused (a 9 MiB array is relayed both ways).
  const array = npy("np.random.default_rng(8).random(1_200_000)");
  for (let life = 0; life < 2; life++) {
    const redis = await startRedis({ port });
    try {
      await expect.poll(async () => (await fetch(`${a.url}/api/health`)).status, { timeout: 15_000, interval: 200 }).toBe(200);
      expect((await fetch(`${a.url}/api/arrays/back`, { method: "PUT", body: array as Uint8Array<ArrayBuffer> })).status).toBe(201);
      expect(Buffer.from(await (await fetch(`${a.url}/api/arrays/back`)).arrayBuffer()).equals(array)).toBe(true);
    } finally {
      await redis.stop();
    }
  }
});

it("answers 503 explaining how to load the module when Redis lacks it", async () => {
  const redis: TestRedis = await startRedis({ withModule: false });
  started.push(redis);
  const a = await app(redis.url);
  const res = await fetch(`${a.url}/api/health`);
  expect(res.status).toBe(503);
  const body = await jsonBody<Health>(res);
  expect(body.error).toMatch(/^the numpy module is not loaded: start redis-server with --loadmodule \/.*numpy_redis\.so or run MODULE LOAD /);
  expect(body.redis!.version).toMatch(/^\d/);
  const put = await fetch(`${a.url}/api/arrays/x`, { method: "PUT", body: "x" });
  expect(put.status).toBe(503);
  expect((await jsonBody(put)).error).toContain("numpy module is not loaded");
});

it("names the Redis it uses, for the page's Python snippet, without its password", async () => {
  const redis = await startRedis({ port: await findFreePort() });
  started.push(redis);
  const admin = redis.client();
  await admin.call("CONFIG", "SET", "requirepass", "s3cret-pass");
  const a = await app(`redis://:s3cret-pass@127.0.0.1:${redis.port}/0`);
  const res = await fetch(`${a.url}/api/health`);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect((JSON.parse(text) as Health).address).toEqual({ kind: "standalone", host: "127.0.0.1", port: redis.port, db: 0, tls: false, needsPassword: true });
  expect(text).not.toContain("s3cret-pass");
  await admin.call("CONFIG", "SET", "requirepass", "");
});

// With cacheComponents Next would prerender a GET handler at build and serve that answer
// for ever; Next's own handler (not the app's server) must ask Redis on every request.
it("answers from the Redis of the moment through Next's own route handler, not from the build", async () => {
  const redis = await startRedis({ port: await findFreePort() });
  const a = await startApp({ redisUrl: redis.url, nextStart: true });
  started.push(a);
  const up = await fetch(`${a.url}/api/health`);
  expect(up.status).toBe(200);
  expect((await jsonBody<Health>(up)).ok).toBe(true);
  await redis.stop();
  await expect.poll(async () => (await fetch(`${a.url}/api/health`)).status, { timeout: 15_000, interval: 200 }).toBe(503);
  const down = await jsonBody<Health>(await fetch(`${a.url}/api/health`));
  expect(down.error).toContain(`cannot reach Redis at 127.0.0.1:${redis.port}`);
});
