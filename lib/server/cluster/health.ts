import "server-only";
import { Redis, type Cluster } from "ioredis";
import type { ClusterNodeHealth } from "@/lib/api-types";
import { nodeOptions } from "./client";
import type { ClusterSettings } from "./settings";
import { connectionFor, readTopology, splitAddress, type ClusterNodeView } from "./topology";

export interface ClusterHealth {
  /** cluster_state as the answering node reports it: "ok" or "fail". */
  state: string;
  nodes: ClusterNodeHealth[];
}

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probeNode(cluster: Cluster, settings: ClusterSettings, view: ClusterNodeView): Promise<ClusterNodeHealth> {
  const base = { address: view.address, id: view.id, role: view.role, slots: view.slots.join(" ") };
  if (view.failed) return { ...base, ok: false, module: false, error: "the cluster marks this node as failing" };
  const pooled = connectionFor(cluster, view.address);
  const connection =
    pooled ??
    new Redis({
      ...nodeOptions(settings),
      ...splitAddress(view.address),
      retryStrategy: () => null,
      lazyConnect: true,
    });
  try {
    await withTimeout(connection.ping(), view.address);
    const command = (await withTimeout(connection.call("COMMAND", "INFO", "NP.SET"), view.address)) as unknown[];
    return { ...base, ok: true, module: Array.isArray(command) && command[0] != null };
  } catch (error) {
    return { ...base, ok: false, module: false, error: (error as Error).message };
  } finally {
    if (!pooled) connection.disconnect();
  }
}

/** Every node of the cluster (failed ones included): reachable? module loaded? role and slots. */
export async function clusterHealth(cluster: Cluster, settings: ClusterSettings): Promise<ClusterHealth> {
  const topology = await readTopology(cluster);
  const reply = await cluster
    .nodes("all")[0]
    ?.call("CLUSTER", "INFO")
    .catch(() => "");
  const info = typeof reply === "string" ? reply : "";
  const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown";
  const nodes = await Promise.all(topology.map((view) => probeNode(cluster, settings, view)));
  nodes.sort((a, b) => (a.role === b.role ? a.address.localeCompare(b.address) : a.role === "master" ? -1 : 1));
  return { state, nodes };
}

/** What is wrong with a cluster for this app, as one sentence, or null when all is well. */
export function clusterProblem(health: ClusterHealth): string | null {
  const down = health.nodes.filter((n) => !n.ok);
  const noModule = health.nodes.filter((n) => n.ok && !n.module);
  if (noModule.length > 0) {
    return (
      `the numpy module is not loaded on ${noModule.map((n) => `${n.address} (${n.role})`).join(", ")}: ` +
      "every node of a cluster must load it (loadmodule in each node's redis.conf), or arrays cannot move there during resharding or failover"
    );
  }
  if (health.state !== "ok") {
    return `the cluster reports cluster_state:${health.state}${down.length ? `; unreachable: ${down.map((n) => n.address).join(", ")}` : ""}`;
  }
  return null;
}
