"use client";
// The whole download of a partial array (a big stack shown a plane at a time),
// asked for by what needs every value: array statistics, histogram, table,
// SHA-256. Its progress is shown while the plane views stay usable; a new
// version of the array (a renewed worker handle) starts again from nothing.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ArrayWorker } from "./array-worker";
import type { Progress } from "./fetch-bytes";

export type WholeArray =
  /** Every byte is in the worker already (the array was never partial). */
  { phase: "here" } | { phase: "idle" } | { phase: "downloading"; progress: Progress } | { phase: "ready" } | { phase: "failed"; error: string };

export interface WholeArrayDownload {
  whole: WholeArray;
  /** The SHA-256 of the whole array's bytes, once downloaded. */
  sha256: string | null;
  /** Starts the download (once; a failed or cancelled one again). */
  request: () => void;
  cancel: () => void;
}

export function useWholeArray(worker: ArrayWorker | null, partial: boolean): WholeArrayDownload {
  const [held, setHeld] = useState<{ worker: ArrayWorker; whole: WholeArray } | null>(null);
  const whole: WholeArray = !partial ? { phase: "here" } : held && held.worker === worker ? held.whole : { phase: "idle" };

  /** The handle a download was asked for through, so a second ask joins it instead of starting another. */
  const asked = useRef<ArrayWorker | null>(null);
  const request = useCallback(() => {
    if (!worker || !partial || asked.current === worker) return;
    asked.current = worker;
    // Decided now, not when React applies the update: a failure forgets the ask right after reporting it.
    const set = (next: WholeArray) => {
      if (asked.current === worker) setHeld({ worker, whole: next });
    };
    set({ phase: "downloading", progress: { received: 0, total: null } });
    worker
      .call("whole", {}, [], (progress) => set({ phase: "downloading", progress }))
      .then(
        () => set({ phase: "ready" }),
        (e: unknown) => {
          set({ phase: "failed", error: e instanceof Error ? e.message : String(e) });
          if (asked.current === worker) asked.current = null;
        },
      );
  }, [worker, partial]);

  const cancel = useCallback(() => {
    worker?.call("cancelWhole", {}).catch(() => undefined);
  }, [worker]);

  // Its hash comes with it: the bytes are there, and a hash of half a gigabyte was worth waiting for.
  const [hash, setHash] = useState<{ worker: ArrayWorker; sha256: string } | null>(null);
  const ready = whole.phase === "ready";
  useEffect(() => {
    if (!ready || !worker) return;
    let stale = false;
    worker.call("sha256", {}).then(
      (sha256) => !stale && setHash({ worker, sha256 }),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [ready, worker]);

  return { whole, sha256: hash?.worker === worker ? hash.sha256 : null, request, cancel };
}
