import "server-only";
// A window of a plane reduced near the data: every element is read from Redis
// (band by band, so the app holds one band at a time) and each block of s rows
// × t columns becomes its min, max and mean. A plane far bigger than the
// screen is then shown as what each pixel stands for, without its bytes
// crossing the network: a single hot element is still seen in the maxima.
import { blockSummaries, numericView, parseHeaderText, type BlockSummaries, type NpyHeader } from "@/lib/npy";
import type { BlockBand } from "@/lib/npy/block-records";
import { planeRuns, rangeLength, type ByteSpan, type PlaneWindow } from "@/lib/npy/plane-layout";
import type { ArrayLayout } from "../array-info";
import { keyBytes, notFound } from "../array-store";
import { ApiError } from "../errors";
import { gather } from "./plane-gather";

/** Bytes read from Redis per round: the app holds one band at a time, and a client gone away is noticed after at most one more. */
const BAND_BYTES = 8 << 20;

/** What each block becomes, in the order of the reply's planes. */
export const REDUCTIONS = ["min", "max", "mean"] as const;

/** `reduce=min,max,mean` (the only spelling: all three come from one pass); null when absent. */
export function reductionsParam(params: URLSearchParams): typeof REDUCTIONS | null {
  const text = params.get("reduce");
  if (text === null) return null;
  if (text !== REDUCTIONS.join(","))
    throw new ApiError(400, `"reduce" must be ${REDUCTIONS.join(",")} (each block's min, max and mean); got ${JSON.stringify(text)}`);
  return REDUCTIONS;
}

/**
 * The runs with each one that starts where the one before it ends joined to it:
 * a window as wide as the plane's rows is then one NP.GETRANGE per band instead
 * of one per row (the bytes arrive as they lie, so the band reads the same).
 */
function joinAdjacent(runs: ByteSpan[]): ByteSpan[] {
  const joined: ByteSpan[] = [];
  for (const run of runs) {
    const last = joined[joined.length - 1];
    if (last && last.start + last.length === run.start) last.length += run.length;
    else joined.push({ ...run });
  }
  return joined;
}

/** The band's bytes as a 2-D array of `lines` runs of `runElements` each, readable by lib/npy. */
function bandHeader(info: ArrayLayout, { descr, dtype }: Pick<NpyHeader, "descr" | "dtype">, lines: number, runElements: number): NpyHeader {
  const size = lines * runElements;
  return {
    version: "1.0",
    headerText: "",
    descr,
    dtype,
    shape: [lines, runElements],
    fortranOrder: false,
    dataOffset: 0,
    size,
    dataBytes: size * info.itemsize,
    pickled: false,
  };
}

/** What the reduction yields: a band of finished blocks, or word that the array was rewritten before the next band. */
export type ReducedBand = BlockBand | "rewritten";

/**
 * Blocks of window.rows.step × window.columns.step elements of the window
 * (cells on the same grid as the strided sample of that window), a band of
 * them at a time as they are finished, each band read from the version
 * `info.etag` names: "rewritten" (and nothing after it) when that version
 * changed meanwhile. Nothing is read before the caller asks for the next
 * band, so a reply streamed to a client reads no faster than the client takes it.
 */
export async function* reducedBands(
  key: string,
  info: ArrayLayout,
  axes: { xAxis: number; yAxis: number; indices: number[] },
  window: PlaneWindow,
  signal: AbortSignal,
): AsyncGenerator<ReducedBand, void, undefined> {
  if (/['"][|<>=]?c/.test(info.descr))
    throw new ApiError(422, "block reductions are served for real numbers; ask for a sample of a complex plane (rows=a:b:s&cols=c:d:t)");
  const every = { rows: { ...window.rows, step: 1 }, columns: { ...window.columns, step: 1 } };
  const plan = planeRuns(info.shape, info.fortranOrder, info.itemsize, info.dataOffset, axes.xAxis, axes.yAxis, axes.indices, every);
  if (!plan)
    throw new ApiError(422, "this plane is scattered over the whole array (neither of its axes is the fastest-varying one); download the array instead");
  const rows = rangeLength(window.rows);
  const columns = rangeLength(window.columns);
  const alongColumns = plan.runsAlong === "columns";
  const lineFactor = alongColumns ? window.rows.step : window.columns.step;
  const runFactor = alongColumns ? window.columns.step : window.rows.step;
  const runElements = plan.runs[0].length / info.itemsize;
  const blocksPerBand = Math.max(1, Math.floor(BAND_BYTES / (lineFactor * plan.runs[0].length)));
  const element = parseHeaderText(info.header);
  for (let first = 0, lineCell = 0; first < plan.runs.length; first += blocksPerBand * lineFactor, lineCell += blocksPerBand) {
    if (signal.aborted) throw new ApiError(499, "the client went away");
    const runs = plan.runs.slice(first, first + blocksPerBand * lineFactor);
    const read = await gather(keyBytes(key), joinAdjacent(runs));
    if (!read) throw notFound(key);
    if (read.etag !== info.etag) {
      yield "rewritten";
      return;
    }
    const band = Buffer.concat(read.chunks);
    const view = numericView({ header: bandHeader(info, element, runs.length, runElements), data: band });
    if (!view) throw new ApiError(422, "planes are served for arrays of plain numbers only; download the array instead");
    const blocks = blockSummaries(view, { xAxis: 1, yAxis: 0, indices: [0, 0] }, runFactor, lineFactor);
    // Blocks come as lines (of runs) × cells along a run; the reply's rows are lines only when runs go along columns.
    yield alongColumns
      ? { rowStart: lineCell, rows: blocks.height, colStart: 0, columns, min: blocks.min, max: blocks.max, mean: blocks.mean }
      : { rowStart: 0, rows, colStart: lineCell, columns: blocks.height, ...transposed(blocks) };
  }
}

/** The blocks' three planes with rows and columns swapped. */
function transposed(blocks: BlockSummaries): { min: Float64Array; max: Float64Array; mean: Float64Array } {
  const swap = (plane: Float64Array) => {
    const out = new Float64Array(plane.length);
    for (let y = 0; y < blocks.height; y++) for (let x = 0; x < blocks.width; x++) out[x * blocks.height + y] = plane[y * blocks.width + x];
    return out;
  };
  return { min: swap(blocks.min), max: swap(blocks.max), mean: swap(blocks.mean) };
}
