// The app's own Redis connection (lib/server/transfer/wire.ts) against a real
// redis-server: its command timeout must tell a silent Redis from an app whose
// event loop was held up while Redis's reply sat unread in the socket.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startRedis, type TestRedis } from "../helpers";
import { RedisTimeoutError, RedisWire, wireTarget, type WireTarget } from "@/lib/server/transfer/wire";
import { commands } from "@/lib/server/transfer/resp";

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
