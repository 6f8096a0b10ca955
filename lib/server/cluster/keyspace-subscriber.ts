import "server-only";
import { EventEmitter } from "node:events";
import { Redis, type Cluster } from "ioredis";
import { nodeOptions } from "./client";
import type { ClusterSettings } from "./settings";
import { readTopology, splitAddress, whenReady } from "./topology";

const RESYNC_INTERVAL_MS = 1000;

/**
 * A pub/sub connection per master, behind the part of a Redis client's
 * interface the event hub uses (psubscribe, "pmessageBuffer", "ready",
 * disconnect). Keyspace notifications are published only on the node where
 * the key lives, so every master needs its own subscriber; the set follows the
 * topology (failover, resharding, new masters). "ready" fires when the first
 * master is subscribed and again whenever one is (re)subscribed later, since
 * notifications may have been missed in between.
 *
 * Resharding moves an array with MIGRATE: the target publishes "restore" and
 * the source "del". A "del" for a key that still exists in the cluster is such
 * a move and is not passed on.
 */
export class ClusterKeyspaceSubscriber extends EventEmitter {
  private readonly subscribers = new Map<string, Redis>();
  private readonly patterns = new Set<string>();
  /** Masters of the first subscription not yet ready; null once "ready" has fired. */
  private firstSubscription: Set<string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onTopologyChange = () => void this.sync();

  constructor(
    private readonly cluster: Cluster,
    private readonly settings: ClusterSettings,
  ) {
    super();
    cluster.on("refresh", this.onTopologyChange);
    cluster.on("+node", this.onTopologyChange);
    cluster.on("-node", this.onTopologyChange);
    this.timer = setInterval(this.onTopologyChange, RESYNC_INTERVAL_MS);
  }

  async psubscribe(...patterns: string[]): Promise<number> {
    for (const p of patterns) this.patterns.add(p);
    await Promise.all([...this.subscribers.values()].map((s) => s.psubscribe(...patterns)));
    await this.sync();
    return this.patterns.size;
  }

  /** Addresses of the masters currently subscribed, for health and tests. */
  subscribedMasters(): string[] {
    return [...this.subscribers.entries()].filter(([, s]) => s.status === "ready").map(([a]) => a);
  }

  disconnect(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.cluster.off("refresh", this.onTopologyChange);
    this.cluster.off("+node", this.onTopologyChange);
    this.cluster.off("-node", this.onTopologyChange);
    for (const subscriber of this.subscribers.values()) subscriber.disconnect();
    this.subscribers.clear();
  }

  private sync(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.reconcile()
        // The next topology change or tick retries; an "error" nobody listens for would throw.
        .catch((error: Error) => void (this.listenerCount("error") > 0 && this.emit("error", error)))
        .finally(() => (this.syncing = null));
    }
    return this.syncing;
  }

  private async reconcile() {
    if (this.closed || this.patterns.size === 0) return;
    const masters = (await readTopology(this.cluster)).filter((n) => n.role === "master" && !n.failed);
    const wanted = new Set(masters.map((m) => m.address));
    for (const [address, subscriber] of this.subscribers) {
      if (!wanted.has(address) || subscriber.status === "end") {
        subscriber.disconnect();
        this.subscribers.delete(address);
      }
    }
    this.firstSubscription ??= new Set(wanted);
    for (const address of wanted) if (!this.subscribers.has(address)) this.subscribe(address);
  }

  /** "ready" once every first master is subscribed; after that, on every (re)subscription. */
  private onSubscribed(address: string) {
    const first = this.firstSubscription;
    if (first && first.size > 0) {
      first.delete(address);
      if (first.size === 0) this.emit("ready");
      return;
    }
    this.emit("ready");
  }

  private subscribe(address: string) {
    const subscriber = new Redis({
      ...nodeOptions(this.settings),
      ...splitAddress(address),
      // A master that stops answering is replaced by the topology, not retried for long.
      retryStrategy: (attempt) => (attempt > 3 ? null : 200 * attempt),
      maxRetriesPerRequest: null,
    });
    this.subscribers.set(address, subscriber);
    subscriber.on("error", () => {});
    subscriber.on("ready", () => this.onSubscribed(address));
    subscriber.on("end", () => {
      if (this.subscribers.get(address) === subscriber) this.subscribers.delete(address);
    });
    subscriber.on("pmessageBuffer", (pattern: Buffer, channel: Buffer, message: Buffer) => {
      this.queue = this.queue.then(() => this.forward(pattern, channel, message)).catch(() => {});
    });
    void subscriber.psubscribe(...this.patterns).catch(() => {});
  }

  private async forward(pattern: Buffer, channel: Buffer, message: Buffer) {
    if (message.toString() === "del") {
      const key = channel.subarray(channel.indexOf(":") + 1);
      const stillThere = await this.cluster.exists(key).catch(() => 0);
      if (stillThere) return;
    }
    this.emit("pmessageBuffer", pattern, channel, message);
  }
}

/** Connections to every node the client knows (masters and replicas), for per-node settings. */
export async function everyNode(cluster: Cluster): Promise<Redis[]> {
  await whenReady(cluster);
  return cluster.nodes("all");
}
