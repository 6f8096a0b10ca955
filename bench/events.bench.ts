// Event fan-out under a burst: `npm run bench:events` (needs a Next build in $NEXT_DIST_DIR, default .next).
// 200 clients follow /api/events as the browse list does (apply events, list again on
// `resync`) while redis-py sends a burst of 10 000 writes to many keys. Measured:
//  1. /api/health latency while the burst is fanned out, p99 (target < 200 ms),
//     probed from a separate process so this one's work does not count;
//  2. growth of the Next process's RSS (target < 256 MiB);
//  3. every client ends with the array keys Redis has.
// BENCH_CLIENTS, BENCH_WRITES and BENCH_SEEDED (arrays there before the clients list) change the load.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { followArrayKeys, startStack, waitUntilFollowersMatch, writeBurst } from "../tests/helpers";
import { percentile } from "./statistics";

const CLIENTS = Number(process.env.BENCH_CLIENTS || 200);
const WRITES = Number(process.env.BENCH_WRITES || 10_000);
const KEYS = 4_000; // so most keys are written two or three times
const DELETE_EVERY = 10; // one command in ten is a DEL
const SEEDED_ARRAYS = Number(process.env.BENCH_SEEDED ?? 1_000); // there before the clients connect, so a re-list has something to list
const SETTLE_TIMEOUT_MS = 180_000;

const CLOCK_TICKS_PER_S = 100; // USER_HZ, as /proc reports CPU time on Linux

/** CPU time (user + system) the process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

const PROBE_PAUSE_MS = 20;
// Asks /api/health one request at a time and prints each latency in ms (a timeout counts as 60 000).
const PROBE_SCRIPT = `
const url = process.argv[1];
for (;;) {
  const started = performance.now();
  let ms;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(60000) });
    await res.arrayBuffer();
    ms = res.ok ? performance.now() - started : 60000;
  } catch { ms = 60000; }
  process.stdout.write(ms.toFixed(1) + "\\n");
  await new Promise((r) => setTimeout(r, ${PROBE_PAUSE_MS}));
}`;

function probeHealth(url: string): { latencies: number[]; stop(): void } {
  const child = spawn(process.execPath, ["--input-type=module", "-e", PROBE_SCRIPT, url], { stdio: ["ignore", "pipe", "inherit"] });
  const latencies: number[] = [];
  let partial = "";
  let lastAnswerAt = performance.now();
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) latencies.push(Number(line));
    lastAnswerAt = performance.now();
  });
  return {
    latencies,
    stop() {
      // A request still unanswered counts too, for at least as long as it has waited so far.
      const waiting = performance.now() - lastAnswerAt - PROBE_PAUSE_MS;
      if (waiting > 0) latencies.push(waiting);
      child.kill();
    },
  };
}

const verdict = (ok: boolean) => (ok ? "meets target" : "MISSES TARGET");

const stack = await startStack();
try {
  await writeBurst({ port: stack.redis.port, writes: SEEDED_ARRAYS, keys: SEEDED_ARRAYS, prefix: "seeded:" });
  await fetch(stack.url("/api/arrays?count=10")); // the first request loads the route's code
  const rssBefore = rssMiB(stack.app.pid);
  const followers = await Promise.all(Array.from({ length: CLIENTS }, () => followArrayKeys(stack.app.url)));
  await Promise.all(followers.map((f) => f.idle()));
  const rssWithClients = rssMiB(stack.app.pid);

  let rssPeak = rssWithClients;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(stack.app.pid))), 50);
  const probe = probeHealth(stack.url("/api/health"));
  while (probe.latencies.length === 0) await new Promise((r) => setTimeout(r, 20));
  probe.latencies.length = 0;
  const cpuBefore = cpuMs(stack.app.pid);
  const started = performance.now();
  await writeBurst({ port: stack.redis.port, writes: WRITES, keys: KEYS, deleteEvery: DELETE_EVERY });
  const burstMs = performance.now() - started;
  const { matching, expected } = await waitUntilFollowersMatch(followers, stack.redis.client(), SETTLE_TIMEOUT_MS);
  const settledMs = performance.now() - started;
  const appCpuMs = cpuMs(stack.app.pid) - cpuBefore;
  probe.stop();
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssMiB(stack.app.pid));
  followers.forEach((f) => f.close());

  const latencies = probe.latencies;
  const p99 = percentile(latencies, 99);
  const growth = rssPeak - rssBefore;
  const events = followers.reduce((n, f) => n + f.counts.events, 0);
  const resyncs = followers.reduce((n, f) => n + f.counts.resyncs, 0);
  const dropped = followers.filter((f) => f.ended).length;
  console.log(`${CLIENTS} event streams, burst of ${WRITES} writes (NP.SET, 1 in ${DELETE_EVERY} DEL) to ${KEYS} keys from redis-py`);
  console.log(
    `burst sent in ${burstMs.toFixed(0)} ms; every client consistent after ${settledMs.toFixed(0)} ms; the app used ${appCpuMs.toFixed(0)} ms of CPU meanwhile`,
  );
  console.log(
    `/api/health during the burst (${latencies.length} requests): p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (target p99 < 200 ms: ${verdict(p99 < 200)})`,
  );
  console.log(
    `Next RSS: ${rssBefore.toFixed(0)} MiB before the streams, ${rssWithClients.toFixed(0)} with them, peak ${rssPeak.toFixed(0)}: growth ${growth.toFixed(0)} MiB (target < 256 MiB: ${verdict(growth < 256)})`,
  );
  console.log(
    `messages per client: ${(events / CLIENTS).toFixed(0)} changes on average (vs ${WRITES} writes), ${resyncs} resyncs in all, ${dropped} clients dropped`,
  );
  console.log(`clients with exactly Redis's ${expected.size} array keys: ${matching} of ${CLIENTS} (${verdict(matching === CLIENTS)})`);
} finally {
  await stack.stop();
}
