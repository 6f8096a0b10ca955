"use client";
// An H×W×3/4 array drawn as the picture it is, pixel for pixel.
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/array-worker";
import { useWorkerCall } from "@/lib/client/use-worker-call";
import { Checkbox } from "./Checkbox";
import { ErrorNote } from "./ErrorNote";

/** `indices`: the same array while the frame stays the same (a new one asks the worker again). */
export function RgbImage({ worker, indices }: { worker: ArrayWorker; indices: number[] }) {
  const args = useMemo(() => ({ indices }), [indices]);
  // The canvas keeps the last picture while the next is on its way; a later picture clears an earlier error.
  const { result: image, error } = useWorkerCall(worker, "rgb", args);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [smooth, setSmooth] = useState(false);
  const size = image && { width: image.width, height: image.height };

  // Drawn before the browser paints the commit that says data-painted, so the two never disagree.
  useLayoutEffect(() => {
    const el = canvas.current;
    if (!image || !el) return;
    el.width = image.width;
    el.height = image.height;
    el.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(image.rgba.buffer as ArrayBuffer), image.width, image.height), 0, 0);
  }, [image]);

  return (
    <div className="flex flex-col gap-2">
      {error && <ErrorNote>{error}</ErrorNote>}
      <div className="overflow-auto rounded border border-slate-200 bg-[repeating-conic-gradient(#e2e8f0_0_25%,transparent_0_50%)] bg-[length:16px_16px] dark:border-slate-800 dark:bg-[repeating-conic-gradient(#1e293b_0_25%,transparent_0_50%)]">
        <canvas
          ref={canvas}
          data-testid="rgb-image"
          data-painted={size ? "true" : "false"}
          className="mx-auto block max-h-[70vh] max-w-full"
          style={{ imageRendering: smooth ? "auto" : "pixelated", width: size && size.width < 256 ? size.width * Math.floor(256 / size.width) : undefined }}
        />
      </div>
      <div className="flex items-center gap-4 text-xs text-slate-600 dark:text-slate-400">
        {size && (
          <span>
            {size.height}×{size.width} pixels
          </span>
        )}
        <Checkbox checked={smooth} onChange={setSmooth}>
          Smooth scaling
        </Checkbox>
      </div>
    </div>
  );
}
