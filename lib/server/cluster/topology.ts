import "server-only";
import type { Cluster, Redis } from "ioredis";

export interface ClusterNodeView {
  id: string;
  address: string;
  role: "master" | "replica";
  masterId: string | null;
  failed: boolean;
  slots: string[];
}

/** CLUSTER NODES text as records; addresses are "host:port" without the bus port. */
export function parseClusterNodesReply(text: string): ClusterNodeView[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [id, address, flagText, master, , , , , ...slots] = line.split(" ");
      const flags = flagText.split(",");
      return {
        id,
        address: address.split("@")[0],
        role: flags.includes("master") ? "master" : "replica",
        masterId: master === "-" ? null : master,
        failed: flags.includes("fail") || flags.includes("noaddr"),
        slots: slots.filter((s) => !s.startsWith("[")),
      } satisfies ClusterNodeView;
    });
}

/** "host:port" of a connection, IPv6 hosts in brackets as CLUSTER NODES writes them. */
export function addressOf(node: Redis): string {
  const host = node.options.host ?? "127.0.0.1";
  return `${host.includes(":") ? `[${host}]` : host}:${node.options.port}`;
}

function sameAddress(a: string, b: string): boolean {
  return a.replace(/^\[(.*)\](:\d+)$/, "$1$2") === b.replace(/^\[(.*)\](:\d+)$/, "$1$2");
}

const READY_TIMEOUT_MS = 5000;

/** Resolves once the client has the slot map (and so its node connections), or says why not. */
export async function whenReady(cluster: Cluster): Promise<void> {
  if (cluster.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cluster.off("ready", onReady);
      reject(new Error(`the Redis Cluster client is not ready after ${READY_TIMEOUT_MS} ms (status ${cluster.status}); check REDIS_CLUSTER_NODES`));
    }, READY_TIMEOUT_MS);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    cluster.once("ready", onReady);
  });
}

/** The cluster's own view of itself, asked of the first connected node that answers. */
export async function readTopology(cluster: Cluster): Promise<ClusterNodeView[]> {
  await whenReady(cluster);
  const candidates = [...cluster.nodes("master"), ...cluster.nodes("slave")];
  let lastError: unknown = new Error("the cluster client has no node connections yet");
  for (const node of candidates) {
    try {
      return parseClusterNodesReply(String(await node.call("CLUSTER", "NODES")));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** The client's own connection to the node at `address`, if it has one. */
export function connectionFor(cluster: Cluster, address: string): Redis | undefined {
  return cluster.nodes("all").find((n) => sameAddress(addressOf(n), address));
}

/** "[::1]:7000" or "10.0.0.1:7000" as the host and port a connection takes. */
export function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: Number(address.slice(colon + 1)) };
}
