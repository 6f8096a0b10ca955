// What a listing row must say about an array: the answers of NP.INFO and PTTL,
// the two commands per key the API asked before NP.ROWS answered for a whole page.
import type { Redis } from "ioredis";
import type { ArrayListItem } from "../../lib/api-types";
import { expect } from "vitest";

/** A listing row is the API's row: GET /api/arrays answers exactly these fields. */
export type ListedRow = ArrayListItem;

/** The row of `key` from NP.INFO and PTTL on `node` (the key's master), or null when it is no array. */
export async function rowFromInfo(node: Redis, key: string): Promise<ListedRow | null> {
  const info = (await node.callBuffer("NP.INFO", key).catch(() => null)) as (Buffer | number | number[])[] | null;
  if (!info) return null;
  const pttl = await node.pttl(key);
  const fields = new Map<string, Buffer | number | number[]>();
  for (let i = 0; i < info.length; i += 2) fields.set(String(info[i]), info[i + 1]);
  const version = String(fields.get("version"));
  const encoding: BufferEncoding = version.startsWith("3") ? "utf8" : "latin1";
  return {
    key,
    bytes: Number(fields.get("bytes")),
    header: (fields.get("header") as Buffer).toString(encoding),
    version,
    ttl: pttl,
    descr: (fields.get("descr") as Buffer).toString(encoding),
    shape: (fields.get("shape") as number[]).map(Number),
    fortranOrder: fields.get("fortran_order") === 1,
  };
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
    else expect(got.ttl - want.ttl, `${want.key}: listed ttl ${got.ttl}, PTTL after ${want.ttl}, slack ${slackMs}`).toSatisfy((d: number) => d >= -1000 && d <= slackMs);
  }
}
