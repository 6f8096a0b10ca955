// A real redis-server with the numpy module on a free port in a temp dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { startRedisServer, findFreePort } from "../../scripts/lib/redis-server";
import { track } from "./processes";

export { findFreePort };

export interface RedisOptions {
  /** The port to listen on (default: a free one), e.g. to restart a server where an app expects it. */
  port?: number;
  /** Load the numpy module (default true). */
  withModule?: boolean;
  /** Sizes proto-max-bulk-len and client-query-buffer-limit for this upload limit. */
  maxUploadBytes?: number;
  /** notify-keyspace-events at start (default "KEA"; "" leaves them off). */
  notifyKeyspaceEvents?: string;
  /** Extra redis-server settings, e.g. { "rename-command": ["CONFIG", '""'] }. */
  config?: Record<string, string | string[]>;
  /** Keep AOF + RDB in the temp dir (default false: nothing on disk). */
  persist?: boolean;
}

export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  pid: number;
  /** A new ioredis client on this server (closed by stop()). */
  client(): Redis;
  /** Shuts the server down, closes clients made by client(), removes the temp dir. */
  stop(): Promise<void>;
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "numpy-redis-test-redis-"));
  const server = await startRedisServer({
    port: options.port,
    dir,
    modulePath: options.withModule === false ? null : undefined,
    persist: options.persist ?? false,
    maxUploadBytes: options.maxUploadBytes,
    notifyKeyspaceEvents: options.notifyKeyspaceEvents,
    config: options.config,
  });
  track(server.child);
  const clients: Redis[] = [];
  return {
    port: server.port,
    url: server.url,
    dir,
    pid: server.pid,
    client() {
      const c = new Redis(server.url, { maxRetriesPerRequest: 1 });
      clients.push(c);
      return c;
    },
    async stop() {
      clients.forEach((c) => c.disconnect());
      await server.stop({ save: false });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
