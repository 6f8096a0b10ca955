// Types for scripts/lib/cluster.mjs, so the TypeScript tests can import it.
import type { ChildProcess } from "node:child_process";

export interface ClusterNode {
  host: string;
  port: number;
  busPort: number;
  dir: string;
  pid: number;
}

export interface ClusterNodeEntry {
  id: string;
  host: string;
  port: number;
  flags: string[];
  role: "master" | "replica";
  masterId: string | null;
  linkState: string;
  failed: boolean;
  slots: string[];
}

/** PEM files for TLS on every node (the nodes' certificate must name their host). */
export interface ClusterTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** What reaching a cluster's nodes takes. */
export interface ClusterAccess {
  nodes: ClusterNode[];
  password?: string;
  tls?: ClusterTls;
}

export interface StartClusterOptions {
  /** Folder for the nodes' data and cluster.json (default "data/cluster"). */
  dir?: string;
  /** Ports basePort…basePort+n-1 (bus ports +10000); omitted: free ports from the OS. */
  basePort?: number;
  masters?: number;
  replicasPerMaster?: number;
  host?: string;
  /** cluster-node-timeout (default 5000). */
  nodeTimeoutMs?: number;
  /** Path of numpy_redis.so to load on every node. */
  modulePath?: string;
  /** requirepass + masterauth on every node. */
  password?: string;
  /** TLS only (port 0, tls-port), also between nodes; clients need no certificate. */
  tls?: ClusterTls;
  /** Extra redis.conf settings. */
  config?: Record<string, string | number>;
  /** Leave the nodes running after this process exits (npm run cluster). */
  detached?: boolean;
  onSpawn?: (child: ChildProcess) => void;
  log?: (message: string) => void;
}

export interface RunningCluster {
  dir: string;
  nodes: ClusterNode[];
  password?: string;
  tls?: ClusterTls;
  /** The value for REDIS_CLUSTER_NODES. */
  nodesEnv: string;
  stop(): Promise<{ stopped: number }>;
}

export const REDIS_SERVER: string;
export const REDIS_CLI: string;
export function freePorts(count: number): Promise<number[]>;
export function access(cluster: ClusterAccess): { password?: string; tls?: ClusterTls };
export function cli(node: { host: string; port: number }, args: string[], options?: { password?: string; tls?: ClusterTls; timeoutMs?: number }): Promise<string>;
export function parseInfo(text: string): Record<string, string>;
export function parseClusterNodes(text: string): ClusterNodeEntry[];
export function clusterNodes(cluster: ClusterAccess, via?: { host: string; port: number }): Promise<ClusterNodeEntry[]>;
export function waitForClusterOk(cluster: ClusterAccess, options?: { timeoutMs?: number }): Promise<void>;
export function waitForShape(cluster: ClusterAccess, shape: { masters: number; replicasPerMaster: number; timeoutMs?: number }): Promise<void>;
export function waitForReplicas(cluster: ClusterAccess, options?: { timeoutMs?: number }): Promise<void>;
export function startCluster(options?: StartClusterOptions): Promise<RunningCluster>;
export function stopCluster(options?: { dir?: string; timeoutMs?: number }): Promise<{ stopped: number }>;
export function clusterStatus(options?: { dir?: string }): Promise<{
  running: boolean;
  nodesEnv?: string;
  nodes: { address: string; pid: number; alive: boolean; role: string; slots: string; module: boolean; clusterState: string }[];
}>;
export function reshard(cluster: ClusterAccess, move: { fromId: string; toId: string; slots: number }): Promise<void>;
