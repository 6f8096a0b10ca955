// The app's own Redis connections (lib/server/transfer/wire.ts, and the ioredis
// client of lib/server/stall-timeout.ts) against a real redis-server: their
// command timeout must tell a silent Redis from an app whose event loop was
// held up while Redis's reply sat unread in the socket.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startRedis, type TestRedis } from "../helpers";
import { RedisTimeoutError, RedisWire, wireTarget, type WireTarget } from "@/lib/server/transfer/wire";
import { commands } from "@/lib/server/transfer/resp";
import { StallTimedRedis } from "@/lib/server/stall-timeout";

vi.mock("server-only", () => ({}));

const TIMEOUT_MS = 300;
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis({ withModule: false });
});

afterAll(async () => {
  process.kill(redis.pid, "SIGCONT");
  await redis.stop();
});

function target(): WireTarget {
  return wireTarget({ host: "127.0.0.1", port: redis.port, db: 0, readOnly: false, timeoutMs: TIMEOUT_MS });
}

/** Keeps this process's event loop busy for `ms`, as a long task or a starved CPU would. */
function holdEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

it("reads a reply that arrived while the event loop was held up for longer than the timeout", async () => {
  const wire = await RedisWire.open(target(), () => {});
  wire.write(commands(["ECHO", "still here"]));
  const reply = wire.reply();
  holdEventLoop(TIMEOUT_MS * 3);
  expect(await reply).toEqual({ kind: "bulk", bytes: Buffer.from("still here") });
  expect(wire.usable).toBe(true);
  wire.destroy();
});

it("times out when Redis itself is silent for longer than the timeout", async () => {
  const wire = await RedisWire.open(target(), () => {});
  process.kill(redis.pid, "SIGSTOP");
  try {
    wire.write(commands(["PING"]));
    await expect(wire.reply()).rejects.toBeInstanceOf(RedisTimeoutError);
    expect(wire.usable).toBe(false);
  } finally {
    process.kill(redis.pid, "SIGCONT");
  }
});

describe("the app's ioredis client (health, listing)", () => {
  let client: StallTimedRedis;
  beforeAll(() => {
    process.env.REDIS_COMMAND_TIMEOUT_MS = String(TIMEOUT_MS);
    client = new StallTimedRedis(redis.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    client.disconnect();
    delete process.env.REDIS_COMMAND_TIMEOUT_MS;
  });

  it("reads a reply that arrived while the event loop was held up for longer than the timeout", async () => {
    await client.ping();
    const reply = client.echo("still here");
    holdEventLoop(TIMEOUT_MS * 3);
    expect(await reply).toBe("still here");
  });

  it("times out when Redis itself is silent for longer than the timeout", async () => {
    await client.ping();
    process.kill(redis.pid, "SIGSTOP");
    try {
      await expect(client.ping()).rejects.toThrow("Command timed out");
    } finally {
      process.kill(redis.pid, "SIGCONT");
    }
  });
});
