"use client";
// Draws a plotly.js figure into a div whenever the figure's inputs change, and
// purges the plot when the component goes away.
import { useEffect, useState, type RefObject } from "react";
import type { Config, Layout, PlotData } from "plotly.js-dist-min";
import { drawInto } from "./load-plotly";
import { baseLayout, currentPlotTheme, type PlotTheme } from "./plot-theme";

export interface Figure {
  data: PlotData[];
  layout: Layout;
  config: Config;
}

/**
 * `makeFigure` builds the figure from the theme and the base layout (null: nothing to
 * draw yet); the figure is drawn again when it is a new function, so callers memoize it
 * (useMemo/useCallback). Returns whether the latest figure is on screen (a frame after
 * plotly finished), which the tests and benchmarks wait for.
 */
export function usePlotlyFigure(plot: RefObject<HTMLDivElement | null>, makeFigure: ((theme: PlotTheme, layout: Layout) => Figure) | null): boolean {
  // Which figure is on screen: a new one is not until plotly has drawn it.
  const [painted, setPainted] = useState<{ figure: typeof makeFigure }>({ figure: null });

  useEffect(() => {
    const el = plot.current;
    if (!el || !makeFigure) return;
    let cancelled = false;
    void drawInto(el, async (Plotly) => {
      if (cancelled) return;
      const theme = currentPlotTheme();
      const figure = makeFigure(theme, baseLayout(theme));
      await Plotly.react(el, figure.data, figure.layout, figure.config);
      requestAnimationFrame(() => !cancelled && setPainted({ figure: makeFigure }));
    });
    return () => {
      cancelled = true;
    };
  }, [plot, makeFigure]);

  useEffect(() => {
    const el = plot.current;
    return () => {
      if (el) void drawInto(el, (Plotly) => Plotly.purge(el));
    };
  }, [plot]);

  return makeFigure !== null && painted.figure === makeFigure;
}
