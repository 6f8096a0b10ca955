import type { NpyHeader } from "./header";

/** Whether two headers lay out their data alike (dtype, order, offset and shape), so bytes read for one can be read as the other. */
export function sameDataLayout(a: NpyHeader, b: NpyHeader): boolean {
  return a.descr === b.descr && a.fortranOrder === b.fortranOrder && a.dataOffset === b.dataOffset && a.shape.join() === b.shape.join();
}
