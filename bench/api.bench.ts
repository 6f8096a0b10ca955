// API throughput and memory: `npm run bench:api` (needs a Next build in $NEXT_DIST_DIR, default .next).
//  1. download a 16 MiB array over HTTP vs NP.GET straight from Redis (target ≥ 50%)
//  2. upload it over HTTP vs NP.SET (target ≥ 50%)
//  3. growth of the Next process's RSS while it serves a 256 MiB array (target < 64 MiB)
import { readFileSync } from "node:fs";
import { npy, startStack } from "../tests/helpers";
import { httpGet, httpPut } from "./http-client";

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

const rate = (bytes: number, ms: number) => `${((bytes / MiB) / (ms / 1000)).toFixed(0)} MiB/s`;
const verdict = (ok: boolean) => (ok ? "meets target" : "BELOW TARGET");

const stack = await startStack({ redis: { maxUploadBytes: 512 * MiB } });
try {
  const client = stack.redis.client();
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
  console.log(`16 MiB download: HTTP ${rate(array.length, http)} vs NP.GET ${rate(array.length, direct)} = ${(downRatio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(downRatio >= 0.5)})`);
  console.log(`16 MiB upload:   HTTP ${rate(array.length, put)} vs NP.SET ${rate(array.length, set)} = ${(upRatio * 100).toFixed(0)}% (target ≥ 50%: ${verdict(upRatio >= 0.5)})`);
  console.log(`256 MiB download: Next RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB, growth ${(peak - before).toFixed(0)} MiB (target < 64 MiB: ${verdict(peak - before < 64)})`);
} finally {
  await stack.stop();
}
