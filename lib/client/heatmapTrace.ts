// The plotly traces of a heatmap whose pixels the worker already coloured:
// an image trace (one pixel per cell, placed in the array's own indices) and
// an invisible two-value heatmap that only draws the colorbar.
import { colorbarTicks, transformValue } from "./colorScale";
import { NAN_COLOR, plotlyColorscale, type ColormapName } from "./colormaps";
import type { ColorScale } from "./viewState";
import type { HeatmapResult } from "./workerProtocol";

export interface HeatmapLook {
  colormap: ColormapName;
  reverse: boolean;
  scale: ColorScale;
}

/** Index of the first element a cell covers, on the axis where cells span `factor` elements. */
export function cellCentre(factor: number): number {
  return (factor - 1) / 2;
}

export function heatmapTraces(result: HeatmapResult, look: HeatmapLook, textColor: string): Record<string, unknown>[] {
  const x0 = cellCentre(result.factorX);
  const y0 = cellCentre(result.factorY);
  const traces: Record<string, unknown>[] = [
    { type: "image", source: result.image, x0, dx: result.factorX, y0, dy: result.factorY, hoverinfo: "none" },
  ];
  if (result.domain) {
    const [lo, hi] = result.domain;
    const ticks = colorbarTicks(look.scale, result.domain);
    traces.push({
      type: "heatmap",
      z: [[transformValue(look.scale, lo), transformValue(look.scale, hi)]],
      x: [x0, x0],
      y: [y0],
      opacity: 0,
      hoverinfo: "skip",
      zmin: transformValue(look.scale, lo),
      zmax: transformValue(look.scale, hi),
      colorscale: plotlyColorscale(look.colormap, look.reverse),
      colorbar: {
        thickness: 14,
        outlinewidth: 0,
        tickfont: { color: textColor },
        // The legend names NaN's own colour (colorizePlane), below the bar.
        title: { text: `<span style="color:${NAN_COLOR}">■</span> NaN`, side: "bottom", font: { color: textColor, size: 11 } },
        ...(ticks ? { tickmode: "array", tickvals: ticks.tickvals, ticktext: ticks.ticktext } : {}),
      },
    });
  }
  return traces;
}
