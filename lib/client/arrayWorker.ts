// The page's handle on npy.worker.ts: typed calls that return promises.
// Buffers in requests and results are transferred, never copied.
import type { Progress } from "./fetchBytes";
import type { WorkerCall, WorkerCalls, WorkerResponse } from "./workerProtocol";

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (p: Progress) => void };

export class ArrayWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor() {
    this.worker = new Worker(new URL("./npy.worker.ts", import.meta.url), { type: "module", name: "npy" });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if ("progress" in message) return pending.onProgress?.(message.progress);
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`the array worker stopped: ${event.message || "unknown error"}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  call<K extends WorkerCall>(
    call: K,
    args: WorkerCalls[K]["request"],
    transfer: Transferable[] = [],
    onProgress?: (p: Progress) => void,
  ): Promise<WorkerCalls[K]["result"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, call, args }, transfer);
    });
  }

  terminate(): void {
    this.worker.terminate();
    const error = new Error("cancelled");
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
