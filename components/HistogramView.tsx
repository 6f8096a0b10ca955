"use client";
// How the plotted values are distributed, drawn from counts already computed:
// bars over the bins' edges, with the bin count to choose and log counts.
import { useMemo, useRef, useState } from "react";
import type { Layout } from "plotly.js-dist-min";
import type { HistogramResult } from "@/lib/client/worker-protocol";
import { usePlotlyFigure, type Figure } from "@/lib/client/use-plotly-figure";
import type { PlotTheme } from "@/lib/client/plot-theme";
import { Checkbox } from "./Checkbox";
import { ErrorNote } from "./ErrorNote";
import { LabelledSelect } from "./LabelledSelect";

const BIN_CHOICES = [16, 32, 64, 128, 256] as const;
const PLOT_HEIGHT = 360;

interface Props {
  /** The counts to draw; null until the first ones are computed. */
  histogram: HistogramResult | null;
  error: string | null;
  bins: number;
  onBins: (bins: number) => void;
}

export function HistogramView({ histogram, error, bins, onBins }: Props) {
  const plot = useRef<HTMLDivElement>(null);
  const [logCounts, setLogCounts] = useState(false);
  const makeFigure = useMemo(
    () =>
      histogram &&
      ((theme: PlotTheme, layout: Layout): Figure => ({
        data: [
          {
            type: "bar",
            x: Array.from(histogram.counts, (_, i) => (histogram.edges[i] + histogram.edges[i + 1]) / 2),
            y: Array.from(histogram.counts),
            width: Array.from(histogram.counts, (_, i) => histogram.edges[i + 1] - histogram.edges[i]),
            marker: { color: theme.line },
            hovertemplate: "%{x}<br>count %{y}<extra></extra>",
          },
        ],
        layout: {
          ...layout,
          height: PLOT_HEIGHT,
          bargap: 0,
          yaxis: { ...(layout.yaxis as object), type: logCounts ? "log" : "linear", title: { text: "count" } },
        },
        config: { responsive: true, displaylogo: false },
      })),
    [histogram, logCounts],
  );
  const painted = usePlotlyFigure(plot, makeFigure);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <LabelledSelect label="Bins" value={bins} options={BIN_CHOICES} onChange={onBins} />
        <Checkbox checked={logCounts} onChange={setLogCounts}>
          Log counts
        </Checkbox>
      </div>
      {error && <ErrorNote>{error}</ErrorNote>}
      <div ref={plot} data-testid="histogram" data-painted={painted ? "true" : "false"} style={{ minHeight: PLOT_HEIGHT }} />
    </div>
  );
}
