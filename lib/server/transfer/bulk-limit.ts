import "server-only";
import { Cluster, type Redis } from "ioredis";
import { addressOf, whenReady } from "../cluster/topology";
import { redis } from "../redis";

/** A write refused because a server-side size limit is below the array's size. */
export class BulkLimitError extends Error {
  override readonly name = "BulkLimitError";
  constructor(
    message: string,
    readonly setting: "proto-max-bulk-len" | "client-query-buffer-limit",
  ) {
    super(message);
  }
}

const LIMIT_CACHE_MS = 30_000;
const DEFAULT_PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;
// The key, the command name and options travel in the same query buffer as the array.
const COMMAND_OVERHEAD_BYTES = 64 * 1024;

interface NodeLimits {
  address: string;
  protoMaxBulkLen: number;
  clientQueryBufferLimit: number;
}

let limitCache: { limits: NodeLimits[]; readAt: number } | null = null;

/** "1 MiB", "2.5 MiB": sizes in messages. */
export function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}

function raiseAdvice(setting: string, bytes: number): string {
  const want = Math.ceil((bytes + COMMAND_OVERHEAD_BYTES) / (1024 * 1024));
  const alsoBuffer = setting === "proto-max-bulk-len" ? ` (and client-query-buffer-limit to at least as much)` : "";
  return `raise ${setting} to at least ${want}mb${alsoBuffer} on every Redis node (CONFIG SET ${setting} ${want}mb, and in each node's redis.conf to keep it)`;
}

async function readLimits(nodes: Redis[]): Promise<NodeLimits[]> {
  if (limitCache && Date.now() - limitCache.readAt < LIMIT_CACHE_MS) return limitCache.limits;
  const limits: NodeLimits[] = [];
  for (const node of nodes) {
    try {
      const reply = (await node.call("CONFIG", "GET", "proto-max-bulk-len")) as string[];
      const query = (await node.call("CONFIG", "GET", "client-query-buffer-limit")) as string[];
      limits.push({ address: addressOf(node), protoMaxBulkLen: Number(reply[1]), clientQueryBufferLimit: Number(query[1]) });
    } catch {
      // CONFIG may be renamed or denied (managed Redis): the write's own error is explained instead.
    }
  }
  limitCache = { limits, readAt: Date.now() };
  return limits;
}

/** Forget the cached limits (after CONFIG SET, or in tests). */
export function forgetBulkLimits(): void {
  limitCache = null;
}

export interface BulkLimit {
  /** The largest array every master accepts. */
  bytes: number;
  /** The master with the lowest limit, and the setting that sets it. */
  address: string;
  setting: "proto-max-bulk-len" | "client-query-buffer-limit";
}

function lowestLimit(limits: NodeLimits[]): BulkLimit | null {
  let lowest: BulkLimit | null = null;
  for (const limit of limits) {
    const candidates: BulkLimit[] = [{ bytes: limit.protoMaxBulkLen, address: limit.address, setting: "proto-max-bulk-len" }];
    if (limit.clientQueryBufferLimit > 0) {
      candidates.push({ bytes: limit.clientQueryBufferLimit - COMMAND_OVERHEAD_BYTES, address: limit.address, setting: "client-query-buffer-limit" });
    }
    for (const candidate of candidates) if (!lowest || candidate.bytes < lowest.bytes) lowest = candidate;
  }
  return lowest;
}

/**
 * The largest array a cluster accepts: the lowest proto-max-bulk-len or
 * client-query-buffer-limit over the masters (every master counts, not just the
 * key's, because resharding may move the array anywhere, and MIGRATE sends it
 * as one bulk too). Null when no master lets us read its CONFIG.
 */
export async function clusterBulkLimit(cluster: Cluster): Promise<BulkLimit | null> {
  await whenReady(cluster);
  return lowestLimit(await readLimits(cluster.nodes("master")));
}

/** The largest array the app's Redis accepts, one server or a cluster; null when CONFIG is not ours to read. */
export async function bulkLimit(): Promise<BulkLimit | null> {
  const client = redis();
  if (client instanceof Cluster) return clusterBulkLimit(client);
  return lowestLimit(await readLimits([client]));
}

/**
 * The write error a big array meets when a limit bites unannounced: the server
 * answers "invalid bulk length" (proto-max-bulk-len) or just closes the
 * connection (client-query-buffer-limit). Returns the explanation, or null when
 * the error is something else.
 */
export function explainWriteError(error: unknown, bytes: number): BulkLimitError | null {
  const message = error instanceof Error ? error.message : String(error);
  if (/invalid bulk length|Protocol error/i.test(message)) {
    return new BulkLimitError(
      `Redis refused the ${mib(bytes)} array (${message.replace(/^ERR /, "")}): ${raiseAdvice("proto-max-bulk-len", bytes)}`,
      "proto-max-bulk-len",
    );
  }
  const closed = /Connection is closed|ECONNRESET|EPIPE|Too many Cluster redirections/i.test(message);
  if (closed && bytes > DEFAULT_PROTO_MAX_BULK_LEN) {
    return new BulkLimitError(
      `Redis closed the connection while receiving the ${mib(bytes)} array, which is what it does when a command exceeds client-query-buffer-limit: ${raiseAdvice("client-query-buffer-limit", bytes)}, and proto-max-bulk-len too`,
      "client-query-buffer-limit",
    );
  }
  return null;
}
