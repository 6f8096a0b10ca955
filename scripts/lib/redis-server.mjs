// Starting, probing and stopping a redis-server with the numpy module loaded.
// Used by `npm start` (scripts/start.mjs) and by the test helpers (tests/helpers),
// so both run Redis the same way.
//
//   const redis = await startRedisServer({ port: 6390, dir: "./data" });
//   redis.url            // "redis://127.0.0.1:6390"
//   await redis.stop();  // SHUTDOWN SAVE (or NOSAVE when persist is false), then waits for exit
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { join, resolve } from "node:path";
import { MODULE_PATH } from "./setup.mjs";

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN || "/usr/bin/redis-server";
// NUMPY_REDIS_MODULE points at another build of the module (an ASan build, say).
export const DEFAULT_MODULE_PATH = process.env.NUMPY_REDIS_MODULE || MODULE_PATH;
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Asks the OS for a free TCP port on host. */
export function findFreePort(host = "127.0.0.1") {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether nothing listens on host:port. */
export function isPortFree(port, host = "127.0.0.1") {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once("error", () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}

function encodeCommand(args) {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join("");
}

/**
 * Sends one command over a fresh connection and returns the raw reply text
 * (enough to read +PONG, -LOADING, MODULE LIST and CONFIG GET without a client library).
 * Resolves null when nothing answers.
 */
export function rawCommand(port, args, { host = "127.0.0.1", timeoutMs = 2000, password } = {}) {
  return new Promise((resolveReply) => {
    const socket = createConnection({ host, port });
    let reply = "";
    const finish = (value) => {
      socket.destroy();
      resolveReply(value);
    };
    const timer = setTimeout(() => finish(reply || null), timeoutMs);
    socket.on("connect", () => {
      if (password) socket.write(encodeCommand(["AUTH", password]));
      socket.write(encodeCommand(args));
      socket.write(encodeCommand(["QUIT"]));
    });
    socket.on("data", (chunk) => (reply += chunk.toString("latin1")));
    socket.on("error", () => {
      clearTimeout(timer);
      finish(reply || null);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      finish(reply || null);
    });
  });
}

/**
 * What listens on host:port: null when nothing does, else whether it is a Redis,
 * whether the numpy module is loaded there, and its data directory.
 */
export async function probeRedis(port, { host = "127.0.0.1" } = {}) {
  const pong = await rawCommand(port, ["PING"], { host });
  if (pong === null) return (await isPortFree(port, host)) ? null : { redis: false };
  if (!pong.startsWith("+PONG") && !pong.startsWith("-LOADING") && !pong.startsWith("-NOAUTH")) return { redis: false };
  const modules = (await rawCommand(port, ["MODULE", "LIST"], { host })) ?? "";
  const dirReply = (await rawCommand(port, ["CONFIG", "GET", "dir"], { host })) ?? "";
  const dir = dirReply.split("\r\n")[4];
  return { redis: true, hasModule: /\r\nnumpy\r\n/i.test(modules) || modules.includes("numpyarry"), dir };
}

/** Redis limits sized so one NP.SET of maxUploadBytes fits, with room for the command itself. */
export function uploadLimits(maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES) {
  const headroom = 16 * 1024 * 1024;
  const bulk = Math.max(512 * 1024 * 1024, maxUploadBytes + headroom);
  return { "proto-max-bulk-len": String(bulk), "client-query-buffer-limit": String(bulk + headroom) };
}

/** The redis-server arguments for our configuration (flags on the command line, no config file). */
export function redisServerArgs({ port, host, dir, modulePath, persist, maxUploadBytes, notifyKeyspaceEvents, config }) {
  const settings = {
    port: String(port),
    bind: host,
    dir,
    logfile: "redis.log",
    "notify-keyspace-events": notifyKeyspaceEvents,
    ...uploadLimits(maxUploadBytes),
    ...(persist
      ? {
          // AOF fsynced every second plus RDB snapshots: an acknowledged write survives a crash
          // of the process, and a restart loads quickly from the RDB preamble.
          appendonly: "yes",
          appendfsync: "everysec",
          save: "900 1 300 10 60 10000",
        }
      : { appendonly: "no", save: "" }),
    ...config,
  };
  const args = [];
  if (modulePath) args.push("--loadmodule", modulePath);
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    args.push(`--${name}`, ...values.map(String));
  }
  return args;
}

function logTail(dir, lines = 20) {
  const path = join(dir, "redis.log");
  if (!existsSync(path)) return "";
  return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts redis-server and resolves once it answers PING (after loading its data,
 * however long that takes), or with waitFor "listening" as soon as it answers at all.
 *
 * options:
 *   port                  default: a free port
 *   host                  default 127.0.0.1
 *   dir                   data directory (created); required
 *   modulePath            default $NUMPY_REDIS_MODULE or redis-module/numpy_redis.so; null starts Redis without the module
 *   persist               default true: AOF (everysec) + RDB save points; false: nothing on disk
 *   maxUploadBytes        sizes proto-max-bulk-len / client-query-buffer-limit (default 512 MiB)
 *   notifyKeyspaceEvents  default "KEA" (what the events stream needs); "" leaves them off
 *   config                extra settings, e.g. { "rename-command": ["CONFIG", '""'] }
 *   startTimeoutMs        default 30000: how long it may stay silent (time spent loading data does not count)
 *   waitFor               "loaded" (default): until PING answers PONG; "listening": until it answers, LOADING included
 *
 * Returns { host, port, url, dir, pid, child, exited, stop({ save }) , logTail(lines) }.
 * `exited` resolves with the exit code, or the signal's name when a signal ended the server.
 */
export async function startRedisServer(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await findFreePort(host));
  if (!options.dir) throw new Error("startRedisServer needs a data directory (options.dir)");
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const modulePath = options.modulePath === undefined ? DEFAULT_MODULE_PATH : options.modulePath;
  if (modulePath && !existsSync(modulePath)) {
    throw new Error(`the numpy module is not built: ${modulePath} is missing (run \`make -C redis-module\`)`);
  }
  const persist = options.persist ?? true;
  const args = redisServerArgs({
    port,
    host,
    dir,
    modulePath,
    persist,
    maxUploadBytes: options.maxUploadBytes,
    notifyKeyspaceEvents: options.notifyKeyspaceEvents ?? "KEA",
    config: options.config ?? {},
  });

  const child = spawn(REDIS_SERVER, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolveExit) => {
    child.on("exit", (code, signal) => resolveExit(code ?? signal));
    child.on("error", (error) => {
      stderr += error.message;
      resolveExit(-1);
    });
  });
  let hasExited = false;
  exited.then(() => (hasExited = true));

  const silenceLimitMs = options.startTimeoutMs ?? 30_000;
  const answered = options.waitFor === "listening" ? /^[+-](PONG|LOADING)/ : /^\+PONG/;
  let deadline = Date.now() + silenceLimitMs;
  for (;;) {
    if (hasExited) {
      throw new Error(
        `redis-server on ${host}:${port} exited while starting.\n${stderr}${logTail(dir)}`.trimEnd(),
      );
    }
    const reply = await rawCommand(port, ["PING"], { host, timeoutMs: 500 });
    if (reply && answered.test(reply)) break;
    // A big data set takes a while to load; only a server that says nothing is given up on.
    if (reply?.startsWith("-LOADING")) deadline = Date.now() + silenceLimitMs;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server on ${host}:${port} did not answer PING within the time limit.\n${logTail(dir)}`);
    }
    await sleep(50);
  }

  const stop = async ({ save = persist, timeoutMs = 30_000 } = {}) => {
    if (hasExited) return;
    await rawCommand(port, ["SHUTDOWN", save ? "SAVE" : "NOSAVE"], { host, timeoutMs: 1000 });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };

  return {
    host,
    port,
    url: `redis://${host}:${port}`,
    dir,
    pid: child.pid,
    child,
    exited,
    stop,
    logTail: (lines) => logTail(dir, lines),
  };
}
