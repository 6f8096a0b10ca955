"use client";
// The heatmap's colour scale beside the plot: the colormap's 256 colours from
// the domain's low end (bottom) to its high end, ticks in data units, and
// NaN's own colour. Drawn by the page, so a frame with another domain only
// moves a few labels.
import { useEffect, useMemo, useRef } from "react";
import { colorbarLabels, type Domain } from "@/lib/client/color-scale";
import { colormapLut, LUT_SIZE, NAN_COLOR, type ColormapName } from "@/lib/client/colormaps";
import type { ColorScale } from "@/lib/client/view-state";

interface Props {
  domain: Domain | null;
  scale: ColorScale;
  colormap: ColormapName;
  reverse: boolean;
  /** The bar's top and height, matching the plot area. */
  top: number;
  height: number;
}

export const COLORBAR_WIDTH = 84;

export function Colorbar({ domain, scale, colormap, reverse, top, height }: Props) {
  const bar = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = bar.current?.getContext("2d");
    if (!context) return;
    const lut = colormapLut(colormap, reverse);
    const pixels = new ImageData(1, LUT_SIZE);
    // Row 0 is the top of the bar: the high end of the domain.
    for (let i = 0; i < LUT_SIZE; i++) {
      const k = (LUT_SIZE - 1 - i) * 3;
      pixels.data.set([lut[k], lut[k + 1], lut[k + 2], 255], i * 4);
    }
    context.putImageData(pixels, 0, 0);
  }, [colormap, reverse]);
  const labels = useMemo(() => (domain ? colorbarLabels(scale, domain) : []), [domain, scale]);

  return (
    <div
      className="relative shrink-0 text-xs text-slate-700 dark:text-slate-300"
      style={{ width: COLORBAR_WIDTH, height: top + height + 28 }}
      data-testid="colorbar"
      aria-hidden={domain ? undefined : true}
    >
      <canvas ref={bar} width={1} height={LUT_SIZE} className="absolute left-2 w-3.5" style={{ top, height, visibility: domain ? "visible" : "hidden" }} />
      {labels.map(({ at, text }) => (
        <span key={text} className="absolute left-7 -translate-y-1/2 whitespace-nowrap tabular-nums" style={{ top: top + (1 - at) * height }}>
          {text}
        </span>
      ))}
      <span className="absolute left-2 flex items-center gap-1" style={{ top: top + height + 8 }}>
        <span className="inline-block size-2.5 rounded-sm" style={{ background: NAN_COLOR }} />
        NaN
      </span>
    </div>
  );
}
