import "server-only";
import type { Cluster, Redis } from "ioredis";
import { connectionFor, readTopology, whenReady, type ClusterNodeView } from "./topology";

// Errors carry their name: the app's bundles may hold more than one copy of this
// module, so callers tell them apart by name rather than by instanceof.

/** A cursor the client sent that this server could not have issued. */
export class ClusterCursorError extends Error {
  override readonly name = "ClusterCursorError";
}

/** The cluster is mid-failover: a master whose keys were being listed has no successor yet. */
export class ClusterUnavailableError extends Error {
  override readonly name = "ClusterUnavailableError";
}

interface ShardCursor {
  /** The master this scan began on. */
  id: string;
  /** Its replicas then: after a failover the promoted one continues the scan. */
  replicas: string[];
  cursor: string;
}

interface FoldedCursor {
  /** Every node id known when the listing began (masters and replicas). */
  seen: string[];
  /** Masters still to scan, in order. */
  pending: ShardCursor[];
}

// Node ids are 40 hex digits; their first 12 tell a cluster's nodes apart and keep cursors short.
const shortId = (id: string) => id.slice(0, 12);
const sameNode = (id: string, short: string) => id.startsWith(short);

export function encodeCursor(folded: FoldedCursor): string {
  if (folded.pending.length === 0) return "0";
  return Buffer.from(JSON.stringify({ v: 1, s: folded.seen, p: folded.pending.map((p) => [p.id, p.replicas, p.cursor]) })).toString("base64url");
}

export function decodeCursor(text: string): FoldedCursor {
  const invalid = () => new ClusterCursorError(`cursor "${text.slice(0, 40)}" is not one this cluster listing returned; start again with cursor=0`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const data = parsed as { v?: unknown; s?: unknown; p?: unknown };
  if (data?.v !== 1 || !Array.isArray(data.s) || !Array.isArray(data.p)) throw invalid();
  const isId = (x: unknown): x is string => typeof x === "string" && /^[0-9a-f]{12}$/.test(x);
  if (!data.s.every(isId)) throw invalid();
  const pending = data.p.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== 3) throw invalid();
    const [id, replicas, cursor] = entry as unknown[];
    if (!isId(id) || !Array.isArray(replicas) || !replicas.every(isId) || typeof cursor !== "string" || !/^\d{1,20}$/.test(cursor)) {
      throw invalid();
    }
    return { id, replicas, cursor };
  });
  return { seen: data.s, pending };
}

/** A fresh listing over the masters that hold slots now, in slot order. */
function startListing(topology: ClusterNodeView[]): FoldedCursor {
  const masters = topology.filter((n) => n.role === "master" && !n.failed && n.slots.length > 0);
  masters.sort((a, b) => firstSlot(a) - firstSlot(b));
  return {
    seen: topology.map((n) => shortId(n.id)),
    pending: masters.map((m) => ({ id: shortId(m.id), replicas: replicasOf(topology, m.id), cursor: "0" })),
  };
}

function firstSlot(node: ClusterNodeView): number {
  return Math.min(...node.slots.map((s) => Number(s.split("-")[0])));
}

function replicasOf(topology: ClusterNodeView[], masterId: string): string[] {
  return topology.filter((n) => n.masterId === masterId).map((n) => shortId(n.id));
}

/**
 * Where a pending scan continues: its master if still a master; after a
 * failover, the replica that took over (same data, and a SCAN cursor is a
 * position in a hash table of the same size, so it carries over); if the old
 * master came back as a replica, its new master.
 */
function resolveShard(topology: ClusterNodeView[], shard: ShardCursor): ClusterNodeView | null {
  const live = (n: ClusterNodeView | undefined) => (n && n.role === "master" && !n.failed ? n : undefined);
  const byId = (id: string) => topology.find((n) => sameNode(n.id, id));
  const self = byId(shard.id);
  const found = live(self) ?? shard.replicas.map((id) => live(byId(id))).find(Boolean) ?? (self?.masterId ? live(byId(self.masterId)) : undefined);
  if (found) return found;
  if (self?.failed) {
    throw new ClusterUnavailableError(`the master ${self.address} is down and no replica has taken over yet; retry in a few seconds`);
  }
  // The node left the cluster with its slots handed to others; nothing to continue.
  return null;
}

export interface ClusterScanPage {
  cursor: string;
  /** Array keys found, each once, with the connection of the master that held it. */
  keys: { key: Buffer; node: Redis }[];
}

/**
 * One page of SCAN … TYPE numpyarry across every master. Each master is
 * scanned to its end before the next; masters that joined after the listing
 * began (they hold slots moved to them) are scanned too. A listing that spans
 * a resharding may repeat or miss keys that moved during it.
 */
export async function scanClusterArrays(
  cluster: Cluster,
  query: { match: string; cursor: string; count: number; type: string; budgetMs?: number },
): Promise<ClusterScanPage> {
  const topology = await readTopology(cluster);
  const folded = query.cursor === "0" ? startListing(topology) : decodeCursor(query.cursor);
  for (const node of topology) {
    if (node.role === "master" && !node.failed && node.slots.length > 0 && !folded.seen.includes(shortId(node.id))) {
      folded.pending.push({ id: shortId(node.id), replicas: replicasOf(topology, node.id), cursor: "0" });
      folded.seen.push(shortId(node.id), ...replicasOf(topology, node.id));
    }
  }

  const keys: ClusterScanPage["keys"] = [];
  const seenKeys = new Set<string>();
  const started = Date.now();
  while (folded.pending.length > 0 && keys.length < query.count && Date.now() - started <= (query.budgetMs ?? 150)) {
    const shard = folded.pending[0];
    const master = resolveShard(topology, shard);
    if (!master) {
      folded.pending.shift();
      continue;
    }
    const connection = connectionFor(cluster, master.address);
    if (!connection) throw new ClusterUnavailableError(`no connection to the master ${master.address} yet; retry in a moment`);
    const [next, batch] = (await connection.callBuffer("SCAN", shard.cursor, "MATCH", query.match, "COUNT", Math.max(query.count, 10), "TYPE", query.type)) as [
      Buffer,
      Buffer[],
    ];
    for (const key of batch) {
      const id = key.toString("latin1");
      if (seenKeys.has(id)) continue;
      seenKeys.add(id);
      keys.push({ key, node: connection });
    }
    shard.cursor = next.toString();
    if (shard.cursor === "0") folded.pending.shift();
  }
  return { cursor: encodeCursor(folded), keys };
}

/** DBSIZE summed over the masters: every key of every type in the cluster. */
export async function clusterDbSize(cluster: Cluster): Promise<number> {
  await whenReady(cluster);
  const sizes = await Promise.all(cluster.nodes("master").map((n) => n.dbsize().catch(() => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}
