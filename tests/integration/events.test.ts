// /api/events: keyspace notifications become SSE messages, for writes made outside the app too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, openEventStream, runPython, startStack, type SseMessage, type SseStream, type Stack, jsonBody, type ErrorBody } from "../helpers";
import type { ArrayEvent, ArrayInfo, Health } from "@/lib/api-types";

const eventOf = (m: SseMessage) => JSON.parse(m.data) as ArrayEvent;

const isChange = (type: string, key: string) => (m: SseMessage) => {
  if (m.event !== "message") return false;
  const data = eventOf(m);
  return data.type === type && data.key === key;
};

describe("with keyspace notifications off at start", () => {
  let stack: Stack;
  let events: SseStream;
  beforeAll(async () => {
    // The app must switch them on itself (CONFIG SET).
    stack = await startStack({ redis: { notifyKeyspaceEvents: "" } });
    events = await openEventStream(stack.url("/api/events"));
    await events.next((m) => m.event === "ready");
  });
  afterAll(async () => {
    events?.close();
    await stack?.stop();
  });

  it("turns them on and reports events: true", async () => {
    const flags = await stack.redis.client().config("GET", "notify-keyspace-events");
    expect(flags[1]).toMatch(/K/);
    expect((await jsonBody<Health>(await fetch(stack.url("/api/health")))).events).toBe(true);
  });

  it("sends set for an array written by redis-py", async () => {
    runPython(
      `import io, sys, redis, numpy as np
b = io.BytesIO(); np.save(b, np.arange(5))
redis.Redis(port=int(sys.argv[1])).execute_command("NP.SET", "from-python", b.getvalue())`,
      [String(stack.redis.port)],
    );
    await events.next(isChange("set", "from-python"));
  });

  it("sends set for an upload through the API, with any key name", async () => {
    const key = "dir/ünï 🧪";
    await fetch(stack.arrayUrl(key), { method: "PUT", body: npy("np.eye(2)") as Uint8Array<ArrayBuffer> });
    await events.next(isChange("set", key));
  });

  it("sends del, expired and renamed", async () => {
    const client = stack.redis.client();
    const bytes = npy("np.arange(3)");
    await client.call("NP.SET", "to-delete", bytes);
    await events.next(isChange("set", "to-delete"));
    await fetch(stack.arrayUrl("to-delete"), { method: "DELETE" });
    await events.next(isChange("del", "to-delete"));

    await client.call("NP.SET", "to-expire", bytes, "PX", "50");
    await events.next(isChange("expired", "to-expire"), 15_000);

    await client.call("NP.SET", "old-name", bytes);
    await client.rename("old-name", "new-name");
    const renamed = await events.next(isChange("renamed", "new-name"));
    expect(eventOf(renamed)).toMatchObject({ type: "renamed", from: "old-name" });
  });

  it("sends set when another client sets, changes or removes an array's TTL, and nothing for a string's", async () => {
    const client = stack.redis.client();
    await client.call("NP.SET", "ttl-changes", npy("np.arange(3)"));
    await events.next(isChange("set", "ttl-changes"));
    await client.set("plain-with-ttl", "x", "EX", 60);
    await client.expire("ttl-changes", 90);
    await events.next(isChange("set", "ttl-changes"));
    await client.persist("ttl-changes");
    await events.next(isChange("set", "ttl-changes"));
    const info = await jsonBody<ArrayInfo>(await fetch(`${stack.arrayUrl("ttl-changes")}/info`));
    expect(info.ttl).toBe(-1);
    expect(events.messages.some((m) => m.event === "message" && eventOf(m).key === "plain-with-ttl")).toBe(false);
  });

  it("reports an array overwritten by a string (a key the page has seen) as deleted", async () => {
    const client = stack.redis.client();
    await client.call("NP.SET", "becomes-string", npy("np.arange(3)"));
    await events.next(isChange("set", "becomes-string"));
    await client.set("becomes-string", "text");
    await events.next(isChange("del", "becomes-string"));
  });

  it("ignores writes to keys of other types", async () => {
    const client = stack.redis.client();
    await client.set("plain", "x");
    await client.lpush("list", "x");
    await client.call("NP.SET", "marker", npy("np.arange(1)"));
    await events.next(isChange("set", "marker"));
    const keys = events.messages.filter((m) => m.event === "message").map((m) => eventOf(m).key);
    expect(keys).not.toContain("plain");
    expect(keys).not.toContain("list");
  });
});

describe("when notifications cannot be enabled", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ redis: { notifyKeyspaceEvents: "", config: { "rename-command": ["CONFIG", '""'] } } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("says so in /api/health and in an SSE error event", async () => {
    const health = await jsonBody<Health>(await fetch(stack.url("/api/health")));
    expect(health.ok).toBe(true);
    expect(health.events).toBe(false);
    expect(health.eventsError).toContain("notify-keyspace-events");
    const events = await openEventStream(stack.url("/api/events"));
    const error = await events.next((m) => m.event === "error");
    expect((JSON.parse(error.data) as ErrorBody).error).toContain("notify-keyspace-events");
    events.close();
  });
});
