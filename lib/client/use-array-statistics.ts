"use client";
// The statistics panel's figures: of the plane on screen (a partial array's
// planes are fetched one at a time) and of the whole array (once all of it is
// in the worker). A new version keeps the previous figures on screen until
// its own are computed; another field or complex part shows "computing…".
import { useEffect, useState } from "react";
import type { ArrayWorker } from "./array-worker";
import type { NumericSource, PlaneChoice, StatsResult } from "./worker-protocol";

export interface ComputedStats {
  stats: StatsResult | null;
  error: string | null;
}

/** Statistics from the worker, re-asked whenever an input changes; null while none are wanted or computed for this source. */
function useStats(worker: ArrayWorker | null, source: NumericSource, plane: PlaneChoice | undefined, wanted: boolean): ComputedStats | null {
  const [computed, setComputed] = useState<(ComputedStats & { source: NumericSource }) | null>(null);
  useEffect(() => {
    if (!worker || !wanted) return;
    let stale = false;
    worker.call("stats", { ...source, plane }).then(
      (stats) => !stale && setComputed({ source, stats, error: stats ? null : "no numeric values" }),
      (e: unknown) => !stale && setComputed({ source, stats: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      stale = true;
    };
  }, [worker, source, plane, wanted]);
  return wanted && computed?.source === source ? computed : null;
}

export function useArrayStatistics(
  worker: ArrayWorker | null,
  numeric: boolean,
  source: NumericSource,
  /** The plane on screen, when its own statistics are shown (a partial array's plane views). */
  plane: PlaneChoice | undefined,
  /** Whether every value is in the worker: only then are the array's statistics asked for. */
  wholeHere: boolean,
): { plane: ComputedStats | null; array: ComputedStats | null } {
  return {
    plane: useStats(worker, source, plane, numeric && plane !== undefined),
    array: useStats(worker, source, undefined, numeric && wholeHere),
  };
}
