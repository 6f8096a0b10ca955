// Types for redis-server.mjs, so the TypeScript test helpers can import it.
import type { ChildProcess } from "node:child_process";

export declare const REDIS_SERVER: string;
export declare const DEFAULT_MAX_UPLOAD_BYTES: number;
export declare const DEFAULT_MODULE_PATH: string;

export declare function findFreePort(host?: string): Promise<number>;
export declare function isPortFree(port: number, host?: string): Promise<boolean>;
export declare function rawCommand(
  port: number,
  args: (string | number)[],
  options?: { host?: string; timeoutMs?: number; password?: string },
): Promise<string | null>;
export declare function probeRedis(
  port: number,
  options?: { host?: string },
): Promise<null | { redis: false } | { redis: true; hasModule: boolean; dir: string | undefined }>;
export declare function uploadLimits(maxUploadBytes?: number): Record<string, string>;

export interface StartRedisOptions {
  port?: number;
  host?: string;
  dir: string;
  modulePath?: string | null;
  persist?: boolean;
  maxUploadBytes?: number;
  notifyKeyspaceEvents?: string;
  config?: Record<string, string | string[]>;
  /** How long the server may stay silent while starting (loading data does not count). */
  startTimeoutMs?: number;
  /** "loaded" (default): resolve once PING answers PONG; "listening": once it answers at all, LOADING included. */
  waitFor?: "loaded" | "listening";
}

export interface RunningRedis {
  host: string;
  port: number;
  url: string;
  dir: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<number | string>;
  stop(options?: { save?: boolean; timeoutMs?: number }): Promise<void>;
  /** The last lines of redis.log (default 20). */
  logTail(lines?: number): string;
}

export declare function startRedisServer(options: StartRedisOptions): Promise<RunningRedis>;
