import "server-only";
import type { Cluster, ClusterOptions, RedisOptions } from "ioredis";
import { StallTimedCluster } from "../stall-timeout";
import { clusterSettingsFromEnv, type ClusterSettings } from "./settings";

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
    // Downloads read replicas on connections of their own (lib/server/transfer); the rest is for masters.
    scaleReads: "master",
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
  // Commands (not subscriptions, which share nodeOptions) give up on a stalled node like the standalone client does.
  return new StallTimedCluster(settings.nodes, options);
}
