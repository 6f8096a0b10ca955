import "server-only";
import calculateSlot from "cluster-key-slot";
import type { Cluster } from "ioredis";
import { sendKeyed } from "../keyed-command";
import { connectionFor, whenReady } from "./topology";

/** NP.ROWS's answer for one key: its row, or null for a key that is missing or not an array. */
export type RowReply = unknown[] | null;

/** Keys of one hash slot: what one NP.ROWS may name on a cluster. */
interface SlotGroup {
  slot: number;
  positions: number[];
  keys: Buffer[];
}

function groupBySlot(keys: Buffer[]): SlotGroup[] {
  const groups = new Map<number, SlotGroup>();
  keys.forEach((key, position) => {
    const slot = calculateSlot(key);
    let group = groups.get(slot);
    if (!group) groups.set(slot, (group = { slot, positions: [], keys: [] }));
    group.positions.push(position);
    group.keys.push(key);
  });
  return [...groups.values()];
}

/** A slot that moved (MOVED, ASK) or is mid-move (TRYAGAIN): the cluster client follows it. */
function redirected(error: Error | null): boolean {
  return error !== null && /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)/.test(error.message);
}

/** One NP.ROWS per slot, routed by the cluster client (which follows MOVED and ASK). */
async function rowsRouted(cluster: Cluster, group: SlotGroup): Promise<RowReply[]> {
  const [first, ...rest] = group.keys;
  return (await sendKeyed(cluster, "NP.ROWS", first, rest)) as RowReply[];
}

/**
 * NP.ROWS for keys anywhere in a cluster, in their order: one NP.ROWS per hash
 * slot, all of a master's sent to it in one pipeline, every master at once,
 * so a page costs one round trip. A slot that moved meanwhile is asked again
 * through the cluster client, which follows the redirection.
 */
export async function clusterRows(cluster: Cluster, keys: Buffer[]): Promise<RowReply[]> {
  await whenReady(cluster);
  const rows = new Array<RowReply>(keys.length).fill(null);
  const byMaster = new Map<string, SlotGroup[]>();
  for (const group of groupBySlot(keys)) {
    const master = cluster.slots[group.slot]?.[0] ?? "";
    const groups = byMaster.get(master);
    if (groups) groups.push(group);
    else byMaster.set(master, [group]);
  }
  const place = (group: SlotGroup, reply: RowReply[]) => group.positions.forEach((position, i) => (rows[position] = reply[i] ?? null));
  await Promise.all(
    [...byMaster].map(async ([master, groups]) => {
      const node = master ? connectionFor(cluster, master) : undefined;
      if (!node) return Promise.all(groups.map(async (group) => place(group, await rowsRouted(cluster, group))));
      const pipeline = node.pipeline();
      for (const group of groups) pipeline.callBuffer("NP.ROWS", ...group.keys);
      const results = (await pipeline.exec()) ?? [];
      return Promise.all(
        groups.map(async (group, i) => {
          const [error, reply] = results[i] ?? [new Error("no reply"), null];
          if (redirected(error)) return place(group, await rowsRouted(cluster, group));
          if (error) throw error;
          place(group, reply as RowReply[]);
        }),
      );
    }),
  );
  return rows;
}
