import "server-only";
import { clusterSettingsFromEnv, type ClusterSettings } from "./cluster";

/** How the app reaches Redis: one server by URL, or a Redis Cluster by seed nodes. */
export type RedisTarget = { kind: "standalone"; url: string } | { kind: "cluster"; settings: ClusterSettings };

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6390";
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Reads REDIS_CLUSTER_NODES ("host:port,host:port") or REDIS_URL; cluster wins when both are set. */
export function redisTarget(env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const settings = clusterSettingsFromEnv(env);
  if (settings) return { kind: "cluster", settings };
  return { kind: "standalone", url: env.REDIS_URL?.trim() || DEFAULT_REDIS_URL };
}

/** The largest .npy a PUT accepts, from MAX_UPLOAD_BYTES (bytes). */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAX_UPLOAD_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_UPLOAD_BYTES;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`MAX_UPLOAD_BYTES must be a positive whole number of bytes, not "${raw}"`);
  }
  return value;
}
