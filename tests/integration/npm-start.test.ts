// `npm start` (scripts/start.mjs): its own Redis keeps data across restarts; bad settings are refused clearly.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { findFreePort, npy, ROOT, track } from "../helpers";

const dataDir = mkdtempSync(join(tmpdir(), "numpy-redis-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function runStart(env: Record<string, string>): Started {
  const child = track(
    spawn(process.execPath, [join(ROOT, "scripts/start.mjs")], {
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

it("refuses a non-loopback HOST without DASHBOARD_TOKEN", async () => {
  const started = runStart({ HOST: "0.0.0.0", PORT: String(await findFreePort()), REDIS_PORT: String(await findFreePort()), DATA_DIR: dataDir });
  expect(await started.exited).toBe(1);
  expect(started.output()).toContain("needs a login token");
  expect(started.output()).toContain("DASHBOARD_TOKEN=");
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
