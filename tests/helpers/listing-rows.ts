// What a listing row must say about an array: the answers of NP.INFO and PTTL,
// the two commands per key the API asked before NP.ROWS answered for a whole page.
// It reads NP.INFO with the API's own parser (lib/server/array-info.ts), so a test
// importing this file mocks the "server-only" marker: vi.mock("server-only", () => ({})).
import type { Redis } from "ioredis";
import { expect } from "vitest";
import type { ArrayListItem } from "../../lib/api-types";
import { parseInfoReply } from "../../lib/server/array-info";

/** A listing row is the API's row: GET /api/arrays answers exactly these fields. */
export type ListedRow = ArrayListItem;

/** The row of `key` from NP.INFO and PTTL on `node` (the key's master), or null when it is no array. */
export async function rowFromInfo(node: Redis, key: string): Promise<ListedRow | null> {
  const reply = (await node.callBuffer("NP.INFO", key).catch(() => null)) as Parameters<typeof parseInfoReply>[1];
  if (!reply) return null;
  const { bytes, header, version, ttl, descr, shape, fortranOrder } = parseInfoReply(key, reply, await node.pttl(key));
  return { key, bytes, header, version, ttl, descr, shape, fortranOrder };
}

/**
 * Listed rows equal the rows NP.INFO and PTTL give, asked afterwards: a TTL
 * may have counted down since the listing read it, by at most `slackMs`. A busy
 * Redis counts PTTL from a clock it read when its turn of work began, NP.ROWS
 * from the time now, so a later PTTL may say a little more (up to a second).
 */
export function expectRowsMatch(listed: ListedRow[], expected: ListedRow[], slackMs: number): void {
  const byKey = new Map(listed.map((row) => [row.key, row]));
  expect([...byKey.keys()].sort()).toEqual(expected.map((row) => row.key).sort());
  for (const want of expected) {
    const got = byKey.get(want.key)!;
    expect({ ...got, ttl: 0 }, want.key).toEqual({ ...want, ttl: 0 });
    if (want.ttl < 0) expect(got.ttl, want.key).toBe(-1);
    else
      expect(got.ttl - want.ttl, `${want.key}: listed ttl ${got.ttl}, PTTL after ${want.ttl}, slack ${slackMs}`).toSatisfy(
        (d: number) => d >= -1000 && d <= slackMs,
      );
  }
}
