"use client";
// An H×W×3/4 array drawn as the picture it is, pixel for pixel.
import { useEffect, useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/array-worker";
import { useStableValues } from "@/lib/client/use-stable-values";
import { Checkbox } from "./Checkbox";
import { ErrorNote } from "./ErrorNote";

export function RgbImage({ worker, indices }: { worker: ArrayWorker; indices: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [smooth, setSmooth] = useState(false);
  const wanted = useStableValues(indices);

  useEffect(() => {
    let stale = false;
    worker.call("rgb", { indices: wanted }).then(
      (image) => {
        const el = canvas.current;
        if (stale || !el) return;
        el.width = image.width;
        el.height = image.height;
        el.getContext("2d")?.putImageData(new ImageData(new Uint8ClampedArray(image.rgba.buffer as ArrayBuffer), image.width, image.height), 0, 0);
        setSize({ width: image.width, height: image.height });
      },
      (e: unknown) => !stale && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      stale = true;
    };
  }, [worker, wanted]);

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
