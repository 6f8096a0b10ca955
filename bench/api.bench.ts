// API throughput and memory: `npm run bench:api` (needs a Next build in $NEXT_DIST_DIR, default .next).
//  1. download a 16 MiB array over HTTP vs NP.GET straight from Redis (target ≥ 50%)
//  2. upload it over HTTP vs NP.SET (target ≥ 50%)
//  3. growth of the Next process's RSS while it serves a 256 MiB array (target < 64 MiB)
//  4. requests/s on one keep-alive connection: GET of a 1 KiB array vs NP.GET (target ≥ 25%), /api/health
//  5. time to list 10 000 and 100 000 arrays page by page as the browse page does (target for 10 000: ≤ 250 ms)
// BENCH_ONLY=small,list runs some parts only (big: 1–3, small, list).
import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";
import type { ArrayListPage } from "../lib/api-types";
import { npy, startStack, type Stack } from "../tests/helpers";
import { httpGet, httpPut } from "./http-client";
import { rawConnectionGet } from "./raw-http-client";
import { concurrentRate, interleaved, oneConnectionGet } from "./small-requests";
import { median } from "./statistics";

const MiB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 30);

function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * The fastest of ROUNDS runs of each, the two taking turns, so that a burst of
 * load elsewhere on the machine slows both rather than one.
 */
async function compare(direct: () => Promise<void>, http: () => Promise<void>): Promise<{ direct: number; http: number }> {
  await direct(); // warm-up
  await http();
  const fastest = { direct: Infinity, http: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    fastest.direct = Math.min(fastest.direct, await timed(direct));
    fastest.http = Math.min(fastest.http, await timed(http));
  }
  return fastest;
}

const rate = (bytes: number, ms: number) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
const verdict = (ok: boolean) => (ok ? "meets target" : "BELOW TARGET");

const SMALL_ROUNDS = Number(process.env.BENCH_SMALL_ROUNDS || 15);
const SMALL_REQUESTS = 300;
const only = new Set((process.env.BENCH_ONLY || "big,small,list").split(","));
const figure = (n: number) => Math.round(n).toLocaleString("en-US").replace(/,/g, " ");

const ARRAY_GET = "GET /api/arrays/{key}";
const ARRAY_GET_NODE_CLIENT = "  … node:http client";

/**
 * GET of a 1 KiB array and /api/health vs NP.GET, each on one connection of its own, in interleaved rounds.
 * The HTTP requests go out on a bare socket (bench/raw-http-client.ts), as ioredis sends NP.GET, so the
 * figure is the server's; the array GET is also made with node:http's client, whose own CPU per request
 * (about the server's) competes with the server on this machine's 2 cores.
 */
async function smallRequests(stack: Stack, client: Redis): Promise<void> {
  const small = npy("np.arange(112, dtype='<f8')");
  if (small.length !== 1024) throw new Error(`the 1 KiB array is ${small.length} bytes`);
  await client.call("NP.SET", "bench1k", small);
  const { port } = new URL(stack.url("/"));
  const arrays = rawConnectionGet(Number(port));
  const health = rawConnectionGet(Number(port));
  const arraysNode = oneConnectionGet();
  const arrayPath = new URL(stack.arrayUrl("bench1k")).pathname;
  const expectOk = (status: number) => {
    if (status !== 200) throw new Error(`answered ${status}`);
  };
  const rates = await interleaved(SMALL_ROUNDS, SMALL_REQUESTS, {
    "NP.GET": async () => {
      if (((await client.callBuffer("NP.GET", "bench1k")) as Buffer).length !== 1024) throw new Error("short NP.GET");
    },
    [ARRAY_GET]: async () => expectOk(await arrays.get(arrayPath)),
    [ARRAY_GET_NODE_CLIENT]: async () => expectOk(await arraysNode.get(stack.arrayUrl("bench1k"))),
    "GET /api/health": async () => expectOk(await health.get("/api/health")),
  });
  arrays.close();
  arraysNode.close();
  health.close();
  await client.del("bench1k"); // the listing below counts its own arrays only
  const direct = median(rates["NP.GET"]);
  console.log(`requests/s on one connection, median of ${SMALL_ROUNDS} interleaved rounds of ${SMALL_REQUESTS} (range):`);
  for (const [name, values] of Object.entries(rates)) {
    const share = name === "NP.GET" ? "" : `, ${((median(values) / direct) * 100).toFixed(0)}% of NP.GET`;
    console.log(`  ${name.padEnd(24)} ${figure(median(values))} (${figure(Math.min(...values))}–${figure(Math.max(...values))})${share}`);
  }
  for (const name of [ARRAY_GET, ARRAY_GET_NODE_CLIENT]) {
    const ratios = rates[name].map((r, i) => r / rates["NP.GET"][i]);
    const ratio = median(ratios);
    const range = `${(Math.min(...ratios) * 100).toFixed(0)}–${(Math.max(...ratios) * 100).toFixed(0)}%`;
    console.log(
      `  ${name.trim()} / NP.GET per round: median ${(ratio * 100).toFixed(0)}% (${range})${name === ARRAY_GET ? ` (target ≥ 25%: ${verdict(ratio >= 0.25)})` : ""}`,
    );
  }
  await concurrentRequests(stack, client, small);
}

const CONCURRENT_CONNECTIONS = 16;
const CONCURRENT_ROUNDS = 5;
const CONCURRENT_ROUND_MS = 2000;

// Many keys read in turn, as a dashboard or a script reading many arrays does, beside one key read again and again.
const MANY_KEYS = 20_000;

/**
 * GETs of 1 KiB arrays from 16 keep-alive connections at once, in interleaved rounds: all of
 * one key, and 20 000 keys taken in turn.
 */
async function concurrentRequests(stack: Stack, client: Redis, small: Buffer): Promise<void> {
  await client.call("NP.SET", "bench1k", small);
  await storeCopies(client, "bench1k:", small, MANY_KEYS);
  const { port } = new URL(stack.url("/"));
  const connections = Array.from({ length: CONCURRENT_CONNECTIONS }, () => rawConnectionGet(Number(port)));
  const arrayPath = new URL(stack.arrayUrl("bench1k")).pathname;
  let nextFirst = 0;
  const expectOk = (status: number) => {
    if (status !== 200) throw new Error(`answered ${status}`);
  };
  const runs: Record<string, (connection: number) => Promise<void>> = {
    "one key": async (c) => expectOk(await connections[c].get(arrayPath)),
    "20 000 keys in turn": async (c) => expectOk(await connections[c].get(`${arrayPath}:${nextFirst++ % MANY_KEYS}`)),
  };
  const rates: Record<string, number[]> = { "one key": [], "20 000 keys in turn": [] };
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    for (const [name, one] of Object.entries(runs)) rates[name].push(await concurrentRate(CONCURRENT_CONNECTIONS, CONCURRENT_ROUND_MS, one));
  }
  connections.forEach((connection) => connection.close());
  await client.flushdb();
  console.log(`GET of 1 KiB arrays on ${CONCURRENT_CONNECTIONS} connections at once, requests/s, median of ${CONCURRENT_ROUNDS} interleaved rounds (range):`);
  for (const [name, values] of Object.entries(rates)) {
    console.log(`  ${name.padEnd(32)} ${figure(median(values))} (${figure(Math.min(...values))}–${figure(Math.max(...values))})`);
  }
}

/** Stores `count` copies of `bytes` named {prefix}{n}, in pipelines. */
async function storeCopies(client: Redis, prefix: string, bytes: Buffer, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const pipeline = client.pipeline();
    for (let i = start; i < Math.min(count, start + 1000); i++) pipeline.call("NP.SET", `${prefix}${i}`, bytes);
    await pipeline.exec();
  }
}

/** Stores `count` small arrays named list:{n}, in pipelines. */
async function storeMany(client: Redis, count: number, from: number): Promise<void> {
  const bytes = npy("np.arange(6, dtype='<f4').reshape(2, 3)");
  for (let start = from; start < count; start += 5000) {
    const pipeline = client.pipeline();
    for (let i = start; i < Math.min(count, start + 5000); i++) pipeline.call("NP.SET", `list:${i}`, bytes, ...(i % 4 === 0 ? ["EX", "100000"] : []));
    await pipeline.exec();
  }
}

/** Lists every array as the browse page does: a first page of 200, then pages of 1000, one after another. */
async function listAll(stack: Stack): Promise<number> {
  let cursor = "0";
  let rows = 0;
  do {
    const count = cursor === "0" ? 200 : 1000;
    const page = JSON.parse((await httpGet(stack.url(`/api/arrays?cursor=${encodeURIComponent(cursor)}&count=${count}`))).toString()) as ArrayListPage;
    rows += page.items.length;
    cursor = page.cursor;
  } while (cursor !== "0");
  return rows;
}

/** SCAN alone, straight from Redis, for comparison: the floor a listing cannot go below. */
async function scanAll(client: Redis): Promise<number> {
  let cursor = "0";
  let keys = 0;
  do {
    const [next, batch] = (await client.call("SCAN", cursor, "COUNT", 1000, "TYPE", "numpyarry")) as [string, string[]];
    keys += batch.length;
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

async function listing(stack: Stack, client: Redis): Promise<void> {
  let stored = 0;
  for (const count of [10_000, 100_000]) {
    await storeMany(client, count, stored);
    stored = count;
    const times: Record<string, number[]> = { api: [], scan: [] };
    await listAll(stack); // warm-up
    for (let round = 0; round < 5; round++) {
      let started = performance.now();
      const rows = await listAll(stack);
      times.api.push(performance.now() - started);
      if (rows !== count) throw new Error(`listed ${rows} of ${count} arrays`);
      started = performance.now();
      await scanAll(client);
      times.scan.push(performance.now() - started);
    }
    const target = count === 10_000 ? ` (target ≤ 250 ms: ${verdict(median(times.api) <= 250)})` : "";
    console.log(
      `list ${figure(count)} arrays over HTTP: median ${figure(median(times.api))} ms (${figure(Math.min(...times.api))}–${figure(Math.max(...times.api))}) of 5, ` +
        `SCAN alone ${figure(median(times.scan))} ms${target}`,
    );
  }
}

const stack = await startStack({ redis: { maxUploadBytes: 512 * MiB } });
try {
  const client = stack.redis.client();
  if (only.has("small")) await smallRequests(stack, client);
  if (only.has("list")) await listing(stack, client);
  if (only.has("big")) await bigTransfers(stack, client);
} finally {
  await stack.stop();
}

/** 1–3: 16 MiB download and upload vs NP.GET and NP.SET, and the app's RSS while it serves 256 MiB. */
async function bigTransfers(stack: Stack, client: Redis): Promise<void> {
  const array = npy(`np.random.default_rng(3).random(${(16 * MiB - 128) / 8})`);
  await client.call("NP.SET", "bench16", array);

  const { direct, http } = await compare(
    async () => {
      const bytes = (await client.callBuffer("NP.GET", "bench16")) as Buffer;
      if (bytes.length !== array.length) throw new Error("short NP.GET");
    },
    async () => {
      const bytes = await httpGet(stack.arrayUrl("bench16"));
      if (bytes.length !== array.length) throw new Error("short download");
    },
  );
  const { direct: set, http: put } = await compare(
    async () => {
      await client.call("NP.SET", "bench-up-direct", array);
    },
    async () => {
      const status = await httpPut(stack.arrayUrl("bench-up"), array);
      if (status >= 300) throw new Error(`PUT answered ${status}`);
    },
  );

  const big = npy(`np.zeros(${(256 * MiB - 128) / 8})`);
  await client.call("NP.SET", "bench256", big);
  const before = rssMiB(stack.app.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(stack.app.pid))), 20);
  const res = await fetch(stack.arrayUrl("bench256"));
  let received = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) received += chunk.byteLength;
  clearInterval(sampler);
  peak = Math.max(peak, rssMiB(stack.app.pid));
  if (received !== big.length) throw new Error(`256 MiB download ended at ${received} bytes`);

  const downRatio = direct / http;
  const upRatio = set / put;
  console.log(
    `16 MiB download: HTTP ${rate(array.length, http)} vs NP.GET ${rate(array.length, direct)} = ${(downRatio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(downRatio >= 0.5)})`,
  );
  console.log(
    `16 MiB upload:   HTTP ${rate(array.length, put)} vs NP.SET ${rate(array.length, set)} = ${(upRatio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(upRatio >= 0.5)})`,
  );
  console.log(
    `256 MiB download: Next RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB, growth ${(peak - before).toFixed(0)} MiB (target < 64 MiB: ${verdict(peak - before < 64)})`,
  );
}
