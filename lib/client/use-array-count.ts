"use client";
// How many arrays match the filter, counted by the server with SCAN in steps of
// about a second, so a huge key space shows "at least N" while the count goes on.
import { useEffect, useState } from "react";
import { countArrays } from "./api";

export interface ArrayTotal {
  /** Arrays counted so far. */
  total: number;
  /** The count has seen the whole key space. */
  exact: boolean;
}

export function useArrayCount(match: string): ArrayTotal | null {
  // Kept with the filter it counts, so a new filter shows no count until its own first step.
  const [count, setCount] = useState<{ match: string; total: ArrayTotal } | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      let cursor = "0";
      let total = 0;
      do {
        const step = await countArrays(match, cursor, abort.signal);
        total += step.counted;
        cursor = step.cursor;
        setCount({ match, total: { total, exact: cursor === "0" } });
      } while (cursor !== "0");
    })().catch(() => {
      // The list reports why Redis cannot be reached; without a count the page shows what is loaded.
      if (!abort.signal.aborted) setCount(null);
    });
    return () => abort.abort();
  }, [match]);
  return count?.match === match ? count.total : null;
}
