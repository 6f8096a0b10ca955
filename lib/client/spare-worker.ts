// A worker started as soon as the list page is on screen, so that the click that opens an
// array does not wait for the worker's script to be fetched and started before
// the first request for the array's bytes can go out, nor for its first frame's
// code to be compiled (warm-up.ts).
import { ArrayWorker } from "./array-worker";

let spare: ArrayWorker | null = null;

/** Starts a worker to hand to the next array opened, unless one is waiting already. */
export function prepareSpareWorker(): void {
  if (spare) return;
  spare = new ArrayWorker();
  // Milliseconds of work, off the page's thread; a failure would only mean a cold first frame, as before.
  spare.call("warm", {}).catch(() => undefined);
}

/** The waiting worker, or a new one: each array gets a worker of its own. */
export function takeWorker(): ArrayWorker {
  const worker = spare ?? new ArrayWorker();
  spare = null;
  return worker;
}
