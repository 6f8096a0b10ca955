import "server-only";
import { Cluster, Redis } from "ioredis";
import { ClusterKeyspaceSubscriber, createClusterClient, everyNode, type ClusterSettings } from "./cluster";
import { redisTarget, type RedisTarget } from "./config";

/**
 * The one place the app creates Redis connections. Everything else calls
 * `redis()` (commands) or `createSubscriber()` (pub/sub), so a Cluster client
 * can replace the standalone one by configuration alone.
 */
export type RedisClient = Redis | Cluster;

interface Connection {
  target: RedisTarget;
  client: RedisClient;
  /** The latest connection failure, to say why Redis is unreachable. */
  lastError: Error | null;
}

// Route handlers are bundled separately; a global keeps one client per process.
const GLOBAL_KEY = Symbol.for("numpy-redis.connection");
type GlobalWithConnection = typeof globalThis & { [GLOBAL_KEY]?: Connection };

const commonOptions = {
  // Fail a command quickly while Redis is down instead of queueing it forever:
  // the API answers 503 with the reason, and reconnects in the background.
  maxRetriesPerRequest: 1,
  connectTimeout: 5000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  lazyConnect: false,
} as const;

function connect(target: RedisTarget): RedisClient {
  if (target.kind === "cluster") return createClusterClient(target.settings);
  return new Redis(target.url, commonOptions);
}

/** The shared command connection, created on first use. */
export function redis(): RedisClient {
  return connection().client;
}

function connection(): Connection {
  const store = globalThis as GlobalWithConnection;
  const existing = store[GLOBAL_KEY];
  if (existing) return existing;
  const target = redisTarget();
  const created: Connection = { target, client: connect(target), lastError: null };
  created.client.on("error", (error: Error) => (created.lastError = error));
  created.client.on("ready", () => (created.lastError = null));
  store[GLOBAL_KEY] = created;
  return created;
}

/** What PSUBSCRIBE listens on: one connection, or on a cluster one per master (keyspace events are node-local). */
export type RedisSubscriber = Redis | ClusterKeyspaceSubscriber;

/** A new connection for SUBSCRIBE/PSUBSCRIBE, which cannot share the command connection. */
export function createSubscriber(): RedisSubscriber {
  const { client, target } = connection();
  return client instanceof Cluster && target.kind === "cluster" ? new ClusterKeyspaceSubscriber(client, target.settings) : (client as Redis).duplicate();
}

/** The cluster's settings, or null on a single server. */
export function clusterSettings(): ClusterSettings | null {
  const { target } = connection();
  return target.kind === "cluster" ? target.settings : null;
}

/** Every node's connection, for settings each node holds on its own (CONFIG). */
export async function everyRedisNode(): Promise<Redis[]> {
  const { client } = connection();
  return client instanceof Cluster ? everyNode(client) : [client];
}

/** REDIS_READ_FROM_REPLICAS=1 on a cluster: downloads read from replicas. */
export function readsFromReplicas(): boolean {
  return clusterSettings()?.readFromReplicas === true;
}

/** Where the app connects, for messages: "127.0.0.1:6390" or "cluster 10.0.0.1:7000,…". */
export function redisAddress(): string {
  const { target } = connection();
  if (target.kind === "cluster") return `cluster ${target.settings.nodes.map((n) => `${n.host}:${n.port}`).join(",")}`;
  try {
    const url = new URL(target.url);
    return `${url.hostname || "127.0.0.1"}:${url.port || "6379"}`;
  } catch {
    return target.url;
  }
}

/** The database number the standalone client selected (keyspace channels name it). */
export function redisDb(): number {
  const { client } = connection();
  return client instanceof Redis ? (client.options.db ?? 0) : 0;
}

/** The last connection error, if the client is not connected. */
export function redisConnectionError(): Error | null {
  const { client, lastError } = connection();
  return client.status === "ready" ? null : lastError;
}
