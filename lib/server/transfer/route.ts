import "server-only";
import calculateSlot from "cluster-key-slot";
import { Cluster, type Redis } from "ioredis";
import { nodeOptions, splitAddress, whenReady } from "../cluster";
import { commandTimeoutMs } from "../config";
import { ApiError } from "../errors";
import { clusterSettings, redis } from "../redis";
import { borrowWire } from "./pool";
import { wireTarget, type RedisWire, type WireTarget } from "./wire";

/** Where a download reads: the key's master, or with REDIS_READ_FROM_REPLICAS=1 on a cluster its replica. */
export type ReadSource = "master" | "replica";

/** A transfer sent to `target`, on `wire`; `asking` when it follows an ASK and must be preceded by ASKING. */
export interface Leg {
  wire: RedisWire;
  target: WireTarget;
  asking: boolean;
}

/** An error Redis replied to a transfer's command, as it said it. */
export class RedisReplyError extends Error {
  override name = "RedisReplyError";
}

// How long a transfer on a cluster keeps looking for the key's node through a
// failover or a slot move before it gives up with a 503.
const CLUSTER_PATIENCE_MS = 15_000;
const CLUSTER_RETRY_DELAY_MS = 300;

function targetOf(
  host: string,
  port: number,
  options: { tls?: WireTarget["tls"]; username?: string | null; password?: string | null; db?: number | null },
  readOnly: boolean,
): WireTarget {
  return wireTarget({
    host,
    port,
    tls: options.tls ? options.tls : undefined,
    username: options.username ?? undefined,
    password: options.password ?? undefined,
    db: options.db ?? 0,
    readOnly,
    timeoutMs: commandTimeoutMs(),
  });
}

/** The node of a cluster at "host:port", as the app logs in to every node. */
function clusterNode(address: string, readOnly: boolean): WireTarget {
  const settings = clusterSettings();
  if (!settings) throw new Error("not on a cluster");
  const { host, port } = splitAddress(address);
  return targetOf(host, port, nodeOptions(settings), readOnly);
}

/** The slot's master, or its first replica for a replica read (the master when it has none). */
async function slotNode(cluster: Cluster, key: Buffer, source: ReadSource): Promise<WireTarget> {
  await whenReady(cluster);
  const nodes = cluster.slots[calculateSlot(key)];
  if (!nodes?.length) throw new ApiError(503, "the Redis Cluster client does not know which node serves this key yet; retry in a few seconds");
  const replica = source === "replica" ? nodes[1] : undefined;
  return clusterNode(replica ?? nodes[0], replica !== undefined);
}

// The one server's target, made once per client: every small request starts here.
const standaloneTargets = new WeakMap<Redis, WireTarget>();

function standaloneTarget(client: Redis): WireTarget {
  let target = standaloneTargets.get(client);
  if (!target) {
    const { host = "127.0.0.1", port = 6379 } = client.options;
    standaloneTargets.set(client, (target = targetOf(host, port, client.options, false)));
  }
  return target;
}

type Redirect = { kind: "MOVED" | "ASK"; address: string };

function redirectOf(error: unknown): Redirect | null {
  if (!(error instanceof RedisReplyError)) return null;
  const match = /^(MOVED|ASK) \d+ (\S+)/.exec(error.message);
  return match ? { kind: match[1] as Redirect["kind"], address: match[2] } : null;
}

/** A cluster that is failing over or moving slots answers these for a while; a new attempt soon may succeed. */
function passing(error: unknown): boolean {
  // By name: a wire from the shared pool may come from another bundle's copy of wire.ts (see next.config.ts).
  if (error instanceof Error && error.name === "RedisWireError") return true;
  return error instanceof RedisReplyError && /^(CLUSTERDOWN|TRYAGAIN|LOADING|READONLY)/.test(error.message);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` on a wire to the node that serves `key`. On one server that is
 * one attempt. On a cluster it follows MOVED and ASK and waits through a
 * failover (a refused connection, CLUSTERDOWN), refreshing the slot map, for up
 * to CLUSTER_PATIENCE_MS. `attempt` owns the wire: it returns it to the pool or
 * destroys it. An attempt may run again only if it can send what it sends twice.
 */
export async function onKeyNode<T>(key: Buffer, source: ReadSource, attempt: (leg: Leg) => Promise<T>): Promise<T> {
  const client = redis();
  if (!(client instanceof Cluster)) {
    const target = standaloneTarget(client);
    return attempt({ wire: await borrowWire(target), target, asking: false });
  }
  return onClusterKeyNode(client, key, source, attempt);
}

async function onClusterKeyNode<T>(client: Cluster, key: Buffer, source: ReadSource, attempt: (leg: Leg) => Promise<T>): Promise<T> {
  let target = await slotNode(client, key, source);
  let asking = false;
  const deadline = Date.now() + CLUSTER_PATIENCE_MS;
  for (;;) {
    try {
      return await attempt({ wire: await borrowWire(target), target, asking });
    } catch (error) {
      const redirect = redirectOf(error);
      if (redirect) {
        if (redirect.kind === "MOVED") client.refreshSlotsCache();
        target = clusterNode(redirect.address, false);
        asking = redirect.kind === "ASK";
        continue;
      }
      if (!passing(error) || Date.now() > deadline) throw error;
      client.refreshSlotsCache();
      await pause(CLUSTER_RETRY_DELAY_MS);
      target = await slotNode(client, key, source);
      asking = false;
    }
  }
}
