// The Redis basics for arrays: counting, TTL, rename, copy, deleting several or by
// pattern. Every refusal says why and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, openEventStream, startStack, type SseMessage, type Stack, jsonBody } from "../helpers";
import type { ArrayCount, ArrayMemory, ArrayTtlChange, ArraysDeleted } from "@/lib/api-types";

let stack: Stack;
let bytes: Buffer;

beforeAll(async () => {
  stack = await startStack();
  bytes = npy("np.arange(6, dtype='<i2').reshape(2, 3)");
});
afterAll(async () => {
  await stack?.stop();
});

const redis = () => stack.redis.client();
const store = (key: string, data: Buffer = bytes) => redis().call("NP.SET", key, data);
const send = (path: string, method: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.url(path), {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const action = (key: string, what: string) => `/api/arrays/${encodeURIComponent(key)}/${what}`;
const errorOf = async (res: Response) => (await jsonBody(res)).error;

describe("GET /api/array-count", () => {
  it("counts the matching arrays, not other types", async () => {
    const pipeline = redis().pipeline();
    for (let i = 0; i < 2500; i++) pipeline.call("NP.SET", `count:${i}`, bytes);
    for (let i = 0; i < 300; i++) pipeline.set(`count:str:${i}`, "x");
    await pipeline.exec();
    let cursor = "0";
    let total = 0;
    do {
      const res = await fetch(stack.url(`/api/array-count?match=${encodeURIComponent("count:*")}&cursor=${cursor}`));
      expect(res.status).toBe(200);
      const body = await jsonBody<ArrayCount>(res);
      total += body.counted;
      cursor = body.cursor;
    } while (cursor !== "0");
    expect(total).toBe(2500);
  });

  it("refuses a cursor it did not issue", async () => {
    const res = await fetch(stack.url("/api/array-count?cursor=%20nope"));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatch(/cursor must be/);
  });
});

describe("TTL", () => {
  it("sets, changes and removes an array's TTL", async () => {
    await store("ttl:a");
    const set = await send(action("ttl:a", "ttl"), "PUT", { seconds: 90 });
    expect(set.status).toBe(200);
    expect((await jsonBody<ArrayTtlChange>(set)).ttl).toBeGreaterThan(89_000);
    expect(await redis().ttl("ttl:a")).toBeGreaterThan(88);
    await send(action("ttl:a", "ttl"), "PUT", { seconds: 3600 });
    expect(await redis().ttl("ttl:a")).toBeGreaterThan(3590);
    const removed = await send(action("ttl:a", "ttl"), "DELETE");
    expect(removed.status).toBe(200);
    expect(await jsonBody(removed)).toEqual({ key: "ttl:a", ttl: -1 });
    expect(await redis().ttl("ttl:a")).toBe(-1);
  });

  it("refuses a TTL that is not a positive whole number of seconds, changing nothing", async () => {
    await store("ttl:b");
    for (const body of [{ seconds: 0 }, { seconds: -5 }, { seconds: 1.5 }, { seconds: "60" }, {}]) {
      const res = await send(action("ttl:b", "ttl"), "PUT", body);
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatch(/seconds must be a whole number|send a JSON body/);
    }
    expect(await redis().ttl("ttl:b")).toBe(-1);
  });

  it("answers 404 for no such array and 409 for another type, which keeps its TTL", async () => {
    const missing = await send(action("ttl:none", "ttl"), "PUT", { seconds: 60 });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toBe('no array named "ttl:none"');
    await redis().set("ttl:str", "x");
    const other = await send(action("ttl:str", "ttl"), "PUT", { seconds: 60 });
    expect(other.status).toBe(409);
    expect(await errorOf(other)).toMatch(/another Redis type/);
    expect(await redis().ttl("ttl:str")).toBe(-1);
  });

  it("tells open pages when another client changes a TTL", async () => {
    // Stored before the stream opens (the app subscribes on its first stream), so only the EXPIRE can bring a "set".
    await store("ttl:live");
    const events = await openEventStream(stack.url("/api/events"));
    const isSet = (m: SseMessage) => m.event === "message" && m.data.includes('"ttl:live"') && m.data.includes('"set"');
    try {
      await events.next((m) => m.event === "ready");
      await redis().expire("ttl:live", 500);
      await events.next(isSet);
    } finally {
      events.close();
    }
  });
});

describe("rename and copy", () => {
  it("renames an array, keeping its bytes and TTL", async () => {
    await store("ren:a");
    await redis().expire("ren:a", 1000);
    const res = await send(action("ren:a", "rename"), "POST", { to: "ren:b / ü" });
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toEqual({ from: "ren:a", to: "ren:b / ü" });
    expect(await redis().exists("ren:a")).toBe(0);
    expect(Buffer.compare((await redis().callBuffer("NP.GET", "ren:b / ü")) as Buffer, bytes)).toBe(0);
    expect(await redis().ttl("ren:b / ü")).toBeGreaterThan(990);
  });

  it("copies an array; both exist with the same bytes", async () => {
    await store("cp:a");
    const res = await send(action("cp:a", "copy"), "POST", { to: "cp:b" });
    expect(res.status).toBe(200);
    for (const key of ["cp:a", "cp:b"]) expect(Buffer.compare((await redis().callBuffer("NP.GET", key)) as Buffer, bytes)).toBe(0);
  });

  it.each(["rename", "copy"])("%s refuses to overwrite an existing key, changing neither", async (verb) => {
    const other = npy("np.eye(2)");
    await store(`nx:${verb}:from`);
    await store(`nx:${verb}:to`, other);
    const res = await send(action(`nx:${verb}:from`, verb), "POST", { to: `nx:${verb}:to` });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toBe(
      `"nx:${verb}:to" already exists; nothing was ${verb === "rename" ? "renamed" : "copied"}. Delete it first or choose another name`,
    );
    expect(Buffer.compare((await redis().callBuffer("NP.GET", `nx:${verb}:from`)) as Buffer, bytes)).toBe(0);
    expect(Buffer.compare((await redis().callBuffer("NP.GET", `nx:${verb}:to`)) as Buffer, other)).toBe(0);
    // A key of another type is just as taken.
    await redis().set(`nx:${verb}:str`, "keep me");
    expect((await send(action(`nx:${verb}:from`, verb), "POST", { to: `nx:${verb}:str` })).status).toBe(409);
    expect(await redis().get(`nx:${verb}:str`)).toBe("keep me");
  });

  it.each(["rename", "copy"])("%s refuses a missing array, another type, an empty or unchanged name", async (verb) => {
    expect((await send(action("gone", verb), "POST", { to: "x" })).status).toBe(404);
    await redis().set(`str:${verb}`, "x");
    const other = await send(action(`str:${verb}`, verb), "POST", { to: `str:${verb}:2` });
    expect(other.status).toBe(409);
    expect(await redis().exists(`str:${verb}:2`)).toBe(0);
    await store(`same:${verb}`);
    const same = await send(action(`same:${verb}`, verb), "POST", { to: `same:${verb}` });
    expect(same.status).toBe(400);
    expect(await errorOf(same)).toMatch(/same as the old one/);
    const empty = await send(action(`same:${verb}`, verb), "POST", { to: "" });
    expect(empty.status).toBe(400);
    expect(await errorOf(empty)).toMatch(/send the new name/);
  });
});

describe("deleting several arrays", () => {
  it("deletes the named arrays and leaves other types alone", async () => {
    await Promise.all(["del:1", "del:2", "del:3"].map((key) => store(key)));
    await redis().set("del:str", "x");
    const query = new URLSearchParams([
      ["key", "del:1"],
      ["key", "del:2"],
      ["key", "del:str"],
      ["key", "del:gone"],
    ]);
    const res = await send(`/api/arrays?${query}`, "DELETE");
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toEqual({ deleted: 2, missing: ["del:gone"], notArrays: ["del:str"] });
    expect(await redis().exists("del:1", "del:2")).toBe(0);
    expect(await redis().exists("del:3", "del:str")).toBe(2);
  });

  it("deletes every array matching a pattern, and nothing else", async () => {
    const pipeline = redis().pipeline();
    for (let i = 0; i < 1200; i++) pipeline.call("NP.SET", `pat:${i}`, bytes);
    pipeline.set("pat:str", "x");
    pipeline.call("NP.SET", "patx", bytes);
    await pipeline.exec();
    const res = await send(`/api/arrays?match=${encodeURIComponent("pat:*")}`, "DELETE");
    expect(res.status).toBe(200);
    expect((await jsonBody<ArraysDeleted>(res)).deleted).toBe(1200);
    expect(await redis().exists("pat:0", "pat:1199")).toBe(0);
    expect(await redis().exists("pat:str", "patx")).toBe(2);
  });

  it("refuses a request that names nothing, both keys and a pattern, or too many keys", async () => {
    await store("del:keep");
    const cases: [string, RegExp][] = [
      ["", /say what to delete/],
      ["match=", /match= is empty/],
      ["match=del:*&key=del:keep", /not both/],
      [new URLSearchParams(Array.from({ length: 201 }, (_, i) => ["key", `k${i}`])).toString(), /at most 200/],
    ];
    for (const [query, reason] of cases) {
      const res = await send(`/api/arrays?${query}`, "DELETE");
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatch(reason);
    }
    expect(await redis().exists("del:keep")).toBe(1);
  });
});

describe("cross-origin writes", () => {
  it("are refused for every new route, changing nothing", async () => {
    await store("xo:a");
    const foreign = { Origin: "http://evil.example" };
    const attempts = [
      send(action("xo:a", "ttl"), "PUT", { seconds: 5 }, foreign),
      send(action("xo:a", "ttl"), "DELETE", undefined, foreign),
      send(action("xo:a", "rename"), "POST", { to: "xo:b" }, foreign),
      send(action("xo:a", "copy"), "POST", { to: "xo:c" }, foreign),
      send("/api/arrays?key=xo:a", "DELETE", undefined, foreign),
      send("/api/arrays?match=xo:*", "DELETE", undefined, foreign),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toContain("cross-origin");
    }
    expect(await redis().exists("xo:a")).toBe(1);
    expect(await redis().exists("xo:b", "xo:c")).toBe(0);
    expect(await redis().ttl("xo:a")).toBe(-1);
  });
});

describe("GET /api/array-memory", () => {
  it("gives MEMORY USAGE of each named key, null for a key that is gone", async () => {
    const big = npy("np.zeros(100_000, dtype='<f8')");
    await store("mem:big", big);
    const res = await fetch(
      stack.url(
        `/api/array-memory?${new URLSearchParams([
          ["key", "mem:big"],
          ["key", "mem:gone"],
        ])}`,
      ),
    );
    expect(res.status).toBe(200);
    const { bytes: usage } = await jsonBody<ArrayMemory>(res);
    expect(usage["mem:gone"]).toBeNull();
    expect(usage["mem:big"]).toBe(Number(await redis().call("MEMORY", "USAGE", "mem:big")));
    expect(usage["mem:big"]).toBeGreaterThanOrEqual(big.length);
  });

  it("refuses a request that names no key, or too many", async () => {
    const none = await fetch(stack.url("/api/array-memory"));
    expect(none.status).toBe(400);
    expect(await errorOf(none)).toMatch(/name the keys/);
    const many = await fetch(stack.url(`/api/array-memory?${new URLSearchParams(Array.from({ length: 201 }, (_, i) => ["key", `k${i}`]))}`));
    expect(many.status).toBe(400);
  });
});

describe("a body that is not JSON", () => {
  it("is refused with what to send, changing nothing", async () => {
    await store("json:a");
    const ttl = await send(action("json:a", "ttl"), "PUT", "not json");
    expect(ttl.status).toBe(400);
    expect(await errorOf(ttl)).toBe('send a JSON body such as {"seconds": 3600} with Content-Type: application/json');
    const rename = await send(action("json:a", "rename"), "POST", "{to:");
    expect(rename.status).toBe(400);
    expect(await redis().ttl("json:a")).toBe(-1);
    expect(await redis().exists("json:a")).toBe(1);
  });
});
