/**
 * Long loops over typed arrays run in chunks. V8 compiles a function that
 * spends its first call in one long loop on the fly (OSR), before the code
 * after the loop has ever run; Node 20's V8 then deoptimises at that code at
 * the end of every later call and runs the loops several times slower. A
 * short first chunk lets the chunk function run to completion once, with
 * complete type feedback, before it gets hot.
 */
const FIRST_CHUNK = 256;
const CHUNK = 1 << 16;

/** Call step(start, end) over [from, to) in consecutive chunks. */
export function inChunks(from: number, to: number, step: (start: number, end: number) => void): void {
  let size = FIRST_CHUNK;
  for (let start = from; start < to; start += size, size = CHUNK) step(start, Math.min(to, start + size));
}
