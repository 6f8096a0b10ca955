// Where the time of one 4 MiB plane Range goes (issue 11): the app's GET with
// Range (time to its headers, to its end, how many chunks) against NP.SNAPSHOT
// of the same span straight from Redis (a bare socket, ioredis) and curl of the
// app, in interleaved rounds. BENCH_TREES=.next-main,.next compares two builds
// of the app on one Redis.
// Run: NUMPY_REDIS_PYTHON=/usr/bin/python3 NEXT_DIST_DIR=.next npx tsx bench/range-split.bench.ts
import { execFileSync } from "node:child_process";
import { request } from "node:http";
import { connect } from "node:net";
import { npy, startApp, startRedis, type TestApp } from "../tests/helpers";
import { encodeKeySegment } from "../lib/key-segment";
import { median } from "./statistics";

const MiB = 1024 * 1024;
const FRAMES = 8;
const FRAME_BYTES = 4 * MiB;
const ROUNDS = Number(process.env.ROUNDS ?? 12);
const TREES = (process.env.BENCH_TREES ?? process.env.NEXT_DIST_DIR ?? ".next").split(",");

const redis = await startRedis({ maxUploadBytes: 512 * MiB });
const apps: TestApp[] = [];
for (const distDir of TREES) apps.push(await startApp({ redisUrl: redis.url, distDir }));
const key = "bench/stack";
const body = npy(`np.random.default_rng(0).random((${FRAMES}, 1024, 1024), dtype=np.float32)`);
const headerBytes = 10 + body.readUInt16LE(8);
const ioredis = redis.client();
await ioredis.callBuffer("NP.SET", key, body);
const redisPort = Number(new URL(redis.url).port);

function span(frame: number): [number, number] {
  const start = headerBytes + frame * FRAME_BYTES;
  return [start, start + FRAME_BYTES - 1];
}

interface Split {
  firstByte: number;
  total: number;
  chunks: number;
}

/** The app's GET with Range: time to the response's headers, and to its end. */
function appRange(app: TestApp, frame: number): Promise<Split> {
  const [a, b] = span(frame);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(`${app.url}/api/arrays/${encodeKeySegment(key)}`, { headers: { Range: `bytes=${a}-${b}` } }, (res) => {
      const firstByte = performance.now() - started;
      let chunks = 0;
      let length = 0;
      res.on("data", (chunk: Buffer) => {
        chunks++;
        length += chunk.length;
      });
      res.on("end", () => {
        if (length !== FRAME_BYTES) reject(new Error(`got ${length} bytes`));
        resolve({ firstByte, total: performance.now() - started, chunks });
      });
    })
      .on("error", reject)
      .end();
  });
}

/** NP.SNAPSHOT of the same span on a bare socket: Redis and loopback alone. */
function bareSnapshot(frame: number): Promise<Split> {
  const [a, b] = span(frame);
  const args = ["NP.SNAPSHOT", key, String(a), String(b)];
  const command = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = connect(redisPort, "127.0.0.1", () => {
      const started = performance.now();
      let firstByte = 0;
      let received = 0;
      let chunks = 0;
      socket.on("data", (data: Buffer) => {
        if (chunks++ === 0) firstByte = performance.now() - started;
        received += data.length;
        // The frame plus at least its reply's framing ("*3", the length, "$4194304", CRLFs).
        if (received >= FRAME_BYTES + 20) {
          resolve({ firstByte, total: performance.now() - started, chunks });
          socket.destroy();
        }
      });
      socket.write(command);
    });
    socket.on("error", reject);
  });
}

async function ioredisSnapshot(frame: number): Promise<Split> {
  const [a, b] = span(frame);
  const started = performance.now();
  await ioredis.callBuffer("NP.SNAPSHOT", key, a, b);
  return { firstByte: NaN, total: performance.now() - started, chunks: 1 };
}

function curlRange(app: TestApp, frame: number): Split {
  const [a, b] = span(frame);
  const url = `${app.url}/api/arrays/${encodeKeySegment(key)}`;
  const out = execFileSync("curl", ["-s", "-o", "/dev/null", "-r", `${a}-${b}`, "-w", "%{time_starttransfer} %{time_total}", url], { encoding: "utf8" });
  const [firstByte, total] = out.split(" ").map((seconds) => Number(seconds) * 1000);
  return { firstByte, total, chunks: NaN };
}

const ways: Record<string, (frame: number) => Split | Promise<Split>> = { "NP.SNAPSHOT bare": bareSnapshot, "NP.SNAPSHOT ioredis": ioredisSnapshot };
for (const [i, app] of apps.entries()) {
  ways[`app ${TREES[i]}`] = (frame) => appRange(app, frame);
  ways[`curl ${TREES[i]}`] = (frame) => curlRange(app, frame);
}
const results: Record<string, Split[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (const way of Object.values(ways)) await way(0); // warm up
await ioredis.call("CONFIG", "RESETSTAT");
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, way] of Object.entries(ways)) results[name].push(await way(round % FRAMES));
}
const stats = (await ioredis.call("INFO", "commandstats")) as string;
console.log(`load: ${execFileSync("uptime", { encoding: "utf8" }).trim()}`);
console.log(
  `Redis: ${stats
    .split("\n")
    .find((line) => line.includes("np.snapshot"))
    ?.trim()}`,
);
console.log(`one 4 MiB Range, median of ${ROUNDS} interleaved rounds (ms):`);
for (const [name, splits] of Object.entries(results)) {
  const figure = (pick: (split: Split) => number) => median(splits.map(pick)).toFixed(1);
  console.log(
    `  ${name.padEnd(22)} first byte ${figure((s) => s.firstByte).padStart(5)}  total ${figure((s) => s.total).padStart(5)}  chunks ${figure((s) => s.chunks).padStart(4)}  (totals ${splits.map((s) => s.total.toFixed(0)).join(" ")})`,
  );
}
for (const app of apps) await app.stop();
await redis.stop();
