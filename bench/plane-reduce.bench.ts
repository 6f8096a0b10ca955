// Block reductions of a huge plane (issue 11): GET /api/arrays/{key}/plane?…&reduce=min,max,mean
// of a 16384×8192 float32 plane (512 MiB) in blocks of 16×8, timed to the first
// band and to the last byte, with Redis's own time for the commands it ran
// (INFO commandstats) and the bytes Redis sent per request. Two builds side by
// side on one Redis, in interleaved rounds: this checkout's and the one at
// BEFORE_ROOT (e.g. BEFORE_ROOT=/work/main, with its own `next build`), when given.
//
//   npx tsx bench/plane-reduce.bench.ts            (ROUNDS=5 by default)
//   BEFORE_ROOT=/path/to/other/checkout npx tsx bench/plane-reduce.bench.ts
import { runPython, startApp, startRedis, type TestApp } from "../tests/helpers";
import { seedFrames } from "./seed-frames";
import { median } from "./statistics";

const KEY = "bench:plane:16384x8192:f4";
const SHAPE = [16384, 8192];
const QUERY = "x=1&y=0&index=0,0&rows=0:16384:16&cols=0:8192:8&reduce=min,max,mean";
const ROUNDS = Number(process.env.ROUNDS ?? 5);

function seed(port: number): void {
  seedFrames(port, KEY, SHAPE);
  // The version is read once here, not in the first timed round.
  runPython(`import sys, redis; redis.Redis(port=${port}).execute_command("NP.ETAG", sys.argv[1])`, [KEY]);
}

interface Timing {
  firstBandMs: number;
  totalMs: number;
  bodyBytes: number;
}

async function timeReduction(app: TestApp): Promise<Timing> {
  const started = performance.now();
  const res = await fetch(`${app.url}/api/arrays/${encodeURIComponent(KEY)}/plane?${QUERY}`);
  if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
  const reader = res.body!.getReader();
  let firstBandMs = 0;
  let bodyBytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (bodyBytes === 0) firstBandMs = performance.now() - started;
    bodyBytes += chunk.value.length;
  }
  return { firstBandMs, totalMs: performance.now() - started, bodyBytes };
}

/** Microseconds Redis spent in each command so far, and the bytes it has sent. */
async function redisCounters(info: () => Promise<string>): Promise<{ usec: Map<string, number>; sent: number }> {
  const stats = await info();
  const usec = new Map<string, number>();
  for (const match of stats.matchAll(/cmdstat_([^:]+):calls=\d+,usec=(\d+)/g)) usec.set(match[1], Number(match[2]));
  const sent = Number(/total_net_output_bytes:(\d+)/.exec(stats)?.[1] ?? 0);
  return { usec, sent };
}

async function main(): Promise<void> {
  const redis = await startRedis({ notifyKeyspaceEvents: "", maxUploadBytes: 1 << 30 });
  const client = redis.client();
  const info = async () => `${await client.info("commandstats")}\n${await client.info("stats")}`;
  const builds: { name: string; app: TestApp }[] = [];
  try {
    console.log("seeding the 512 MiB plane with redis-py…");
    seed(redis.port);
    builds.push({ name: "this checkout", app: await startApp({ redisUrl: redis.url }) });
    if (process.env.BEFORE_ROOT)
      builds.unshift({ name: `before (${process.env.BEFORE_ROOT})`, app: await startApp({ redisUrl: redis.url, root: process.env.BEFORE_ROOT }) });
    const results = new Map(builds.map((b) => [b.name, [] as (Timing & { redisMs: number; redisSent: number })[]]));
    for (const { app } of builds) await timeReduction(app);
    for (let round = 0; round < ROUNDS; round++) {
      for (const { name, app } of builds) {
        const before = await redisCounters(info);
        const timing = await timeReduction(app);
        const after = await redisCounters(info);
        let redisUsec = 0;
        for (const [command, usec] of after.usec) if (command !== "info") redisUsec += usec - (before.usec.get(command) ?? 0);
        const row = { ...timing, redisMs: redisUsec / 1000, redisSent: after.sent - before.sent };
        results.get(name)!.push(row);
        console.log(
          `  round ${round + 1}, ${name}: first band ${row.firstBandMs.toFixed(0)} ms, all ${row.totalMs.toFixed(0)} ms, Redis busy ${row.redisMs.toFixed(0)} ms, sent ${(row.redisSent / 2 ** 20).toFixed(1)} MiB`,
        );
      }
    }
    console.log(`\n${QUERY} on ${SHAPE.join("×")} float32 (512 MiB), medians of ${ROUNDS} interleaved rounds:\n`);
    console.log("| build | first band | whole reply | Redis busy | Redis sent |\n|---|---|---|---|---|");
    for (const [name, rows] of results) {
      const m = (pick: (r: (typeof rows)[number]) => number) => median(rows.map(pick));
      console.log(
        `| ${name} | ${m((r) => r.firstBandMs).toFixed(0)} ms | ${m((r) => r.totalMs).toFixed(0)} ms | ${m((r) => r.redisMs).toFixed(0)} ms | ${(m((r) => r.redisSent) / 2 ** 20).toFixed(1)} MiB |`,
      );
    }
  } finally {
    for (const { app } of builds) await app.stop();
    await redis.stop();
  }
}

await main();
