// A real six-node Redis Cluster (3 masters + 3 replicas, module on every node)
// on free ports in a temp dir, for the cluster suite; plus what the tests do to it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import calculateSlot from "cluster-key-slot";
import { Redis } from "ioredis";
import {
  clusterNodes,
  parseInfo,
  startCluster,
  waitForClusterOk,
  waitForReplicas,
  type ClusterNodeEntry,
  type RunningCluster,
} from "../../scripts/lib/cluster";
import { makeCertificates, ROOT, track } from "../helpers";

export const MODULE_PATH = join(ROOT, "redis-module", "numpy_redis.so");

export interface TestCluster extends RunningCluster {
  /** CLUSTER NODES as a live node sees it now. */
  topology(): Promise<ClusterNodeEntry[]>;
  masters(): Promise<ClusterNodeEntry[]>;
  /** The master that owns the key's slot now. */
  masterOf(key: string | Buffer): Promise<ClusterNodeEntry>;
  /** A plain connection to one node (not cluster-aware), closed on stop(). */
  node(entry: { host: string; port: number }): Redis;
  /** Every write acknowledged so far is on a replica too. */
  waitForReplicas(): Promise<void>;
  waitForOk(): Promise<void>;
  /** SIGKILL one node, as a crash would. */
  kill(entry: { host: string; port: number }): void;
  /** SIGSTOP one node, as a stall would (swapping, a long command); returns what SIGCONTs it. */
  stall(entry: { host: string; port: number }): () => void;
  stop(): Promise<{ stopped: number }>;
}

/**
 * The master among `masters` (from one look at the topology) that owns the key's slot.
 * Working out many keys' masters from one look, rather than asking the cluster per key,
 * keeps a test from spawning hundreds of redis-cli processes at once.
 */
export function ownerAmong(masters: ClusterNodeEntry[], key: string | Buffer): ClusterNodeEntry {
  const slot = calculateSlot(key);
  const owner = masters.find((m) =>
    m.slots.some((range) => {
      const [lo, hi = lo] = range.split("-").map(Number);
      return slot >= lo && slot <= hi;
    }),
  );
  if (!owner) throw new Error(`no master owns slot ${slot}`);
  return owner;
}

export async function startTestCluster(options: { password?: string; tls?: boolean; config?: Record<string, string | number> } = {}): Promise<TestCluster> {
  if (!existsSync(MODULE_PATH)) throw new Error(`${MODULE_PATH} is missing: run make -C redis-module first`);
  const dir = mkdtempSync(join(tmpdir(), "numpy-redis-cluster-"));
  const tls = options.tls ? makeCertificates(dir) : undefined;
  // A short node timeout makes failover take seconds, not the default 15. Not shorter: under
  // load (16 MiB writes replicated on a busy shared machine) a master that stalled for a
  // second was failed over mid-test, and its replica, behind it, lost acknowledged arrays.
  const running = await startCluster({
    dir,
    modulePath: MODULE_PATH,
    nodeTimeoutMs: 5000,
    password: options.password,
    tls,
    config: options.config,
    onSpawn: (child) => track(child),
  });
  const connections: Redis[] = [];
  const live = () =>
    running.nodes.filter((n) => {
      try {
        process.kill(n.pid, 0);
        return true;
      } catch {
        return false;
      }
    });
  const pidOf = (entry: { host: string; port: number }) => {
    const node = running.nodes.find((n) => n.host === entry.host && n.port === entry.port);
    if (!node) throw new Error(`no node ${entry.host}:${entry.port} in this cluster`);
    return node.pid;
  };
  const self: TestCluster = {
    ...running,
    topology: () => clusterNodes({ ...running, nodes: live() }),
    async masters() {
      return (await self.topology()).filter((n) => n.role === "master" && !n.failed && n.slots.length > 0);
    },
    masterOf: async (key) => ownerAmong(await self.masters(), key),
    node(entry) {
      const connection = new Redis({
        host: entry.host,
        port: entry.port,
        password: running.password,
        tls: tls ? { ca: readFileSync(tls.caFile) } : undefined,
      });
      connection.on("error", () => {});
      connections.push(connection);
      return connection;
    },
    waitForReplicas: () => waitForReplicas({ ...running, nodes: live() }),
    waitForOk: () => waitForClusterOk({ ...running, nodes: live() }),
    kill(entry) {
      process.kill(pidOf(entry), "SIGKILL");
    },
    stall(entry) {
      const pid = pidOf(entry);
      process.kill(pid, "SIGSTOP");
      return () => process.kill(pid, "SIGCONT");
    },
    async stop() {
      for (const c of connections) c.disconnect();
      const result = await running.stop();
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
  return self;
}

/** A node's replication fields (INFO replication). */
export async function replicationInfo(node: Redis): Promise<Record<string, string>> {
  return parseInfo(String(await node.info("replication")));
}

/** Sum of one INFO errorstats counter (e.g. "MOVED") over the given nodes. */
export async function errorCount(nodes: Redis[], kind: string): Promise<number> {
  let total = 0;
  for (const node of nodes) {
    const line = new RegExp(`^errorstat_${kind}:count=(\\d+)`, "m").exec(String(await node.info("errorstats")));
    total += Number(line?.[1] ?? 0);
  }
  return total;
}

/** Polls until `check` resolves truthy, or throws the last failure after timeoutMs. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = new Error("condition still false");
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
