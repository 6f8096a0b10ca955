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
  /** The value for REDIS_CLUSTER_NODES. */
  nodesEnv: string;
  stop(): Promise<{ stopped: number }>;
}

export const REDIS_SERVER: string;
export const REDIS_CLI: string;
export function freePorts(count: number): Promise<number[]>;
export function cli(node: { host: string; port: number }, args: string[], options?: { password?: string; timeoutMs?: number }): Promise<string>;
export function parseInfo(text: string): Record<string, string>;
export function parseClusterNodes(text: string): ClusterNodeEntry[];
export function clusterNodes(cluster: { nodes: ClusterNode[]; password?: string }, via?: { host: string; port: number }): Promise<ClusterNodeEntry[]>;
export function waitForClusterOk(cluster: { nodes: ClusterNode[]; password?: string }, options?: { timeoutMs?: number }): Promise<void>;
export function waitForShape(cluster: { nodes: ClusterNode[]; password?: string }, shape: { masters: number; replicasPerMaster: number; timeoutMs?: number }): Promise<void>;
export function waitForReplicas(cluster: { nodes: ClusterNode[]; password?: string }, options?: { timeoutMs?: number }): Promise<void>;
export function startCluster(options?: StartClusterOptions): Promise<RunningCluster>;
export function stopCluster(options?: { dir?: string; timeoutMs?: number }): Promise<{ stopped: number }>;
export function clusterStatus(options?: { dir?: string }): Promise<{
  running: boolean;
  nodesEnv?: string;
  nodes: { address: string; pid: number; alive: boolean; role: string; slots: string; module: boolean; clusterState: string }[];
}>;
export function reshard(cluster: { nodes: ClusterNode[]; password?: string }, move: { fromId: string; toId: string; slots: number }): Promise<void>;
