import "server-only";
import { addressOfRedisUrl, type RedisAddress } from "@/lib/redis-address";
import { clusterSettingsFromEnv, type ClusterSettings } from "./cluster";

/** How the app reaches Redis: one server by URL, or a Redis Cluster by seed nodes. */
export type RedisTarget = { kind: "standalone"; url: string } | { kind: "cluster"; settings: ClusterSettings };

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6390";
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
export const DEFAULT_COMMAND_TIMEOUT_MS = 3000;
export const DEFAULT_TRANSFER_CONNECTIONS = 32;

/** Reads REDIS_CLUSTER_NODES ("host:port,host:port") or REDIS_URL; cluster wins when both are set. */
export function redisTarget(env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const settings = clusterSettingsFromEnv(env);
  if (settings) return { kind: "cluster", settings };
  return { kind: "standalone", url: env.REDIS_URL?.trim() || DEFAULT_REDIS_URL };
}

/** Where `target` is, for pages and the snippets they offer: no user name or password, only whether one is needed. */
export function publicAddressOf(target: RedisTarget): RedisAddress {
  if (target.kind === "standalone") return addressOfRedisUrl(target.url);
  const { nodes, tls, password } = target.settings;
  return { kind: "cluster", nodes: nodes.map(({ host, port }) => ({ host, port })), tls, needsPassword: Boolean(password) };
}

/** The largest .npy a PUT accepts, from MAX_UPLOAD_BYTES (bytes). */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  return positiveWholeNumber(env, "MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, "bytes");
}

/**
 * How long a command may wait for Redis's reply before the request is answered
 * 503, from REDIS_COMMAND_TIMEOUT_MS (milliseconds): a stalled Redis must not
 * hold requests for as long as their clients wait.
 */
export function commandTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return positiveWholeNumber(env, "REDIS_COMMAND_TIMEOUT_MS", DEFAULT_COMMAND_TIMEOUT_MS, "milliseconds");
}

/**
 * How many transfers may move bytes at once per Redis node, each on a connection
 * of its own (REDIS_TRANSFER_CONNECTIONS); the rest wait their turn with their
 * bodies unread. A burst of clients must not become a burst of Redis connections.
 */
export function transferConnections(env: NodeJS.ProcessEnv = process.env): number {
  return positiveWholeNumber(env, "REDIS_TRANSFER_CONNECTIONS", DEFAULT_TRANSFER_CONNECTIONS, "connections");
}

function positiveWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, unit: string): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number of ${unit}, not "${raw}"`);
  }
  return value;
}
