import "server-only";
// A window of a plane reduced near the data: every element is read from Redis
// (band by band, so the app holds one band at a time) and each block of s rows
// × t columns becomes its min, max and mean. A plane far bigger than the
// screen is then shown as what each pixel stands for, without its bytes
// crossing the network: a single hot element is still seen in the maxima.
import { blockSummaries, numericView, parseHeaderText, type NpyHeader } from "@/lib/npy";
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

export interface ReducedPlane {
  etag: string;
  rows: number;
  columns: number;
  /** Three C-ordered rows × columns planes of float64: each block's min, then max, then mean. */
  body: Buffer;
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
function bandHeader(info: ArrayLayout, lines: number, runElements: number): NpyHeader {
  const { descr, dtype } = parseHeaderText(info.header);
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

/**
 * Blocks of window.rows.step × window.columns.step elements of the window
 * (cells on the same grid as the strided sample of that window), read from
 * the version NP.ETAG names: null when that version changed meanwhile.
 */
export async function reducedPlane(
  key: string,
  info: ArrayLayout,
  axes: { xAxis: number; yAxis: number; indices: number[] },
  window: PlaneWindow,
  signal: AbortSignal,
): Promise<ReducedPlane | null> {
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
  const out = new Float64Array(3 * rows * columns);
  const planeCells = rows * columns;
  for (let first = 0, lineCell = 0; first < plan.runs.length; first += blocksPerBand * lineFactor, lineCell += blocksPerBand) {
    if (signal.aborted) throw new ApiError(499, "the client went away");
    const runs = plan.runs.slice(first, first + blocksPerBand * lineFactor);
    const read = await gather(keyBytes(key), joinAdjacent(runs));
    if (!read) throw notFound(key);
    if (read.etag !== info.etag) return null;
    const band = Buffer.concat(read.chunks);
    const view = numericView({ header: bandHeader(info, runs.length, runElements), data: band });
    if (!view) throw new ApiError(422, "planes are served for arrays of plain numbers only; download the array instead");
    const blocks = blockSummaries(view, { xAxis: 1, yAxis: 0, indices: [0, 0] }, runFactor, lineFactor);
    for (let ly = 0; ly < blocks.height; ly++) {
      for (let rx = 0; rx < blocks.width; rx++) {
        const from = ly * blocks.width + rx;
        const to = alongColumns ? (lineCell + ly) * columns + rx : rx * columns + lineCell + ly;
        out[to] = blocks.min[from];
        out[planeCells + to] = blocks.max[from];
        out[2 * planeCells + to] = blocks.mean[from];
      }
    }
  }
  return { etag: info.etag, rows, columns, body: Buffer.from(out.buffer) };
}
