// /api/health when Redis is down or lacks the module: 503 with a reason a person can act on.
import { afterAll, expect, it } from "vitest";
import { findFreePort, startApp, startRedis, type TestApp, type TestRedis } from "../helpers";

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
  const body = await res.json();
  expect(body.ok).toBe(false);
  expect(body.error).toBe(`cannot reach Redis at 127.0.0.1:${port}: connection refused`);
  const list = await fetch(`${a.url}/api/arrays`);
  expect(list.status).toBe(503);
  expect((await list.json()).error).toContain("cannot reach Redis");
});

it("answers 503 explaining how to load the module when Redis lacks it", async () => {
  const redis: TestRedis = await startRedis({ withModule: false });
  started.push(redis);
  const a = await app(redis.url);
  const res = await fetch(`${a.url}/api/health`);
  expect(res.status).toBe(503);
  const body = await res.json();
  expect(body.error).toMatch(/^the numpy module is not loaded: start redis-server with --loadmodule \/.*numpy_redis\.so or run MODULE LOAD /);
  expect(body.redis.version).toMatch(/^\d/);
  const put = await fetch(`${a.url}/api/arrays/x`, { method: "PUT", body: "x" });
  expect(put.status).toBe(503);
  expect((await put.json()).error).toContain("numpy module is not loaded");
});
