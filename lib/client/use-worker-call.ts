"use client";
// One worker call, re-run whenever its inputs change. A result that arrives after
// newer inputs (or after unmounting) is dropped, so a slow call never overwrites a
// newer one; the previous result stays on screen until the new one is ready.
import { useEffect, useState } from "react";
import type { ArrayWorker } from "./array-worker";
import type { WorkerCall, WorkerCalls } from "./worker-protocol";

export interface WorkerCallState<R> {
  result: R | null;
  error: string | null;
}

/** `args` null skips the call; the call runs again when `args` is a new object, so callers memoize it (useMemo). */
export function useWorkerCall<K extends WorkerCall>(
  worker: ArrayWorker,
  call: K,
  args: WorkerCalls[K]["request"] | null,
): WorkerCallState<WorkerCalls[K]["result"]> {
  const [state, setState] = useState<WorkerCallState<WorkerCalls[K]["result"]>>({ result: null, error: null });
  useEffect(() => {
    if (args === null) return;
    let stale = false;
    worker.call(call, args).then(
      (result) => !stale && setState({ result, error: null }),
      (e: unknown) => !stale && setState((s) => ({ result: s.result, error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      stale = true;
    };
  }, [worker, call, args]);
  return state;
}
