// Arrays in motion: `npm run bench:motion` (needs a Next build in $NEXT_DIST_DIR, default .next).
//  1. 8 HTTP readers download a 16 MiB key for BENCH_SECONDS (30) while a writer rewrites it
//     about 3 times a second: how many downloads complete, each exactly one version, and at
//     what rate, against the same readers on a key nobody writes (target: every one complete)
//  2. 4 parallel 256 MiB uploads with Transfer-Encoding: chunked (no Content-Length): growth of
//     the app's RSS (target: far below the 1 GiB sent; it grew 2.6 GiB when bodies were held)
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { npy, startStack, VersionedArray } from "../tests/helpers";
import { httpGet } from "./http-client";

const MiB = 1024 * 1024;
const SECONDS = Number(process.env.BENCH_SECONDS || 30);
const READERS = 8;
const REWRITE_EVERY_MS = 330;

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ReadRun {
  complete: number;
  failed: number;
  mixed: number;
  bytes: number;
  /** The first few reasons a download was not one whole version. */
  reasons: string[];
}

/** READERS clients downloading `url` back to back for SECONDS. */
async function readFor(url: string, array: VersionedArray): Promise<ReadRun> {
  const run: ReadRun = { complete: 0, failed: 0, mixed: 0, bytes: 0, reasons: [] };
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: READERS }, async () => {
      while (Date.now() < until) {
        try {
          const body = await httpGet(url);
          const wrong = array.mismatch(body);
          if (wrong && run.reasons.length < 3) run.reasons.push(wrong);
          if (wrong) run.mixed++;
          else run.complete++;
          run.bytes += body.length;
        } catch (error) {
          if (run.reasons.length < 3) run.reasons.push((error as Error).message);
          run.failed++;
        }
      }
    }),
  );
  return run;
}

function putChunked(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT" }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", reject);
    const sendFrom = (at: number) => {
      for (; at < body.length; at += MiB) {
        if (!req.write(body.subarray(at, at + MiB))) return void req.once("drain", () => sendFrom(at + MiB));
      }
      req.end();
    };
    sendFrom(0);
  });
}

const describe = (run: ReadRun) =>
  `${run.complete} of ${run.complete + run.failed + run.mixed} complete (${run.failed} cut short, ${run.mixed} not one version), ` +
  `${(run.bytes / MiB / SECONDS).toFixed(0)} MiB/s in all${run.reasons.length ? `; e.g. ${run.reasons.join("; ")}` : ""}`;

const stack = await startStack({ redis: { maxUploadBytes: 512 * MiB } });
try {
  const client = stack.redis.client();
  const array = new VersionedArray(16 * MiB);
  await client.call("NP.SET", "still", array.version(1));
  const still = await readFor(stack.arrayUrl("still"), array);
  console.log(`still key:     ${describe(still)}`);

  let writes = 1;
  await client.call("NP.SET", "frame:latest", array.version(writes));
  let writing = true;
  const writer = (async () => {
    while (writing) {
      const started = Date.now();
      await client.call("NP.SET", "frame:latest", array.version(++writes));
      await pause(REWRITE_EVERY_MS - (Date.now() - started));
    }
  })();
  const moving = await readFor(stack.arrayUrl("frame:latest"), array);
  writing = false;
  await writer;
  console.log(`rewritten key: ${describe(moving)}; ${(writes / SECONDS).toFixed(1)} rewrites/s`);

  const uploads = [0, 1, 2, 3].map((i) => npy(`np.full(${(256 * MiB - 128) / 8}, ${i}.5)`));
  const before = rssMiB(stack.app.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(stack.app.pid))), 20);
  const statuses = await Promise.all(uploads.map((body, i) => putChunked(stack.arrayUrl(`chunked:${i}`), body)));
  clearInterval(sampler);
  for (let i = 0; i < uploads.length; i++) {
    if (!((await client.callBuffer("NP.GET", `chunked:${i}`)) as Buffer).equals(uploads[i])) throw new Error(`chunked:${i} was not stored exactly`);
  }
  console.log(
    `4 × 256 MiB chunked uploads: ${statuses.join(", ")}; app RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB (growth ${(peak - before).toFixed(0)} MiB)`,
  );
} catch (error) {
  console.error(stack.app.output().slice(-3000));
  throw error;
} finally {
  await stack.stop();
}
