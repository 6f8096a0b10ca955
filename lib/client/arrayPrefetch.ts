// Starts loading an array the moment the user clicks it in the list, so the
// download overlaps the page navigation. The array page adopts the load in
// flight (by key) instead of starting again; a load nobody adopts soon is
// dropped.
import { arrayUrl, fetchInfo, type ArrayInfo } from "./api";
import { ArrayWorker } from "./arrayWorker";
import { fetchBytes, type Progress } from "./fetchBytes";

const UNCLAIMED_TTL_MS = 10_000;

export interface ArrayLoad {
  key: string;
  info: Promise<ArrayInfo | null>;
  bytes: Promise<ArrayBuffer>;
  progress: Progress;
  onProgress: ((p: Progress) => void) | null;
  /** Started with the download so its script is loaded by the time the bytes are. */
  worker: ArrayWorker;
  abort: () => void;
}

let pending: { load: ArrayLoad; timer: ReturnType<typeof setTimeout> } | null = null;

export function startArrayLoad(key: string): ArrayLoad {
  const controller = new AbortController();
  const load: ArrayLoad = {
    key,
    info: Promise.resolve(null),
    bytes: Promise.resolve(new ArrayBuffer(0)),
    progress: { received: 0, total: null },
    onProgress: null,
    worker: new ArrayWorker(),
    abort: () => controller.abort(),
  };
  load.bytes = fetchBytes(arrayUrl(key), controller.signal, (p) => {
    load.progress = p;
    load.onProgress?.(p);
  });
  load.info = fetchInfo(key, controller.signal);
  // Failures are reported by whoever awaits them; an abandoned load stays silent.
  load.bytes.catch(() => undefined);
  load.info.catch(() => undefined);
  return load;
}

/** Called when an array is clicked in the list. */
export function prefetchArray(key: string): void {
  if (pending?.load.key === key) return;
  dropPending();
  const load = startArrayLoad(key);
  pending = { load, timer: setTimeout(dropPending, UNCLAIMED_TTL_MS) };
}

/** The array page takes over the load started by a click, if it is for this key. */
export function claimArrayLoad(key: string): ArrayLoad | null {
  if (!pending || pending.load.key !== key) return null;
  const { load, timer } = pending;
  clearTimeout(timer);
  pending = null;
  return load;
}

function dropPending(): void {
  if (!pending) return;
  clearTimeout(pending.timer);
  pending.load.abort();
  pending.load.worker.terminate();
  pending = null;
}
