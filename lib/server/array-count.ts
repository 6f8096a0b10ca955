import "server-only";
import type { ArrayCount } from "@/lib/api-types";
import { parseCursor } from "./list-cursor";
import { scanArrayKeys } from "./array-list";

/** Keys one SCAN round may look at while counting: large, since no rows are built. */
const COUNT_SCAN_SIZE = 5000;
// A key space of millions takes seconds to SCAN: answer with what was counted by
// then and a cursor to go on from, so the page can say "at least N, still counting".
const COUNT_BUDGET_MS = 1000;

interface CountQuery {
  match: string;
  cursor: string;
}

export function parseCountQuery(params: URLSearchParams): CountQuery {
  return { match: params.get("match") || "*", cursor: parseCursor(params.get("cursor") ?? "0", "count") };
}

/** Counts the arrays matching a glob with SCAN … TYPE numpyarry, for at most about a second. */
export async function countArrays(query: CountQuery): Promise<ArrayCount> {
  const started = Date.now();
  let cursor = query.cursor;
  let counted = 0;
  do {
    const page = await scanArrayKeys({ match: query.match, cursor, count: COUNT_SCAN_SIZE }, COUNT_BUDGET_MS);
    counted += page.keys.length;
    cursor = page.cursor;
  } while (cursor !== "0" && Date.now() - started < COUNT_BUDGET_MS);
  return { cursor, counted };
}
