"use client";
// The histogram of the plotted values (finite values only), counted by the
// worker for the bin count chosen; HistogramView draws it.
import { useMemo, useState } from "react";
import type { ArrayWorker } from "@/lib/client/array-worker";
import type { NumericSource } from "@/lib/client/worker-protocol";
import { useWorkerCall } from "@/lib/client/use-worker-call";
import { HistogramView } from "./HistogramView";

const DEFAULT_BINS = 64;

export function ArrayHistogram({ worker, source }: { worker: ArrayWorker; source: NumericSource }) {
  const [bins, setBins] = useState<number>(DEFAULT_BINS);
  const { field, complexPart } = source;
  const args = useMemo(() => ({ field, complexPart, bins }), [field, complexPart, bins]);
  const { result, error } = useWorkerCall(worker, "histogram", args);
  return <HistogramView histogram={result} error={error} bins={bins} onBins={setBins} />;
}
