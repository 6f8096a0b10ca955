// The tab's memory as V8 counts it, for the page and each of its workers, through the Chrome
// DevTools Protocol: Playwright opens a CDP session on a page only, so the workers (where the
// plane cache lives) are reached through that session's auto-attached targets.
import type { CDPSession, Page } from "@playwright/test";

/** One realm's memory: its JS heap, and the backing stores of its ArrayBuffers (where planes' bytes live). */
export interface HeapUsage {
  usedSize: number;
  backingStorageSize: number;
}

export interface TabMemory {
  page: HeapUsage;
  workers: HeapUsage[];
}

/** Everything a realm holds: the heap plus the ArrayBuffers outside it. */
export function heldBytes(usage: HeapUsage): number {
  return usage.usedSize + usage.backingStorageSize;
}

/** How long a worker may take to answer before it counts as gone (a spare worker the app ended). */
const REPLY_MS = 10_000;

interface Reply {
  id?: number;
  result?: HeapUsage;
  error?: { message: string };
}

/**
 * Samples the page's and its workers' memory after a garbage collection in each (what is kept,
 * not what is waiting to be collected). Call `start` before the page makes its workers.
 */
export class TabMemoryProbe {
  private readonly workers = new Set<string>();
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private nextId = 1;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on("Target.attachedToTarget", (e) => {
      if (e.targetInfo.type === "worker") this.workers.add(e.sessionId);
    });
    cdp.on("Target.detachedFromTarget", (e) => {
      if (e.sessionId) this.workers.delete(e.sessionId);
    });
    cdp.on("Target.receivedMessageFromTarget", (e) => {
      const reply = JSON.parse(e.message) as Reply;
      if (reply.id === undefined) return;
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static async start(page: Page): Promise<TabMemoryProbe> {
    const cdp = await page.context().newCDPSession(page);
    const probe = new TabMemoryProbe(cdp);
    // Not flattened: Playwright's session cannot address a child session, but it can relay messages to one.
    await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return probe;
  }

  async sample(): Promise<TabMemory> {
    await this.cdp.send("HeapProfiler.collectGarbage");
    const page = await this.cdp.send("Runtime.getHeapUsage");
    const workers: HeapUsage[] = [];
    for (const sessionId of this.workers) {
      await this.inWorker(sessionId, "HeapProfiler.collectGarbage");
      const usage = await this.inWorker(sessionId, "Runtime.getHeapUsage");
      if (usage) workers.push(usage);
    }
    return { page: { usedSize: page.usedSize, backingStorageSize: page.backingStorageSize ?? 0 }, workers };
  }

  /** The worker's answer; null when it gave none within REPLY_MS (it ended meanwhile). */
  private async inWorker(sessionId: string, method: string): Promise<HeapUsage | null> {
    const id = this.nextId++;
    const replied = new Promise<Reply | null>((resolve) => {
      this.waiting.set(id, resolve);
      setTimeout(() => resolve(null), REPLY_MS);
    });
    await this.cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method }) });
    const reply = await replied;
    this.waiting.delete(id);
    if (!reply) return null;
    if (reply.error) throw new Error(`the worker's ${method} failed: ${reply.error.message}`);
    return { usedSize: reply.result?.usedSize ?? 0, backingStorageSize: reply.result?.backingStorageSize ?? 0 };
  }
}
