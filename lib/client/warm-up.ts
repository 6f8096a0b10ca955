// A new worker's first frame ran its numeric code cold: V8 interprets a loop
// until it has run often enough to compile it, and the statistics, the block
// reduction and the colouring of the first 256² plane took 40–150 ms that way
// against 2–3 ms once compiled. A spare worker (see spare-worker.ts) runs that
// code once on a small synthetic plane of its own while the page is idle, so
// the array it is handed is drawn by compiled code.
import { computeStats, displayRange, inMemoryArray, numericView, reducedCut, type ElementWindow, type NpyArray } from "@/lib/npy";
import { colorizePlane } from "./colorize-plane";
import { DEFAULT_VIEW_STATE } from "./view-state";

const SIDE = 192;

function syntheticPlane(): NpyArray {
  const values = Float32Array.from({ length: SIDE * SIDE }, (_, i) => Math.sin(i / 97) * (i % SIDE));
  return inMemoryArray("<f4", [SIDE, SIDE], new Uint8Array(values.buffer));
}

/** Runs a heatmap frame's computations in the default colours (a whole plane and one reduced by blocks) and a plane's statistics a few times. */
export async function warmUp(): Promise<void> {
  const array = syntheticPlane();
  const view = numericView(array, {});
  if (!view) return;
  const whole: ElementWindow = { x: [0, SIDE], y: [0, SIDE] };
  const { reduce, clipPercent, scale, colormap, reverse } = DEFAULT_VIEW_STATE;
  for (let round = 0; round < 3; round++) {
    computeStats(view);
    for (const cells of [SIDE, SIDE / 2]) {
      const cut = reducedCut({ array, view, xAxis: 1, yAxis: 0, indices: [0, 0] }, whole, cells, cells, reduce);
      const range = displayRange(cut.values, clipPercent);
      const rgba = colorizePlane(cut.values, scale, [range.min, range.max], colormap, reverse);
      (await createImageBitmap(new ImageData(rgba, cut.grid.width, cut.grid.height))).close();
    }
  }
}
