// Listing rows come from one NP.ROWS per page: they must say what NP.INFO and
// PTTL say of every array, for every kind numpy writes, TTLs included, and
// leave out keys of other types.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { makeCorpus, startStack, type Stack, jsonBody } from "../helpers";
import { expectRowsMatch, rowFromInfo, type ListedRow } from "../helpers/listing-rows";
import type { ArrayListPage, ArrayLookup } from "@/lib/api-types";

// rowFromInfo reads NP.INFO with the API's own server-side parser.
vi.mock("server-only", () => ({}));

let stack: Stack;
const keys: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const client = stack.redis.client();
  const corpus = makeCorpus();
  for (const [i, file] of corpus.valid.entries()) {
    const key = `rows:${i}:${file.name}`;
    // Every third array expires (in 1000 s and up), the others do not.
    const ttl = i % 3 === 0 ? `?ttl=${1000 + i}` : "";
    const res = await fetch(stack.arrayUrl(key) + ttl, { method: "PUT", body: file.bytes as Uint8Array<ArrayBuffer> });
    expect(res.status, file.name).toBe(201);
    keys.push(key);
  }
  await client.set("rows:string", "x");
  await client.hset("rows:hash", "f", "v");
  await client.rpush("rows:list", "x");
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function listAll(match: string, count: number): Promise<ListedRow[]> {
  const items: ListedRow[] = [];
  let cursor = "0";
  do {
    const res = await fetch(stack.url(`/api/arrays?match=${encodeURIComponent(match)}&count=${count}&cursor=${cursor}`));
    const page = await jsonBody<ArrayListPage>(res);
    expect(res.status, JSON.stringify(page)).toBe(200);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== "0");
  return items;
}

async function expectedRows(names: string[]): Promise<ListedRow[]> {
  const client = stack.redis.client();
  const rows = await Promise.all(names.map((key) => rowFromInfo(client, key)));
  return rows.filter((row): row is ListedRow => row !== null);
}

it("lists every corpus array with the row NP.INFO and PTTL give, other types left out", async () => {
  const started = Date.now();
  const listed = await listAll("rows:*", 7);
  const expected = await expectedRows(keys);
  expect(expected.length).toBe(keys.length);
  expect(expected.some((row) => row.ttl > 0)).toBe(true);
  // A TTL listed first has counted down since by at most the time all this took.
  expectRowsMatch(listed, expected, Date.now() - started + 1000);
});

it("looks up named keys the same way, naming the missing and the other types", async () => {
  const started = Date.now();
  const named = [...keys.slice(0, 20), "rows:string", "rows:hash", "rows:nothing"];
  const res = await fetch(stack.url(`/api/arrays?${named.map((k) => `key=${encodeURIComponent(k)}`).join("&")}`));
  const body = await jsonBody<ArrayLookup>(res);
  expect(res.status, JSON.stringify(body)).toBe(200);
  expectRowsMatch(body.items, await expectedRows(keys.slice(0, 20)), Date.now() - started + 1000);
  expect(body.missing.sort()).toEqual(["rows:hash", "rows:nothing", "rows:string"]);
});
