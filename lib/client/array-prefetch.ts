// Starts loading an array the moment the user clicks it in the list, so the
// download overlaps the page navigation. NP.INFO comes to the page; the bytes
// go straight to the worker, which parses them there. The array page adopts
// the load in flight (by key) instead of starting again; a load nobody adopts
// soon is dropped.
import type { ArrayInfo } from "@/lib/api-types";
import { arrayUrl, fetchInfo } from "./api";
import type { ArrayWorker } from "./array-worker";
import { defaultView } from "./available-views";
import type { Progress } from "./fetch-bytes";
import { takeWorker } from "./spare-worker";
import { DEFAULT_VIEW_STATE } from "./view-state";
import type { ArrayDescription } from "./worker-protocol";

const UNCLAIMED_TTL_MS = 10_000;

export interface ArrayLoad {
  key: string;
  info: Promise<ArrayInfo | null>;
  /** The worker's summary once it has downloaded and parsed the bytes. */
  summary: Promise<ArrayDescription>;
  progress: Progress;
  onProgress: ((p: Progress) => void) | null;
  worker: ArrayWorker;
  /** Stops the download (and the worker with it). */
  abort: () => void;
}

let pending: { load: ArrayLoad; timer: ReturnType<typeof setTimeout> } | null = null;

/** `prefixBytes`: how much of the file's start to read with its header (see first-plane-prefix.ts). */
export function startArrayLoad(key: string, prefixBytes?: number): ArrayLoad {
  const controller = new AbortController();
  const worker = takeWorker();
  const load: ArrayLoad = {
    key,
    info: fetchInfo(key, controller.signal),
    summary: Promise.resolve(null as never),
    progress: { received: 0, total: null },
    onProgress: null,
    worker,
    abort: () => {
      controller.abort();
      worker.terminate();
    },
  };
  load.summary = worker.call("load", { url: arrayUrl(key), prefixBytes }, [], (p) => {
    load.progress = p;
    load.onProgress?.(p);
  });
  // Failures are reported by whoever awaits them; an abandoned load stays silent.
  load.summary.catch(() => undefined);
  load.info.catch(() => undefined);
  return load;
}

/**
 * A partial array opened from the list shows its first plane (the last two axes
 * at index 0) as a heatmap: the worker is asked for that plane's statistics as
 * soon as the header is parsed, which fetches the plane while the page is still
 * navigating, so the heatmap finds it in the worker's cache.
 */
function warmFirstPlane(worker: ArrayWorker, summary: ArrayDescription): void {
  const ndim = summary.shape.length;
  if (!summary.partial || !summary.isNumeric || defaultView(summary) !== "heatmap") return;
  const plane = { xAxis: ndim - 1, yAxis: ndim - 2, indices: new Array<number>(ndim).fill(0) };
  const source = { field: summary.numericFields[0], complexPart: summary.isComplex ? DEFAULT_VIEW_STATE.complexPart : undefined };
  // Only a head start: the page asks again and reports any failure.
  worker.call("stats", { ...source, plane }).catch(() => undefined);
}

/**
 * Called when an array is clicked in the list (the page it opens has the default view state);
 * `prefixBytes` from the list's row, when its first plane can come with its header.
 */
export function prefetchArray(key: string, prefixBytes: number | null = null): void {
  if (pending?.load.key === key) return;
  dropPending();
  const load = startArrayLoad(key, prefixBytes ?? undefined);
  load.summary.then(
    (summary) => warmFirstPlane(load.worker, summary),
    () => undefined,
  );
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
  pending = null;
}
