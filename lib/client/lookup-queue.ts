// Live updates can name thousands of keys a second (a Python loop writing arrays).
// Rather than one /info request per event, keys wait here briefly and go out in
// batches of one GET /api/arrays?key=…&key=… each, one batch at a time; a key
// written many times in the meantime is asked about once.
import type { ArrayLookup } from "@/lib/api-types";

/** How long the first key of a batch waits for others. */
const GATHER_MS = 50;
/** What the API accepts in one lookup (MAX_LOOKUP_KEYS on the server). */
const KEYS_PER_BATCH = 200;
/** Keep the query string well below what servers and proxies accept. */
const MAX_QUERY_CHARS = 6000;

export type Lookup = (keys: string[]) => Promise<ArrayLookup>;

export class LookupQueue {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  private generation = 0;

  constructor(
    private readonly lookup: Lookup,
    private readonly onResult: (result: ArrayLookup) => void,
  ) {}

  add(key: string): void {
    this.pending.add(key);
    this.schedule();
  }

  /** Forgets pending keys and ignores answers to batches already sent (the list was reloaded). */
  clear(): void {
    this.generation++;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.busy || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send();
    }, GATHER_MS);
  }

  private async send(): Promise<void> {
    const batch = this.takeBatch();
    const generation = this.generation;
    this.busy = true;
    try {
      const result = await this.lookup(batch);
      if (generation === this.generation) this.onResult(result);
    } catch {
      // The next event or resync asks again; a failed batch must not stop the queue.
    } finally {
      this.busy = false;
      this.schedule();
    }
  }

  private takeBatch(): string[] {
    const batch: string[] = [];
    let chars = 0;
    for (const key of this.pending) {
      const cost = encodeURIComponent(key).length + 5;
      if (batch.length > 0 && (batch.length >= KEYS_PER_BATCH || chars + cost > MAX_QUERY_CHARS)) break;
      batch.push(key);
      chars += cost;
      this.pending.delete(key);
    }
    return batch;
  }
}
