import "server-only";
// Reads byte spans of one array from one version: the runs a plane is made of.
import { returnWire } from "./pool";
import { release, transaction } from "./download";
import { onKeyNode, RedisReplyError } from "./route";
import type { RedisWire, WireReply } from "./wire";

/** The next reply, a bulk string of any length read whole (a run may be longer than reply() takes). */
export async function wholeReply(wire: RedisWire): Promise<WireReply> {
  const parts: Buffer[] = [];
  const length = await wire.streamBulk((chunk) => void parts.push(chunk));
  return typeof length === "number" ? { kind: "bulk", bytes: Buffer.concat(parts, length) } : length;
}

/** Reads every run in one MULTI, so all of them come from the version NP.ETAG names. */
export function gather(key: Buffer, spans: { start: number; length: number }[]): Promise<{ etag: string; chunks: Buffer[] } | null> {
  return onKeyNode(key, "master", async (leg) => {
    try {
      await transaction(leg, [["NP.ETAG", key], ...spans.map((s) => ["NP.GETRANGE", key, s.start, s.start + s.length - 1])]);
      const replies = [];
      for (let i = 0; i <= spans.length; i++) replies.push(await wholeReply(leg.wire));
      returnWire(leg.wire);
      const failed = replies.find((r) => r.kind === "error");
      if (failed?.kind === "error") throw new RedisReplyError(failed.message);
      const [etag, ...chunks] = replies;
      if (etag.kind === "null") return null;
      if (etag.kind !== "bulk" || chunks.some((c) => c.kind !== "bulk")) throw new Error("Redis answered a plane read with something other than bytes");
      return { etag: etag.bytes.toString("latin1"), chunks: chunks.map((c) => (c as { bytes: Buffer }).bytes) };
    } catch (error) {
      return release(leg, error);
    }
  });
}
