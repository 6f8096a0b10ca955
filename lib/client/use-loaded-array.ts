"use client";
// Loads one array for the array page: NP.INFO first (instant metadata), then
// the bytes with progress and cancel, parsed in the worker. Object arrays stop
// after the metadata: their data is a pickle and is never decoded here.
// `refresh` then swaps in newer versions while the page keeps showing one.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ArrayInfo } from "@/lib/api-types";
import { arrayUrl } from "./api";
import type { CheckOutcome } from "./array-follower";
import { claimArrayLoad, startArrayLoad } from "./array-prefetch";
import type { ArrayWorker } from "./array-worker";
import type { Progress } from "./fetch-bytes";
import { infoOfVersion } from "./live-array";
import type { ArrayDescription } from "./worker-protocol";

export type LoadPhase = "info" | "downloading" | "parsing" | "ready" | "object" | "missing" | "cancelled" | "error";

export interface LoadedArray {
  phase: LoadPhase;
  info: ArrayInfo | null;
  progress: Progress;
  summary: ArrayDescription | null;
  sha256: string | null;
  error: string | null;
  worker: ArrayWorker | null;
  cancel: () => void;
  reload: () => void;
  /** Downloads the array again if it changed (a conditional GET) and shows the new version; the old one stays until then. */
  refresh: () => Promise<CheckOutcome>;
}

/** NumPy marks dtypes holding Python objects with "O" in the descr. */
export function holdsObjects(descr: string): boolean {
  return /['"][|<>=]?O\d*['"]/.test(descr);
}

export function useLoadedArray(key: string): LoadedArray {
  const [phase, setPhase] = useState<LoadPhase>("info");
  const [info, setInfo] = useState<ArrayInfo | null>(null);
  const [progress, setProgress] = useState<Progress>({ received: 0, total: null });
  const [summary, setSummary] = useState<ArrayDescription | null>(null);
  const [sha256, setSha256] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [worker, setWorker] = useState<ArrayWorker | null>(null);
  const [attempt, setAttempt] = useState(0);
  const controller = useRef<AbortController | null>(null);
  /** The worker handle and ETag of the version on screen, for refreshes started from timers. */
  const shown = useRef<{ worker: ArrayWorker; etag: string | null } | null>(null);

  // A new key or a reload starts from the metadata again.
  const [loading, setLoading] = useState({ key, attempt });
  if (loading.key !== key || loading.attempt !== attempt) {
    setLoading({ key, attempt });
    setPhase("info");
    setSummary(null);
    setSha256(null);
    setError(null);
    setWorker(null);
  }

  useEffect(() => {
    const abort = new AbortController();
    controller.current = abort;
    // Metadata and bytes are asked for at once (or were, by the click that
    // led here); an object array's download is dropped as soon as NP.INFO
    // shows it holds pickles.
    performance.mark("array:page");
    const load = claimArrayLoad(key) ?? startArrayLoad(key);
    const w = load.worker;
    shown.current = null;
    (async () => {
      abort.signal.addEventListener("abort", load.abort);
      setProgress(load.progress);
      load.onProgress = (p) => {
        setProgress(p);
        if (p.received === p.total) {
          performance.mark("array:bytes");
          setPhase((phase) => (phase === "downloading" ? "parsing" : phase));
        }
      };
      const meta = await load.info;
      performance.mark("array:info");
      setInfo(meta);
      if (!meta || holdsObjects(meta.descr)) {
        load.abort();
        return setPhase(meta ? "object" : "missing");
      }
      setPhase(load.progress.total !== null && load.progress.received === load.progress.total ? "parsing" : "downloading");
      const parsed = await load.summary;
      performance.mark("array:parsed");
      if (abort.signal.aborted) return;
      setSummary(parsed);
      setWorker(w);
      shown.current = { worker: w, etag: parsed.etag };
      setPhase("ready");
      // A partial array's hash would need all of its bytes; it is not worth a 500 MiB download.
      if (!parsed.partial) setSha256(await w.call("sha256", {}));
    })().catch((e: unknown) => {
      if (abort.signal.aborted) return;
      setError(e instanceof Error ? e.message : String(e));
      setPhase("error");
    });
    return () => abort.abort();
  }, [key, attempt]);

  const cancel = useCallback(() => {
    controller.current?.abort();
    setPhase("cancelled");
  }, []);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);

  const refresh = useCallback(async (): Promise<CheckOutcome> => {
    const current = shown.current;
    if (!current) return "unchanged";
    const result = await current.worker.call("refresh", { url: arrayUrl(key), ifNoneMatch: current.etag });
    if (result.kind !== "new" || shown.current !== current) return result.kind;
    const renewed = current.worker.renewed();
    shown.current = { worker: renewed, etag: result.summary.etag };
    setSummary(result.summary);
    setWorker(renewed);
    setSha256(result.sha256);
    setInfo((previous) => previous && infoOfVersion(previous, result.summary));
    return "new";
  }, [key]);

  return { phase, info, progress, summary, sha256, error, worker, cancel, reload, refresh };
}
