// The page's handle on npy.worker.ts: typed calls that return promises.
// Buffers in requests and results are transferred, never copied.
//
// When a refresh puts another version of the array into the worker, the page
// takes a renewed handle: views that depend on the handle compute again, and
// answers to calls made through an older handle that the worker gave after
// the swap are dropped (they were asked about the old version, e.g. a slice
// index the new shape lacks; their views are asking again anyway).
import type { Progress } from "./fetch-bytes";
import type { RefreshResult, WorkerCall, WorkerCalls, WorkerResponse } from "./worker-protocol";

type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress, partial?: unknown) => void;
  /** The version of the array the call was made for. */
  generation: number;
  /** A refresh call: its answer may say that the worker now holds another version. */
  refresh: boolean;
};

/** The worker itself, shared by every handle on it. */
class WorkerConnection {
  readonly worker = new Worker(new URL("./npy.worker.ts", import.meta.url), { type: "module", name: "npy" });
  readonly pending = new Map<number, Pending>();
  nextId = 1;
  generation = 0;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if ("progress" in message) return pending.generation < this.generation ? undefined : pending.onProgress?.(message.progress, message.partial);
      this.pending.delete(message.id);
      if (pending.generation < this.generation) return;
      if (message.ok) {
        if (pending.refresh && (message.result as RefreshResult).kind === "new") this.generation++;
        pending.resolve(message.result);
      } else pending.reject(new Error(message.error));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.rejectAll(new Error(`the array worker stopped: ${event.message || "unknown error"}`));
    };
  }

  rejectAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

export class ArrayWorker {
  private readonly generation: number;

  constructor(private readonly connection = new WorkerConnection()) {
    this.generation = connection.generation;
  }

  call<K extends WorkerCall>(
    call: K,
    args: WorkerCalls[K]["request"],
    transfer: Transferable[] = [],
    onProgress?: (p: Progress, partial?: WorkerCalls[K]["result"]) => void,
  ): Promise<WorkerCalls[K]["result"]> {
    const { connection } = this;
    const id = connection.nextId++;
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: onProgress as Pending["onProgress"],
        generation: this.generation,
        refresh: call === "refresh",
      };
      connection.pending.set(id, pending);
      connection.worker.postMessage({ id, call, args }, transfer);
    });
  }

  /** A handle on the same worker for the version it holds now (after a refresh brought a new one). */
  renewed(): ArrayWorker {
    return new ArrayWorker(this.connection);
  }

  terminate(): void {
    this.connection.worker.terminate();
    this.connection.rejectAll(new Error("cancelled"));
  }
}
