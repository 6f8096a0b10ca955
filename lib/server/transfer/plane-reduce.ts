import "server-only";
// A window of a plane reduced inside Redis: each block of s rows × t columns
// becomes its min, max and mean (NP.BLOCKS, redis-module/npy_blocks.c), a
// band of blocks per call, so only the results cross the network. A plane far
// bigger than the screen is then shown as what each pixel stands for: a
// single hot element is still seen in the maxima.
import type { BlockBand } from "@/lib/npy/block-records";
import { bandFromWire } from "@/lib/npy/block-records";
import { rangeLength, type AxisRange, type PlaneWindow } from "@/lib/npy/plane-layout";
import type { ArrayLayout } from "../array-info";
import { keyBytes, notFound } from "../array-store";
import { ApiError } from "../errors";
import { readBlocks, type BlockSpan, type BlocksRequest } from "./np-blocks";
import { RedisReplyError } from "./route";

/**
 * Elements reduced per call: 8 MiB of float32, as the app read per band
 * before; about 3 ms of Redis's time on this machine (redis-module/README.md),
 * a band the page can paint, and a client gone away noticed after at most
 * one more. Within the module's own bound (NPY_BLOCKS_MAX_ELEMENTS).
 */
const BAND_ELEMENTS = 1 << 21;
/** NP.BLOCKS refuses a call reading more elements than this: a block must fit in one. */
const MODULE_MAX_ELEMENTS = 1 << 22;

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

/** What the reduction yields: a band of finished blocks, or word that the array was rewritten before the next band. */
export type ReducedBand = BlockBand | "rewritten";

/** Blocks [first, first + count) of a range cut in blocks of range.step, as elements. */
function blockSpan(range: AxisRange, first: number, count: number): BlockSpan {
  const start = range.start + first * range.step;
  return { start, stop: Math.min(range.stop, start + count * range.step), step: range.step };
}

/** A call's rectangle of the reply's grid: [first, count] of block rows and of block columns. */
interface Tile {
  rows: [number, number];
  cols: [number, number];
}

/**
 * The calls covering the window: bands of whole blocks along the axis that
 * varies slower in memory (so each call reads contiguous lines), cut along the
 * other too when one line of blocks is over the band; each a rectangle of the
 * reply's grid of blocks.
 */
function* tiles(window: PlaneWindow, bandsDown: boolean): Generator<Tile> {
  const [lines, runs] = bandsDown ? [window.rows, window.columns] : [window.columns, window.rows];
  const lineBlocks = rangeLength(lines);
  const runBlocks = rangeLength(runs);
  const runElements = runs.stop - runs.start;
  // A block is a step along each axis, or the whole range where that is shorter.
  const [blockLines, blockRuns] = [Math.min(lines.step, lines.stop - lines.start), Math.min(runs.step, runElements)];
  if (blockLines * blockRuns > MODULE_MAX_ELEMENTS)
    throw new ApiError(422, `a block may hold at most ${MODULE_MAX_ELEMENTS} elements; these are ${blockLines}×${blockRuns}: ask for smaller steps`);
  const linesPerCall = Math.max(1, Math.floor(BAND_ELEMENTS / (lines.step * runElements)));
  const runsPerCall = lines.step * runElements <= BAND_ELEMENTS ? runBlocks : Math.max(1, Math.floor(BAND_ELEMENTS / (lines.step * runs.step)));
  for (let line = 0; line < lineBlocks; line += linesPerCall) {
    for (let run = 0; run < runBlocks; run += runsPerCall) {
      const along: [number, number] = [line, Math.min(linesPerCall, lineBlocks - line)];
      const across: [number, number] = [run, Math.min(runsPerCall, runBlocks - run)];
      yield bandsDown ? { rows: along, cols: across } : { rows: across, cols: along };
    }
  }
}

/** NP.BLOCKS's refusals as the API's: a dtype it does not reduce is 422, a server without the command 503. */
function apiError(error: unknown): unknown {
  if (!(error instanceof RedisReplyError)) return error;
  if (/real numbers|dimensions/.test(error.message)) return new ApiError(422, error.message.replace(/^ERR /, ""));
  if (/unknown command/i.test(error.message))
    return new ApiError(503, "the Redis module is older than this app (it lacks NP.BLOCKS): load the current redis-module/numpy_redis.so");
  return error;
}

/**
 * Blocks of window.rows.step × window.columns.step elements of the window
 * (cells on the same grid as the strided sample of that window), a band of
 * them at a time as they are finished, each band reduced by Redis from the
 * version `info.etag` names: "rewritten" (and nothing after it) when that
 * version changed meanwhile. One band is read ahead of the one the caller
 * takes, no more, so a reply streamed to a client goes no faster than the
 * client takes it, and stops when it goes away.
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
  const rowsAxis = Math.min(axes.xAxis, axes.yAxis);
  const colsAxis = Math.max(axes.xAxis, axes.yAxis);
  const fastest = info.fortranOrder ? 0 : info.shape.length - 1;
  if (fastest !== rowsAxis && fastest !== colsAxis)
    throw new ApiError(422, "this plane is scattered over the whole array (neither of its axes is the fastest-varying one); download the array instead");
  const name = keyBytes(key);
  const read = (tile: Tile) => {
    const request: BlocksRequest = {
      rowsAxis,
      colsAxis,
      indices: axes.indices,
      rows: blockSpan(window.rows, ...tile.rows),
      cols: blockSpan(window.columns, ...tile.cols),
    };
    return readBlocks(name, request).catch((error: unknown) => {
      throw apiError(error);
    });
  };
  const calls = tiles(window, fastest === colsAxis);
  let tile = calls.next();
  let reading = tile.done ? null : read(tile.value);
  while (!tile.done && reading) {
    if (signal.aborted) throw new ApiError(499, "the client went away");
    const reply = await reading;
    const done = tile.value;
    // The next band is asked for while this one goes out: Redis reduces as the client receives.
    tile = calls.next();
    reading = tile.done ? null : read(tile.value);
    reading?.catch(() => undefined);
    if (!reply) throw notFound(key);
    if (reply.etag !== info.etag) {
      yield "rewritten";
      return;
    }
    yield bandFromWire({ rowStart: done.rows[0], rows: reply.rows, colStart: done.cols[0], columns: reply.columns }, reply.planes);
  }
}
