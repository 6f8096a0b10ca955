// Array events folded by key, the latest winning (pure logic). A burst of writes
// to a few keys becomes one event per key, and a client that applies the folded
// events ends with the same set of keys as one that applied every event.
import type { ArrayEvent } from "@/lib/api-types";

export class CoalescedEvents {
  // Map order is the order keys were last touched, so a later event for a key lands after earlier ones for others.
  private readonly byKey = new Map<string, ArrayEvent>();

  /** Distinct keys held. */
  get size(): number {
    return this.byKey.size;
  }

  add(event: ArrayEvent): void {
    if (event.type === "renamed") return this.addRename(event);
    this.replace(event);
  }

  addAll(events: Iterable<ArrayEvent>): void {
    for (const event of events) this.add(event);
  }

  /** The folded events, oldest first; empties the fold. */
  take(): ArrayEvent[] {
    const events = [...this.byKey.values()];
    this.byKey.clear();
    return events;
  }

  clear(): void {
    this.byKey.clear();
  }

  private addRename(event: ArrayEvent & { type: "renamed" }): void {
    // The rename tells the client that `from` is gone, whatever was pending for it.
    this.forget(event.from);
    this.replace(event.from === event.key ? { type: "set", key: event.key } : event);
  }

  private replace(event: ArrayEvent): void {
    this.forget(event.key);
    this.byKey.set(event.key, event);
  }

  private forget(key: string): void {
    const pending = this.byKey.get(key);
    this.byKey.delete(key);
    // A pending rename also said "its old name is gone"; that must not be lost with it.
    if (pending?.type === "renamed" && pending.from !== key && !this.byKey.has(pending.from)) {
      this.byKey.set(pending.from, { type: "del", key: pending.from });
    }
  }
}
