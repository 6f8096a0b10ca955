// `npm start`: set everything up, start a Redis with the numpy module (unless
// REDIS_URL or REDIS_CLUSTER_NODES names one), then serve the dashboard.
// Ctrl-C or SIGTERM stops both; Redis saves first. If our redis-server dies it is
// started again while the app keeps serving (503 meanwhile); if the app dies, Redis is stopped.
import { spawn } from "node:child_process";
import { resolve, join } from "node:path";
import { ROOT, buildApp, buildModule, ensureSystemPackages } from "./lib/setup";
import { DEFAULT_MAX_UPLOAD_BYTES, probeRedis } from "./lib/redis-server";
import { superviseRedisServer, type SupervisedRedis } from "./lib/redis-supervisor";
import { dashboardTokenProblem, isLoopbackHostname } from "../lib/access-rules.mjs";

function fail(message: string): never {
  console.error(`\nnpm start: ${message}`);
  process.exit(1);
}

interface Settings {
  host: string;
  port: number;
  redisPort: number;
  maxUpload: number;
  dataDir: string;
  distDir: string;
  externalRedis: boolean;
}

interface OwnRedis {
  url: string;
  /** Ours to stop on exit; absent when an earlier run's Redis was reused. */
  server?: SupervisedRedis;
}

function settings(): Settings {
  const env = process.env;
  const host = env.HOST || "127.0.0.1";
  const port = Number(env.PORT || 3000);
  const redisPort = Number(env.REDIS_PORT || 6390);
  const maxUpload = env.MAX_UPLOAD_BYTES ? Number(env.MAX_UPLOAD_BYTES) : DEFAULT_MAX_UPLOAD_BYTES;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT must be a TCP port number, not "${env.PORT}"`);
  if (!Number.isInteger(redisPort) || redisPort <= 0 || redisPort > 65535) fail(`REDIS_PORT must be a TCP port number, not "${env.REDIS_PORT}"`);
  if (!Number.isSafeInteger(maxUpload) || maxUpload <= 0) fail(`MAX_UPLOAD_BYTES must be a positive number of bytes, not "${env.MAX_UPLOAD_BYTES}"`);
  const commandTimeout = Number(env.REDIS_COMMAND_TIMEOUT_MS || 3000);
  if (!Number.isSafeInteger(commandTimeout) || commandTimeout <= 0) {
    fail(`REDIS_COMMAND_TIMEOUT_MS must be a positive whole number of milliseconds, not "${env.REDIS_COMMAND_TIMEOUT_MS}"`);
  }
  if (!isLoopbackHostname(host) && !env.DASHBOARD_TOKEN) {
    fail(
      `HOST=${host} makes the dashboard reachable from other machines, so it needs a login token.\n` +
        `Set one, e.g.:  DASHBOARD_TOKEN=$(openssl rand -hex 24) HOST=${host} npm start`,
    );
  }
  const tokenProblem = env.DASHBOARD_TOKEN ? dashboardTokenProblem(env.DASHBOARD_TOKEN) : null;
  if (tokenProblem) fail(tokenProblem);
  return {
    host,
    port,
    redisPort,
    maxUpload,
    dataDir: resolve(ROOT, env.DATA_DIR || "data"),
    distDir: env.NEXT_DIST_DIR || ".next",
    externalRedis: Boolean(env.REDIS_URL || env.REDIS_CLUSTER_NODES),
  };
}

/**
 * Our own Redis: started here, or — when a Redis with the module and the same
 * data directory already answers on the port (left by an earlier run) — reused
 * and left running on exit. Anything else on the port is refused.
 */
async function ownRedis({ redisPort, dataDir, maxUpload }: Settings): Promise<OwnRedis> {
  const found = await probeRedis(redisPort);
  if (found) {
    if (found.redis && found.hasModule && found.dir === dataDir) {
      console.log(
        `[start] reusing the Redis with the numpy module already running on 127.0.0.1:${redisPort} (data in ${dataDir}); it keeps running after exit`,
      );
      return { url: `redis://127.0.0.1:${redisPort}` };
    }
    const what = found.redis ? `another Redis${found.hasModule ? ` (data in ${found.dir})` : " without the numpy module"}` : "a program that is not Redis";
    fail(
      `port ${redisPort} is taken by ${what}. Stop it, or pick another port with REDIS_PORT=6391 npm start, ` +
        `or use that server with REDIS_URL=redis://127.0.0.1:${redisPort} npm start`,
    );
  }
  console.log(`[start] redis-server on 127.0.0.1:${redisPort}, data in ${dataDir}`);
  try {
    const server = await superviseRedisServer({ port: redisPort, dir: dataDir, persist: true, maxUploadBytes: maxUpload });
    return { url: server.url, server };
  } catch (error) {
    fail((error as Error).message);
  }
}

async function main() {
  const config = settings();
  try {
    ensureSystemPackages("start");
    buildModule();
    buildApp(config.distDir);
  } catch (error) {
    fail((error as Error).message);
  }

  const redis = config.externalRedis ? null : await ownRedis(config);
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: config.host,
    PORT: String(config.port),
    NEXT_DIST_DIR: config.distDir,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (redis) appEnv.REDIS_URL = redis.url;
  else console.log(`[start] using ${process.env.REDIS_CLUSTER_NODES ? `the Redis Cluster at ${process.env.REDIS_CLUSTER_NODES}` : "the Redis at REDIS_URL"}`);

  const app = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts/lib/app-server.ts")], { cwd: ROOT, env: appEnv, stdio: "inherit" });
  let stopping = false;

  async function stopAll(exitCode: number, reason: string | null) {
    if (stopping) return;
    stopping = true;
    if (reason) console.error(`[start] ${reason}`);
    if (app.exitCode === null && app.signalCode === null) {
      app.kill("SIGTERM");
      await new Promise<void>((done) => {
        const timer = setTimeout(() => {
          app.kill("SIGKILL");
          done();
        }, 5000);
        app.once("exit", () => {
          clearTimeout(timer);
          done();
        });
      });
    }
    if (redis?.server) {
      console.log("[start] stopping Redis (saving data)");
      await redis.server.stop({ save: true });
    }
    process.exit(exitCode);
  }

  app.once("exit", (code, signal) => {
    const reason = stopping ? null : `the app server exited (${signal ?? `status ${code}`}); stopping Redis`;
    void stopAll(code === 0 ? 0 : 1, reason);
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => void stopAll(0, null));
}

await main();
