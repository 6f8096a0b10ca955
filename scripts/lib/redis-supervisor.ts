// Keeps `npm start`'s own redis-server running. When it dies it is started again
// on the same port with the same data folder (AOF + RDB, so nothing it acknowledged
// is lost), after a pause that doubles while it keeps dying, and every death is
// logged with its cause and Redis's last log lines. The dashboard stays up and
// answers 503 with the reason meanwhile.
//
//   const redis = await superviseRedisServer({ port: 6390, dir: "./data" });
//   redis.url             // "redis://127.0.0.1:6390"
//   await redis.stop();   // no more restarts; SHUTDOWN SAVE
import { startRedisServer, type RunningRedis, type StartRedisOptions } from "./redis-server";

const RESTART_DELAYS = {
  firstMs: 500,
  maxMs: 30_000,
  // Up this long without dying: the next death is a new incident, restarted after firstMs again.
  stableAfterMs: 60_000,
};
// This many deaths in a row, each before stableAfterMs: say plainly that it is stuck.
const STUCK_AFTER_DEATHS = 3;
const LOG_LINES = 10;

/** "was killed by SIGKILL" / "exited with status 1", from startRedisServer's `exited` value. */
function describeExit(status: number | string): string {
  return typeof status === "string" ? `was killed by ${status}` : `exited with status ${status}`;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const indented = (text: string) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

export interface SupervisedRedis {
  url: string;
  /** No more restarts; SHUTDOWN SAVE (or NOSAVE). */
  stop(options?: { save?: boolean }): Promise<void>;
}

/**
 * Starts redis-server with startRedisServer's options; a failure of this first
 * start is thrown (the caller reports it and exits). From then on the server is
 * restarted whenever it dies, until stop().
 */
export async function superviseRedisServer(
  options: StartRedisOptions,
  { log = console.error, delays = RESTART_DELAYS }: { log?: (message: string) => void; delays?: typeof RESTART_DELAYS } = {},
): Promise<SupervisedRedis> {
  const firstStartedAt = Date.now();
  let current = await startRedisServer(options);
  let stopping = false;
  let nextDelayMs = delays.firstMs;
  let deathsInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  function watch(server: RunningRedis, startedAt: number) {
    void server.exited.then((status) => {
      if (stopping) return;
      const upMs = Date.now() - startedAt;
      if (upMs >= delays.stableAfterMs) {
        nextDelayMs = delays.firstMs;
        deathsInARow = 0;
      }
      const death = `redis-server (pid ${server.pid}) ${describeExit(status)} after ${seconds(upMs)}`;
      scheduleRestart(`${death}. Last lines of its log:\n${indented(server.logTail(LOG_LINES))}`);
    });
  }

  function scheduleRestart(why: string) {
    deathsInARow += 1;
    const delayMs = nextDelayMs;
    nextDelayMs = Math.min(nextDelayMs * 2, delays.maxMs);
    log(`[start] ${why}\n[start] starting redis-server again in ${seconds(delayMs)}; the dashboard answers 503 until it is back`);
    if (deathsInARow >= STUCK_AFTER_DEATHS) {
      log(
        `[start] redis-server has died ${deathsInARow} times in a row, each within ${seconds(delays.stableAfterMs)} of starting; ` +
          `it keeps being started again (at most ${seconds(delays.maxMs)} apart) until it stays up. The log lines above say why; ` +
          `damaged data in ${options.dir} can be checked with redis-check-aof or redis-check-rdb`,
      );
    }
    restartTimer = setTimeout(() => {
      restarting = restart();
    }, delayMs);
  }

  async function restart() {
    const startedAt = Date.now();
    try {
      current = await startRedisServer(options);
    } catch (error) {
      if (!stopping) scheduleRestart(`redis-server did not start again: ${indented((error as Error).message).trimStart()}`);
      return;
    }
    log(`[start] redis-server is back (pid ${current.pid}) on ${current.url}`);
    watch(current, startedAt);
  }

  watch(current, firstStartedAt);
  return {
    url: current.url,
    async stop({ save = true } = {}) {
      stopping = true;
      clearTimeout(restartTimer);
      await restarting;
      await current.stop({ save });
    },
  };
}
