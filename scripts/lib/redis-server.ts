// Starting, probing and stopping a redis-server with the numpy module loaded.
// Used by `npm start` (scripts/start.ts) and by the test helpers (tests/helpers),
// so both run Redis the same way.
//
//   const redis = await startRedisServer({ port: 6390, dir: "./data" });
//   redis.url            // "redis://127.0.0.1:6390"
//   await redis.stop();  // SHUTDOWN SAVE (or NOSAVE when persist is false), then waits for exit
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { createConnection, createServer, type AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { MODULE_PATH } from "./setup";

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN || "/usr/bin/redis-server";
// NUMPY_REDIS_MODULE points at another build of the module (an ASan build, say).
const DEFAULT_MODULE_PATH = process.env.NUMPY_REDIS_MODULE || MODULE_PATH;
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Asks the OS for a free TCP port on host. */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether nothing listens on host:port. */
function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once("error", () => resolveFree(false));
    server.listen(port, host, () => server.close(() => resolveFree(true)));
  });
}

function encodeCommand(args: (string | number)[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join("");
}

/**
 * Sends one command over a fresh connection and returns the raw reply text
 * (enough to read +PONG, -LOADING, MODULE LIST and CONFIG GET without a client library).
 * Resolves null when nothing answers.
 */
export function rawCommand(
  port: number,
  args: (string | number)[],
  { host = "127.0.0.1", timeoutMs = 2000, password }: { host?: string; timeoutMs?: number; password?: string } = {},
): Promise<string | null> {
  return new Promise((resolveReply) => {
    const socket = createConnection({ host, port });
    let reply = "";
    const finish = (value: string | null) => {
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
export type RedisProbe = null | { redis: false } | { redis: true; hasModule: boolean; dir: string | undefined };

export async function probeRedis(port: number, { host = "127.0.0.1" }: { host?: string } = {}): Promise<RedisProbe> {
  const pong = await rawCommand(port, ["PING"], { host });
  if (pong === null) return (await isPortFree(port, host)) ? null : { redis: false };
  if (!pong.startsWith("+PONG") && !pong.startsWith("-LOADING") && !pong.startsWith("-NOAUTH")) return { redis: false };
  const modules = (await rawCommand(port, ["MODULE", "LIST"], { host })) ?? "";
  const dirReply = (await rawCommand(port, ["CONFIG", "GET", "dir"], { host })) ?? "";
  const dir: string | undefined = dirReply.split("\r\n")[4];
  return { redis: true, hasModule: /\r\nnumpy\r\n/i.test(modules) || modules.includes("numpyarry"), dir };
}

/** Redis limits sized so one NP.SET of maxUploadBytes fits, with room for the command itself. */
function uploadLimits(maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES): Record<string, string> {
  const headroom = 16 * 1024 * 1024;
  const bulk = Math.max(512 * 1024 * 1024, maxUploadBytes + headroom);
  return { "proto-max-bulk-len": String(bulk), "client-query-buffer-limit": String(bulk + headroom) };
}

/** The redis-server arguments for our configuration (flags on the command line, no config file). */
interface ServerSettings {
  port: number;
  host: string;
  dir: string;
  modulePath: string | null;
  persist: boolean;
  maxUploadBytes?: number;
  notifyKeyspaceEvents: string;
  config: RedisConfig;
}

/** redis.conf settings by name; a list repeats the flag's values (rename-command CONFIG ""). */
export type RedisConfig = Record<string, string | string[]>;

function redisServerArgs({ port, host, dir, modulePath, persist, maxUploadBytes, notifyKeyspaceEvents, config }: ServerSettings): string[] {
  const settings: Record<string, string | string[] | undefined> = {
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
  const args: string[] = [];
  if (modulePath) args.push("--loadmodule", modulePath);
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    args.push(`--${name}`, ...(Array.isArray(value) ? value : [value]));
  }
  return args;
}

function logTail(dir: string, lines = 20): string {
  const path = join(dir, "redis.log");
  if (!existsSync(path)) return "";
  return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StartRedisOptions {
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Data directory (created). */
  dir: string;
  /** Default $NUMPY_REDIS_MODULE or redis-module/numpy_redis.so; null starts Redis without the module. */
  modulePath?: string | null;
  /** Default true: AOF (everysec) + RDB save points; false: nothing on disk. */
  persist?: boolean;
  /** Sizes proto-max-bulk-len and client-query-buffer-limit (default 512 MiB). */
  maxUploadBytes?: number;
  /** Default "KEA" (what the events stream needs); "" leaves them off. */
  notifyKeyspaceEvents?: string;
  /** Extra settings, e.g. { "rename-command": ["CONFIG", '""'] }. */
  config?: RedisConfig;
  /** Default 30000: how long it may stay silent (time spent loading data does not count). */
  startTimeoutMs?: number;
  /** "loaded" (default): until PING answers PONG; "listening": until it answers, LOADING included. */
  waitFor?: "loaded" | "listening";
}

export interface RunningRedis {
  host: string;
  port: number;
  url: string;
  dir: string;
  pid: number;
  child: ChildProcess;
  /** The exit code, or the signal's name when a signal ended the server. */
  exited: Promise<number | string>;
  /** SHUTDOWN SAVE (or NOSAVE), then waits for the exit; SIGKILL after timeoutMs. */
  stop(options?: { save?: boolean; timeoutMs?: number }): Promise<void>;
  /** The last lines of redis.log (default 20). */
  logTail(lines?: number): string;
}

/**
 * Starts redis-server and resolves once it answers PING (after loading its data,
 * however long that takes), or with waitFor "listening" as soon as it answers at all.
 */
export async function startRedisServer(options: StartRedisOptions): Promise<RunningRedis> {
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
  const exited = new Promise<number | string>((resolveExit) => {
    child.on("exit", (code, signal) => resolveExit(code ?? signal ?? -1));
    child.on("error", (error) => {
      stderr += error.message;
      resolveExit(-1);
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const silenceLimitMs = options.startTimeoutMs ?? 30_000;
  const answered = options.waitFor === "listening" ? /^[+-](PONG|LOADING)/ : /^\+PONG/;
  let deadline = Date.now() + silenceLimitMs;
  for (;;) {
    if (hasExited) {
      throw new Error(`redis-server on ${host}:${port} exited while starting.\n${stderr}${logTail(dir)}`.trimEnd());
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

  const stop = async ({ save = persist, timeoutMs = 30_000 }: { save?: boolean; timeoutMs?: number } = {}) => {
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
    // spawn failures surface through `exited` before this point, so the child has a pid.
    pid: child.pid!,
    child,
    exited,
    stop,
    logTail: (lines?: number) => logTail(dir, lines),
  };
}
