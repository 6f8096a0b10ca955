import "server-only";
import { Cluster, type Command, type ClusterOptions, type Redis, type RedisOptions } from "ioredis";
import { clusterSettingsFromEnv, type ClusterSettings } from "./settings";

/** Module commands a download issues; only these go to replicas with readFromReplicas. */
const DOWNLOAD_COMMANDS = new Set(["np.get", "np.getrange", "np.info", "np.etag", "np.len"]);

/**
 * scaleReads: a command marked read-only (see keyedCommand) that a download
 * issues goes to the first replica of the slot, so every chunk of one download
 * reads the same copy; anything else stays on the master.
 */
function downloadsFromReplica(nodes: Redis[], command: Command): Redis {
  const replica = nodes[1];
  return DOWNLOAD_COMMANDS.has(command.name.toLowerCase()) && replica?.status === "ready" ? replica : nodes[0];
}

/** Connection options every node connection shares (commands, subscribers, health probes). */
export function nodeOptions(settings: ClusterSettings): RedisOptions {
  return {
    username: settings.username,
    password: settings.password,
    tls: settings.tls ? {} : undefined,
    connectTimeout: 5000,
    // One retry per node connection: the Cluster layer decides where a command goes next.
    maxRetriesPerRequest: 1,
  };
}

/**
 * An ioredis Cluster that follows MOVED and ASK during resharding, retries
 * through a failover (a dead master's commands wait for the promoted replica
 * for about maxRedirections × retryDelayOnFailover), and keeps reconnecting
 * forever so the dashboard recovers without a restart.
 */
export function createClusterClient(settings: ClusterSettings | null = clusterSettingsFromEnv()): Cluster {
  if (!settings) throw new Error("REDIS_CLUSTER_NODES is not set");
  const options: ClusterOptions = {
    scaleReads: settings.readFromReplicas ? downloadsFromReplica : "master",
    maxRedirections: 32,
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 100,
    retryDelayOnMoved: 0,
    slotsRefreshTimeout: 2000,
    slotsRefreshInterval: 5000,
    clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    enableOfflineQueue: true,
    redisOptions: nodeOptions(settings),
  };
  return new Cluster(settings.nodes, options);
}
