// Paging through thousands of arrays: every one exactly once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { npy, startStack, type Stack, jsonBody } from "../helpers";
import type { ArrayListPage, ArrayLookup } from "@/lib/api-types";

let stack: Stack;
const COUNT = 3000;

beforeAll(async () => {
  stack = await startStack();
  const client = stack.redis.client();
  const bytes = npy("np.arange(6, dtype='<i2').reshape(2, 3)");
  const pipeline = client.pipeline();
  for (let i = 0; i < COUNT; i++) pipeline.call("NP.SET", `many:${i}`, bytes);
  // Other types in the same database must not show up.
  for (let i = 0; i < 500; i++) pipeline.set(`other:${i}`, "x");
  const results = await pipeline.exec();
  expect(results!.every(([error]) => error === null)).toBe(true);
  await client.call("NP.SET", "ttl:one", bytes, "EX", "1000");
});
afterAll(async () => {
  await stack?.stop();
});

it(`lists ${COUNT} arrays across pages with no duplicates and none missing`, async () => {
  const seen = new Map<string, number>();
  let cursor = "0";
  let pages = 0;
  do {
    const res = await fetch(stack.url(`/api/arrays?match=${encodeURIComponent("many:*")}&count=200&cursor=${cursor}`));
    expect(res.status).toBe(200);
    const page = await jsonBody<ArrayListPage>(res);
    for (const item of page.items) seen.set(item.key, (seen.get(item.key) ?? 0) + 1);
    cursor = page.cursor;
    pages++;
    expect(pages).toBeLessThan(200);
  } while (cursor !== "0");
  expect(seen.size).toBe(COUNT);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
  expect(pages).toBeGreaterThan(5);
});

async function listAll(match: string) {
  const items = [];
  let cursor = "0";
  let dbsize: number;
  do {
    const page = await jsonBody<ArrayListPage>(await fetch(stack.url(`/api/arrays?match=${encodeURIComponent(match)}&cursor=${cursor}`)));
    items.push(...page.items);
    cursor = page.cursor;
    dbsize = page.dbsize;
  } while (cursor !== "0");
  return { items, dbsize };
}

it("gives each item its header, shape, dtype, size, version and TTL", async () => {
  const page = await listAll("ttl:*");
  expect(page.dbsize).toBe(COUNT + 500 + 1);
  expect(page.items).toHaveLength(1);
  const [item] = page.items;
  expect(item).toMatchObject({ key: "ttl:one", version: "1.0", descr: "'<i2'", shape: [2, 3], fortranOrder: false });
  expect(item.header).toMatch(/^\{'descr': '<i2', 'fortran_order': False, 'shape': \(2, 3\), \}$/);
  expect(item.bytes).toBe(npy("np.arange(6, dtype='<i2').reshape(2, 3)").length);
  expect(item.ttl).toBeGreaterThan(900_000);
  const noTtl = (await listAll("many:1")).items[0];
  expect(noTtl.ttl).toBe(-1);
});

it("looks up named keys in one request: rows for arrays, the rest missing", async () => {
  const odd = "weird key/with % & = ü";
  await stack.redis.client().call("NP.SET", odd, npy("np.eye(2)"));
  const keys = ["many:7", "ttl:one", odd, "other:3", "never-written", "many:7"];
  const res = await fetch(stack.url(`/api/arrays?${new URLSearchParams(keys.map((key) => ["key", key]))}`));
  expect(res.status).toBe(200);
  const body = await jsonBody<ArrayLookup>(res);
  expect(body.items.map((item: { key: string }) => item.key).sort()).toEqual(["many:7", "ttl:one", odd].sort());
  expect(body.items.find((item: { key: string }) => item.key === odd)).toMatchObject({ shape: [2, 2], descr: "'<f8'" });
  expect(body.missing.sort()).toEqual(["never-written", "other:3"]);
});

it("refuses a lookup mixed with listing parameters or naming too many keys", async () => {
  const mixed = await fetch(stack.url("/api/arrays?key=many:1&match=*"));
  expect(mixed.status).toBe(400);
  expect((await jsonBody(mixed)).error).toMatch(/cannot be combined with match/);
  const tooMany = await fetch(stack.url(`/api/arrays?${new URLSearchParams(Array.from({ length: 201 }, (_, i) => ["key", `k${i}`]))}`));
  expect(tooMany.status).toBe(400);
  expect((await jsonBody(tooMany)).error).toMatch(/at most 200 key=/);
});
