/**
 * A min/max pyramid of one long line: level j holds the min and max of every
 * block of 2^(baseShift + j) elements. Built once in one pass, it answers a
 * bucket's extremes from a few blocks (at most two per level) and the
 * elements at its two ends that no whole base block covers, so re-bucketing a
 * 10⁸-element line on zoom costs about the number of buckets, not of
 * elements. The extremes are the elements' own values (kept as float64), so
 * the envelope equals a scan's exactly, NaN skipped as numpy's nanmin/nanmax do.
 */
import { bucketEnvelope, placeLine, scanExtremes, type LineEnvelope, type LinePlacement, type LineRange } from "./plane";
import type { NumericView } from "./numeric";

/** At most this many base blocks, so a pyramid holds at most 32 bytes per base block (32 MiB) whatever the line's length. */
const MAX_BASE_BLOCKS = 1 << 20;
/** The smallest base block: a pyramid (two float64 per 16 elements, twice that with the levels above) weighs at most half a float32 line. */
const MIN_BASE_SHIFT = 4;

interface Level {
  min: Float64Array;
  max: Float64Array;
}

export interface LinePyramid {
  line: LinePlacement;
  /** Base blocks are 2^baseShift elements. */
  baseShift: number;
  /** levels[j]: extremes of each block of 2^(baseShift + j) elements (the last one may be shorter); NaN for a block without a number. */
  levels: Level[];
}

/** The pyramid of the line along `axis` with the other axes fixed at `indices`. */
export function buildLinePyramid(view: NumericView, axis: number, indices: readonly number[]): LinePyramid {
  const line = placeLine(view, axis, indices);
  const baseShift = Math.max(MIN_BASE_SHIFT, Math.ceil(Math.log2(Math.max(1, line.length / MAX_BASE_BLOCKS))));
  const levels = [baseLevel(line, baseShift)];
  while (levels[levels.length - 1].min.length > 1) levels.push(halved(levels[levels.length - 1]));
  return { line, baseShift, levels };
}

/** Bytes the pyramid holds besides the line itself. */
export function pyramidBytes(pyramid: LinePyramid): number {
  return pyramid.levels.reduce((sum, level) => sum + level.min.byteLength + level.max.byteLength, 0);
}

// One pass over the line, block after block, without a call per block: this is the build's whole cost.
function baseLevel(line: LinePlacement, shift: number): Level {
  const size = 1 << shift;
  const count = Math.ceil(line.length / size);
  const min = new Float64Array(count);
  const max = new Float64Array(count);
  const { values, stride } = line;
  for (let block = 0, at = line.base; block < count; block++) {
    const end = Math.min(line.length, (block + 1) * size);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = block * size; i < end; i++, at += stride) {
      const v = values[at];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const none = lo === Infinity && hi === -Infinity;
    min[block] = none ? NaN : lo;
    max[block] = none ? NaN : hi;
  }
  return { min, max };
}

// A block without a number (NaN) gives way to any other: only two such blocks give NaN again.
function halved(level: Level): Level {
  const count = Math.ceil(level.min.length / 2);
  const min = new Float64Array(count);
  const max = new Float64Array(count);
  for (let block = 0; block < count; block++) {
    let lo = level.min[2 * block];
    let hi = level.max[2 * block];
    if (2 * block + 1 < level.min.length) {
      const otherLo = level.min[2 * block + 1];
      const otherHi = level.max[2 * block + 1];
      if (otherLo < lo || Number.isNaN(lo)) lo = otherLo;
      if (otherHi > hi || Number.isNaN(hi)) hi = otherHi;
    }
    min[block] = lo;
    max[block] = hi;
  }
  return { min, max };
}

/** [min, max] of elements start … end-1, from the fewest whole blocks that cover them and a scan of the rest. */
export function pyramidExtremes(pyramid: LinePyramid, start: number, end: number): [number, number] {
  const { line, baseShift, levels } = pyramid;
  const base = 1 << baseShift;
  // A bucket of a few base blocks at most is scanned: as quick, and it skips the walk.
  if (end - start < 4 * base) return scanExtremes(line, start, end);
  const firstBlock = Math.min(end, Math.ceil(start / base) * base);
  const lastBlock = Math.max(firstBlock, Math.floor(end / base) * base);
  // The elements before the first whole base block and after the last one.
  const [headLo, headHi] = scanExtremes(line, start, firstBlock);
  const [tailLo, tailHi] = scanExtremes(line, lastBlock, end);
  let lo = Math.min(headLo, tailLo);
  let hi = Math.max(headHi, tailHi);
  // Block sizes as numbers, not 32-bit shifts: a line may pass 2^31 elements.
  for (let at = firstBlock, size = base, j = 0; at < lastBlock;) {
    // The biggest block that starts here and ends within the range: grow while aligned and short enough, shrink while too long.
    while (j + 1 < levels.length && at % (size * 2) === 0 && at + size * 2 <= lastBlock) {
      size *= 2;
      j++;
    }
    while (at + size > lastBlock || at % size !== 0) {
      size /= 2;
      j--;
    }
    const block = at / size;
    const blockLo = levels[j].min[block];
    const blockHi = levels[j].max[block];
    if (blockLo < lo) lo = blockLo;
    if (blockHi > hi) hi = blockHi;
    at += size;
  }
  return [lo, hi];
}

/** The same buckets as lineEnvelope over the pyramid's line, each answered from the pyramid. */
export function pyramidEnvelope(pyramid: LinePyramid, maxPoints: number, range?: LineRange): LineEnvelope {
  return bucketEnvelope(pyramid.line.length, maxPoints, range, (start, end) => pyramidExtremes(pyramid, start, end));
}
