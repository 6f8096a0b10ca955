// Turns a plane from the worker into a plotly heatmap trace and layout.
import { colorbarTicks, transformValue, type Domain } from "./colorScale";
import { plotlyColorscale, type ColormapName } from "./colormaps";
import type { ColorScale } from "./viewState";
import type { PlaneResult } from "./workerProtocol";

export interface HeatmapLook {
  colormap: ColormapName;
  reverse: boolean;
  scale: ColorScale;
  domain: Domain;
}

function scaledRows(plane: PlaneResult, scale: ColorScale): Float32Array[] {
  let values = plane.values;
  if (scale !== "linear") {
    values = new Float32Array(plane.values.length);
    for (let i = 0; i < values.length; i++) values[i] = transformValue(scale, plane.values[i]);
  }
  const rows = new Array<Float32Array>(plane.height);
  for (let r = 0; r < plane.height; r++) rows[r] = values.subarray(r * plane.width, (r + 1) * plane.width);
  return rows;
}

export function heatmapTrace(plane: PlaneResult, look: HeatmapLook, textColor: string): Record<string, unknown> {
  const ticks = colorbarTicks(look.scale, look.domain);
  return {
    type: "heatmap",
    z: scaledRows(plane, look.scale),
    // Cell centres in the original array's indices, so axes read true indices when downsampled.
    x0: (plane.factorX - 1) / 2,
    dx: plane.factorX,
    y0: (plane.factorY - 1) / 2,
    dy: plane.factorY,
    zmin: transformValue(look.scale, look.domain[0]),
    zmax: transformValue(look.scale, look.domain[1]),
    zauto: false,
    colorscale: plotlyColorscale(look.colormap, look.reverse),
    hoverinfo: "none",
    colorbar: {
      thickness: 14,
      outlinewidth: 0,
      tickfont: { color: textColor },
      ...(ticks ? { tickmode: "array", tickvals: ticks.tickvals, ticktext: ticks.ticktext } : {}),
    },
  };
}
