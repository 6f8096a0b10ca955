// `npm start` (scripts/run.mjs start → scripts/start.ts): its own Redis keeps data across restarts and is started
// again when it dies; bad settings are refused clearly.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { rawCommand } from "../../scripts/lib/redis-server";
import { findFreePort, npy, ROOT, track, jsonBody } from "../helpers";

const dataDir = mkdtempSync(join(tmpdir(), "numpy-redis-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function runStart(env: Record<string, string>): Started {
  const child = track(
    spawn(process.execPath, [join(ROOT, "scripts/run.mjs"), "start"], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: "", REDIS_CLUSTER_NODES: "", DASHBOARD_TOKEN: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitHealthy(url: string, started: Started) {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited early:\n${started.output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`npm start never became healthy:\n${started.output()}`);
}

it("keeps arrays across a SIGTERM and a restart", async () => {
  const env = { REDIS_PORT: String(await findFreePort()), PORT: String(await findFreePort()), DATA_DIR: dataDir };
  const url = `http://127.0.0.1:${env.PORT}`;
  const bytes = npy("np.linspace(0, 1, 1000).reshape(10, 100)");

  const first = runStart(env);
  await waitHealthy(url, first);
  expect(first.output()).toContain(`http://127.0.0.1:${env.PORT}`);
  expect((await fetch(`${url}/api/arrays/kept`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> })).status).toBe(201);
  first.child.kill("SIGTERM");
  expect(await first.exited).toBe(0);
  // Both servers are gone: nothing answers on either port.
  await expect(fetch(`${url}/api/health`)).rejects.toThrow();

  const second = runStart(env);
  await waitHealthy(url, second);
  const res = await fetch(`${url}/api/arrays/kept`);
  expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  second.child.kill("SIGTERM");
  expect(await second.exited).toBe(0);
});

/** The pid of the redis-server answering on port, from INFO server. */
async function redisPid(port: string): Promise<number> {
  const info = await rawCommand(Number(port), ["INFO", "server"]);
  return Number(/process_id:(\d+)/.exec(info ?? "")?.[1]);
}

it("starts its redis-server again after a SIGKILL, answering 503 meanwhile, with every acknowledged array intact", async () => {
  const env = { REDIS_PORT: String(await findFreePort()), PORT: String(await findFreePort()), DATA_DIR: dataDir };
  const url = `http://127.0.0.1:${env.PORT}`;
  const started = runStart(env);
  await waitHealthy(url, started);
  // Written right before the kill: acknowledged means in the AOF file, which a killed process does not take along.
  const arrays = Array.from({ length: 8 }, (_, i) => npy(`np.random.default_rng(${i}).random(${1000 * (i + 1)})`));
  for (const [i, bytes] of arrays.entries()) {
    expect((await fetch(`${url}/api/arrays/survivor:${i}`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> })).status).toBe(201);
  }
  const killed = await redisPid(env.REDIS_PORT);
  process.kill(killed, "SIGKILL");

  const outages: string[] = [];
  await expect
    .poll(
      async () => {
        const res = await fetch(`${url}/api/health`);
        if (res.status === 503) outages.push((await jsonBody(res)).error);
        return res.status;
      },
      { timeout: 60_000, interval: 50 },
    )
    .toBe(200);
  expect(outages.length).toBeGreaterThan(0);
  for (const reason of outages) expect(reason).toMatch(/^cannot reach Redis at 127\.0\.0\.1:\d+|^Redis is loading its data/);
  expect(await redisPid(env.REDIS_PORT)).not.toBe(killed);
  expect(started.output()).toContain(`redis-server (pid ${killed}) was killed by SIGKILL`);
  expect(started.output()).toContain("starting redis-server again in 0.5 s");
  expect(started.output()).toContain("redis-server is back");

  for (const [i, bytes] of arrays.entries()) {
    const res = await fetch(`${url}/api/arrays/survivor:${i}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  }
  started.child.kill("SIGTERM");
  expect(await started.exited).toBe(0);
});

/** The AOF file Redis appends to now (the incr file with the highest sequence number). */
function currentIncrAof(dir: string): string {
  const appendDir = join(dir, "appendonlydir");
  const sequence = (name: string) => Number(/\.(\d+)\.incr\.aof$/.exec(name)?.[1] ?? -1);
  const newest = readdirSync(appendDir)
    .filter((name) => sequence(name) >= 0)
    .sort((a, b) => sequence(a) - sequence(b))
    .pop();
  if (!newest) throw new Error(`no incr AOF file in ${appendDir}`);
  return join(appendDir, newest);
}

it("says so plainly when its redis-server keeps dying at startup, and recovers once the data is repaired", async () => {
  const ownDir = mkdtempSync(join(tmpdir(), "numpy-redis-start-damaged-"));
  try {
    const env = { REDIS_PORT: String(await findFreePort()), PORT: String(await findFreePort()), DATA_DIR: ownDir };
    const url = `http://127.0.0.1:${env.PORT}`;
    const started = runStart(env);
    await waitHealthy(url, started);
    const bytes = npy("np.eye(4)");
    expect((await fetch(`${url}/api/arrays/before-damage`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> })).status).toBe(201);
    const aof = currentIncrAof(ownDir);
    const intact = readFileSync(aof);
    appendFileSync(aof, "not a command\r\n");
    process.kill(await redisPid(env.REDIS_PORT), "SIGKILL");

    await expect.poll(started.output, { timeout: 60_000, interval: 200 }).toContain("has died 3 times in a row");
    expect(started.output()).toContain("redis-server did not start again");
    expect(started.output()).toContain("Bad file format reading the append only file");
    expect((await fetch(`${url}/api/health`)).status).toBe(503);

    writeFileSync(aof, intact);
    await waitHealthy(url, started);
    expect(Buffer.from(await (await fetch(`${url}/api/arrays/before-damage`)).arrayBuffer()).equals(bytes)).toBe(true);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
  } finally {
    rmSync(ownDir, { recursive: true, force: true });
  }
});

it("refuses a non-loopback HOST without DASHBOARD_TOKEN", async () => {
  const started = runStart({ HOST: "0.0.0.0", PORT: String(await findFreePort()), REDIS_PORT: String(await findFreePort()), DATA_DIR: dataDir });
  expect(await started.exited).toBe(1);
  expect(started.output()).toContain("needs a login token");
  expect(started.output()).toContain("DASHBOARD_TOKEN=");
});

it("refuses a DASHBOARD_TOKEN too short to resist guessing", async () => {
  const started = runStart({ DASHBOARD_TOKEN: "hunter2", PORT: String(await findFreePort()), REDIS_PORT: String(await findFreePort()), DATA_DIR: dataDir });
  expect(await started.exited).toBe(1);
  expect(started.output()).toContain("DASHBOARD_TOKEN is 7 characters long; use at least 16");
});

it("refuses a REDIS_PORT taken by something that is not our Redis", async () => {
  const blocker = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
  const port = await findFreePort();
  await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
  try {
    const started = runStart({ REDIS_PORT: String(port), PORT: String(await findFreePort()), DATA_DIR: dataDir });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain(`port ${port} is taken by a program that is not Redis`);
  } finally {
    blocker.close();
  }
});
