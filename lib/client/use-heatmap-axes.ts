"use client";
// Plotly draws only a heatmap's axes (transparent, over the canvas that holds
// the picture) and handles pan, wheel and box zoom and double-click reset on
// them. Every range change is reported while it happens, so the canvas
// follows a drag, and once more when it settles.
import { useEffect, useRef, type RefObject } from "react";
import type { PlotlyHTMLElement } from "plotly.js-dist-min";
import { fullRanges, PLOT_MARGIN, type AxisRanges, type PlotBox } from "./heatmap-geometry";
import { drawInto } from "./load-plotly";
import { baseLayout, currentPlotTheme } from "./plot-theme";

interface Axes {
  nx: number;
  ny: number;
  xAxis: number;
  yAxis: number;
  /** Square cells: Plotly keeps one x unit as long as one y unit through zooms. */
  equal: boolean;
  figure: PlotBox;
  /** Changes when the plane is another one: the zoom starts over. */
  viewKey: string;
}

/** The ranges Plotly holds now (its full layout is where a drag's ranges live while it happens). */
function currentRanges(el: HTMLElement): AxisRanges | null {
  const full = (el as unknown as { _fullLayout?: { xaxis?: { range?: number[] }; yaxis?: { range?: number[] } } })._fullLayout;
  const x = full?.xaxis?.range;
  const y = full?.yaxis?.range;
  if (!x || !y || x.length !== 2 || y.length !== 2) return null;
  return { x: [Number(x[0]), Number(x[1])], y: [Number(y[0]), Number(y[1])] };
}

/**
 * `enabled` holds the axes back until the first frame is painted: a Plotly
 * draw is a long main-thread task, and the picture should not wait for it.
 */
export function useHeatmapAxes(
  plot: RefObject<HTMLDivElement | null>,
  axes: Axes,
  enabled: boolean,
  onRanges: (ranges: AxisRanges, settled: boolean) => void,
): void {
  const report = useRef(onRanges);
  useEffect(() => {
    report.current = onRanges;
  });
  const { nx, ny, xAxis, yAxis, equal, figure, viewKey } = axes;

  useEffect(() => {
    const el = plot.current;
    if (!el || !enabled) return;
    let cancelled = false;
    void drawInto(el, async (Plotly) => {
      if (cancelled) return;
      const theme = currentPlotTheme();
      const layout = baseLayout(theme);
      const full = fullRanges(nx, ny);
      const axis = { showgrid: false, zeroline: false, ticks: "outside", autorange: false };
      const graph: PlotlyHTMLElement = await Plotly.react(
        el,
        // An invisible trace spanning the plane, so the axes have a subplot to belong to.
        [{ type: "scatter", mode: "none", x: full.x, y: full.y, hoverinfo: "skip", showlegend: false }],
        {
          ...layout,
          width: figure.width,
          height: figure.height,
          autosize: false,
          margin: { ...PLOT_MARGIN, pad: 0 },
          hovermode: false,
          xaxis: { ...(layout.xaxis as object), ...axis, range: full.x, title: { text: `axis ${xAxis}` } },
          yaxis: {
            ...(layout.yaxis as object),
            ...axis,
            range: full.y,
            title: { text: `axis ${yAxis}` },
            ...(equal ? { scaleanchor: "x", scaleratio: 1 } : {}),
          },
          uirevision: viewKey,
        },
        { responsive: false, scrollZoom: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] },
      );
      if (cancelled) return;
      performance.mark("heatmap:axes");
      // Pan and zoom work from here on: the axes come after the picture (see `enabled`).
      el.dataset.ready = "true";
      graph.removeAllListeners?.("plotly_relayouting");
      graph.removeAllListeners?.("plotly_relayout");
      const follow = (settled: boolean) => () => {
        const ranges = currentRanges(el);
        if (ranges) report.current(ranges, settled);
      };
      graph.on("plotly_relayouting", follow(false));
      graph.on("plotly_relayout", follow(true));
      follow(true)();
    });
    return () => {
      cancelled = true;
    };
  }, [plot, nx, ny, xAxis, yAxis, equal, figure.width, figure.height, viewKey, enabled]);

  useEffect(() => {
    const el = plot.current;
    return () => {
      if (el) void drawInto(el, (Plotly) => Plotly.purge(el));
    };
  }, [plot]);
}
