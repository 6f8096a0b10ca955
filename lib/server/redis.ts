import "server-only";
import { Cluster, Redis } from "ioredis";
import { ClusterKeyspaceSubscriber, createClusterClient, everyNode, type ClusterSettings } from "./cluster";
import { redisTarget, type RedisTarget } from "./config";
import { processSingleton } from "./process-singleton";
import { StallTimedRedis } from "./stall-timeout";

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
  /** How far Redis has loaded its data (INFO's loading_loaded_perc) while it refuses commands with LOADING; null otherwise. */
  loadingPercent: number | null;
  /** followLoading is running: one poll at a time. */
  followingLoading: boolean;
}

// Polling INFO this often while Redis loads keeps the percentage in 503s current.
const LOADING_POLL_MS = 250;

function standaloneOptions() {
  return {
    // Fail a command quickly while Redis is down instead of queueing it forever:
    // the API answers 503 with the reason, and reconnects in the background.
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
    // The ready check would hold every command back while Redis loads its data, so requests
    // would wait out the timeout; without it Redis refuses them at once with LOADING.
    enableReadyCheck: false,
  } as const;
}

function connect(target: RedisTarget): RedisClient {
  if (target.kind === "cluster") return createClusterClient(target.settings);
  // A stalled Redis (stopped, swapping, a slow command) answers nothing: its commands give up after REDIS_COMMAND_TIMEOUT_MS.
  return new StallTimedRedis(target.url, standaloneOptions());
}

/** The shared command connection, created on first use. */
export function redis(): RedisClient {
  return connection().client;
}

// One client per process, though route handlers are bundled separately.
const connection = processSingleton("connection", (): Connection => {
  const target = redisTarget();
  const created: Connection = { target, client: connect(target), lastError: null, loadingPercent: null, followingLoading: false };
  created.client.on("error", (error: Error) => (created.lastError = error));
  created.client.on("ready", () => {
    created.lastError = null;
    void followLoading(created);
  });
  return created;
});

/** What PSUBSCRIBE listens on: one connection, or on a cluster one per master (keyspace events are node-local). */
export type RedisSubscriber = Redis | ClusterKeyspaceSubscriber;

/** A new connection for SUBSCRIBE/PSUBSCRIBE, which cannot share the command connection. */
export function createSubscriber(): RedisSubscriber {
  const { client, target } = connection();
  if (client instanceof Cluster && target.kind === "cluster") return new ClusterKeyspaceSubscriber(client, target.settings);
  // No command timeout (a duplicate is a plain ioredis client): a (P)SUBSCRIBE sent while Redis stalls takes effect when it resumes, and
  // ioredis resubscribes after a reconnect without catching, so a timeout would be an unhandled rejection.
  return (client as Redis).duplicate();
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

/** How far Redis had loaded its data at the last look, while it is loading; null when it is not. */
export function redisLoadingPercent(): number | null {
  return connection().loadingPercent;
}

/** One field of an INFO reply ("" when absent). */
export function infoField(info: string, name: string): string {
  return new RegExp(`^${name}:(.*)$`, "m").exec(info)?.[1]?.trim() ?? "";
}

/** From INFO persistence: the whole percentage of its data Redis has loaded, or null when it is not loading. */
export function loadingPercentIn(info: string): number | null {
  if (infoField(info, "loading") !== "1") return null;
  return Math.floor(Number(infoField(info, "loading_loaded_perc")) || 0);
}

/**
 * After every (re)connect, watches INFO persistence (which Redis answers while
 * loading) until loading is over, so requests refused with LOADING can say how
 * far it got. On a cluster, nodes load on their own and this is not followed.
 */
async function followLoading(connection: Connection): Promise<void> {
  const { client } = connection;
  if (connection.followingLoading || client instanceof Cluster) return;
  connection.followingLoading = true;
  try {
    for (;;) {
      connection.loadingPercent = await client.info("persistence").then(loadingPercentIn, () => null);
      if (connection.loadingPercent === null) return;
      await new Promise((resolve) => setTimeout(resolve, LOADING_POLL_MS));
    }
  } finally {
    connection.followingLoading = false;
  }
}
