"use client";
// How the plotted values are distributed (finite values only).
import { useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/arrayWorker";
import type { NumericSource } from "@/lib/client/workerProtocol";
import { usePlotlyFigure } from "@/lib/client/usePlotlyFigure";
import { useWorkerCall } from "@/lib/client/useWorkerCall";
import { Checkbox } from "./Checkbox";
import { ErrorNote } from "./ErrorNote";
import { LabelledSelect } from "./LabelledSelect";

const BIN_CHOICES = [16, 32, 64, 128, 256] as const;
const PLOT_HEIGHT = 360;

export function ArrayHistogram({ worker, source }: { worker: ArrayWorker; source: NumericSource }) {
  const plot = useRef<HTMLDivElement>(null);
  const [bins, setBins] = useState<number>(64);
  const [logCounts, setLogCounts] = useState(false);
  const { result: hist, error } = useWorkerCall(worker, "histogram", { ...source, bins }, [source.field, source.complexPart, bins]);
  const painted = usePlotlyFigure(
    plot,
    hist &&
      ((theme, layout) => ({
        data: [
          {
            type: "bar",
            x: Array.from(hist.counts, (_, i) => (hist.edges[i] + hist.edges[i + 1]) / 2),
            y: Array.from(hist.counts),
            width: Array.from(hist.counts, (_, i) => hist.edges[i + 1] - hist.edges[i]),
            marker: { color: theme.line },
            hovertemplate: "%{x}<br>count %{y}<extra></extra>",
          },
        ],
        layout: { ...layout, height: PLOT_HEIGHT, bargap: 0, yaxis: { ...(layout.yaxis as object), type: logCounts ? "log" : "linear", title: { text: "count" } } },
        config: { responsive: true, displaylogo: false },
      })),
    [hist, logCounts],
  );

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <LabelledSelect label="Bins" value={bins} options={BIN_CHOICES} onChange={setBins} />
        <Checkbox checked={logCounts} onChange={setLogCounts}>
          Log counts
        </Checkbox>
      </div>
      {error && (
        <ErrorNote>{error}</ErrorNote>
      )}
      <div ref={plot} data-testid="histogram" data-painted={painted ? "true" : "false"} style={{ minHeight: PLOT_HEIGHT }} />
    </div>
  );
}
