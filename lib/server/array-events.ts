import "server-only";
import { decodeKey } from "./array-key";
import { processSingleton } from "./process-singleton";
import { Redis } from "ioredis";
import { ARRAY_TYPE } from "./array-store";
import type { ArrayEvent } from "@/lib/api-types";
import { CoalescedEvents } from "./coalesced-events";
import { hasNeededFlags, KeyspaceInterpreter, withNeededFlags, type Interpretation } from "./keyspace-notification";
import { createSubscriber, everyRedisNode, redis, redisDb, type RedisSubscriber } from "./redis";

export type EventsStatus = { enabled: true } | { enabled: false; reason: string };

export interface EventListener {
  /**
   * A batch of changes, folded by key (the latest per key wins). Every listener gets
   * the same array, so a listener may cache what it derives from it (its encoding).
   */
  onEvents(events: readonly ArrayEvent[]): void;
  /** Keyspace notifications are unavailable (or were switched off). */
  onUnavailable(reason: string): void;
  /** Changes may have been missed (Redis reconnected, or the hub fell behind): list again. */
  onResync(reason: string): void;
}

const STATUS_CACHE_MS = 10_000;
// Keys the hub has seen as arrays, so an overwrite by a string is reported as a
// deletion only for those. Bounded: the oldest are forgotten first.
const KNOWN_KEYS_LIMIT = 200_000;
// After the last listener leaves, keep the subscription briefly: page navigations reconnect at once.
const LINGER_MS = 5_000;
// Notifications are handed on at most this often: a burst becomes a few batches a
// second per client instead of one message per write, and a lone change still goes at once.
const BATCH_INTERVAL_MS = 50;
// Notifications waiting for a batch (a Redis that does not answer TYPE holds them up):
// past this, they are dropped and clients re-list instead.
const MAX_WAITING_NOTIFICATIONS = 100_000;
// ioredis handles everything a socket read brings in one go, and a burst brings megabytes
// (tens of thousands of notifications, hundreds of ms): past this many in one turn of the
// event loop, the subscriber's socket waits for the next turn, so requests are served between slices.
const NOTIFICATIONS_PER_TURN = 500;

let statusCache: { status: EventsStatus; readAt: number } | null = null;

/**
 * Checks notify-keyspace-events and, when it lacks what the events stream needs,
 * adds it with CONFIG SET. The answer says why events are off when that fails.
 */
export async function ensureKeyspaceEvents(): Promise<EventsStatus> {
  if (statusCache && Date.now() - statusCache.readAt < STATUS_CACHE_MS) return statusCache.status;
  let status: EventsStatus = { enabled: true };
  try {
    // Each node of a cluster publishes only its own keys' events: every node needs the flags.
    for (const node of await everyRedisNode()) {
      status = await ensureNodeKeyspaceEvents(node);
      if (!status.enabled) break;
    }
  } catch (error) {
    status = {
      enabled: false,
      reason: `cannot read notify-keyspace-events (${(error as Error).message}); live updates are off. Enable them on the Redis server with notify-keyspace-events KEA`,
    };
  }
  statusCache = { status, readAt: Date.now() };
  return status;
}

async function ensureNodeKeyspaceEvents(node: Redis): Promise<EventsStatus> {
  let flags: string;
  try {
    const reply = (await node.call("CONFIG", "GET", "notify-keyspace-events")) as string[];
    flags = reply?.[1] ?? "";
  } catch (error) {
    return {
      enabled: false,
      reason: `cannot read notify-keyspace-events (${(error as Error).message}); live updates are off. Enable them on the Redis server with notify-keyspace-events KEA`,
    };
  }
  if (hasNeededFlags(flags)) return { enabled: true };
  const wanted = withNeededFlags(flags);
  try {
    await node.call("CONFIG", "SET", "notify-keyspace-events", wanted);
    return { enabled: true };
  } catch (error) {
    return {
      enabled: false,
      reason: `keyspace notifications are off (notify-keyspace-events is "${flags}") and CONFIG SET was refused (${(error as Error).message}); live updates are off. Set notify-keyspace-events ${wanted} on the Redis server`,
    };
  }
}

class ArrayEventHub {
  private readonly listeners = new Set<EventListener>();
  private subscriber: RedisSubscriber | null = null;
  private readonly interpreter = new KeyspaceInterpreter();
  private readonly known = new Set<string>();
  private waiting: Interpretation[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private batching = false;
  private lastBatchAt = 0;
  private lingerTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private readyOnce = false;
  /** Settles once Redis confirmed the PSUBSCRIBE (or refused it): from then on no change is missed. */
  subscribed: Promise<void> = Promise.resolve();

  add(listener: EventListener): () => void {
    this.listeners.add(listener);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.lingerTimer = setTimeout(() => this.stop(), LINGER_MS);
    };
  }

  remember(keys: Iterable<string>) {
    if (!this.subscriber) return;
    for (const key of keys) {
      this.known.delete(key);
      this.known.add(key);
    }
    while (this.known.size > KNOWN_KEYS_LIMIT) this.known.delete(this.known.values().next().value!);
  }

  private start() {
    if (this.subscriber) return;
    const db = redisDb();
    const prefix = `__keyspace@${db}__:`;
    const subscriber = createSubscriber();
    this.subscriber = subscriber;
    this.readyOnce = false;
    subscriber.on("error", () => {}); // reconnects on its own; the command client reports outages
    subscriber.on("ready", () => {
      if (this.readyOnce) this.broadcast((l) => l.onResync("reconnected to Redis; changes may have been missed"));
      this.readyOnce = true;
    });
    const pace = turnPacer(subscriber);
    subscriber.on("pmessageBuffer", (_pattern: Buffer, channel: Buffer, message: Buffer) => {
      pace();
      const key = decodeKey(channel.subarray(Buffer.byteLength(prefix)));
      if (key !== null) this.receive(key, message.toString());
    });
    this.subscribed = subscriber.psubscribe(`${prefix}*`).then(
      () => {},
      () => {},
    );
    this.recheckTimer = setInterval(() => void this.recheck(), STATUS_CACHE_MS * 3);
  }

  private stop() {
    this.lingerTimer = null;
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    this.recheckTimer = null;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.waiting = [];
    this.subscriber?.disconnect();
    this.subscriber = null;
    this.known.clear();
  }

  private async recheck() {
    const status = await ensureKeyspaceEvents().catch(() => null);
    if (status && !status.enabled) this.broadcast((l) => l.onUnavailable(status.reason));
  }

  /** Called once per notification, possibly thousands of times a second: interpret, queue, nothing more. */
  private receive(key: string, event: string) {
    const meaning = this.interpreter.interpret(key, event);
    if (meaning.kind === "ignore") return;
    if (this.waiting.length >= MAX_WAITING_NOTIFICATIONS) {
      this.waiting = [];
      this.broadcast((l) => l.onResync("too many changes at once; changes were skipped"));
    }
    this.waiting.push(meaning);
    this.scheduleBatch();
  }

  private scheduleBatch() {
    if (this.batchTimer || this.batching) return;
    const wait = Math.max(0, this.lastBatchAt + BATCH_INTERVAL_MS - Date.now());
    this.batchTimer = setTimeout(() => {
      this.batchTimer = null;
      void this.sendBatch();
    }, wait);
  }

  private async sendBatch() {
    this.batching = true;
    this.lastBatchAt = Date.now();
    try {
      const notifications = this.waiting;
      this.waiting = [];
      const events = await this.resolve(notifications);
      if (events.size > 0) {
        const batch = events.take();
        this.broadcast((l) => l.onEvents(batch));
      }
    } catch (error) {
      this.broadcast((l) => l.onResync(`could not read changes from Redis (${(error as Error).message}); listing again`));
    } finally {
      this.batching = false;
      if (this.waiting.length > 0) this.scheduleBatch();
    }
  }

  /** The events the notifications mean, in order, folded by key; the types some need are read in one go. */
  private async resolve(notifications: readonly Interpretation[]): Promise<CoalescedEvents> {
    const types = await typesOf(notifications);
    const events = new CoalescedEvents();
    for (const meaning of notifications) {
      const event = this.eventFor(meaning, types);
      if (event) {
        this.track(event);
        events.add(event);
      }
    }
    return events;
  }

  private eventFor(meaning: Interpretation, types: ReadonlyMap<string, string>): ArrayEvent | null {
    switch (meaning.kind) {
      case "ignore":
        return null;
      case "event":
        return meaning.event;
      case "ifKnown":
        return this.known.has(meaning.event.key) ? meaning.event : null;
      case "ifArray":
        if (types.get(meaning.key) === ARRAY_TYPE) return meaning.ifArray;
        return meaning.otherwise && this.known.has(meaning.key) ? meaning.otherwise : null;
    }
  }

  private track(event: ArrayEvent) {
    if (event.type === "set" || event.type === "renamed") this.remember([event.key]);
    else this.known.delete(event.key);
    if (event.type === "renamed") this.known.delete(event.from);
  }

  private broadcast(send: (listener: EventListener) => void) {
    for (const listener of this.listeners) {
      try {
        send(listener);
      } catch {
        // a stream closed under us: it leaves the set on its own, and must not cost the others their batch
      }
    }
  }
}

/**
 * Counts notifications per turn of the event loop and pauses a single server's subscriber
 * socket at NOTIFICATIONS_PER_TURN until the next turn. (A cluster subscriber's node
 * connections are not reachable from here; it reads at full speed.)
 */
function turnPacer(subscriber: RedisSubscriber): () => void {
  if (!(subscriber instanceof Redis)) return () => {};
  let handled = 0;
  let nextTurnScheduled = false;
  return () => {
    if (!nextTurnScheduled) {
      nextTurnScheduled = true;
      setImmediate(() => {
        handled = 0;
        nextTurnScheduled = false;
        subscriber.stream.resume();
      });
    }
    if (++handled === NOTIFICATIONS_PER_TURN) subscriber.stream.pause();
  };
}

/**
 * TYPE of every key some notification needs it for, each asked once and all at
 * once (not one round-trip after another); a key that cannot be read counts as none.
 */
async function typesOf(notifications: readonly Interpretation[]): Promise<Map<string, string>> {
  const keys = new Set<string>();
  for (const meaning of notifications) if (meaning.kind === "ifArray") keys.add(meaning.key);
  const client = redis();
  const types = await Promise.all([...keys].map((key) => client.type(key).catch(() => "none")));
  return new Map([...keys].map((key, i) => [key, types[i]]));
}

const hub = processSingleton("array-event-hub", () => new ArrayEventHub());

/**
 * Subscribes to array changes over the one shared subscriber connection. Returns
 * the unsubscribe, and `subscribed`, which settles once Redis confirmed the
 * subscription: a change made after that reaches the listener.
 */
export function subscribeArrayEvents(listener: EventListener): { unsubscribe: () => void; subscribed: Promise<void> } {
  const unsubscribe = hub().add(listener);
  return { unsubscribe, subscribed: hub().subscribed };
}

/** Tells the hub these keys are arrays a client has seen (so overwrites by other types count as deletions). */
export function rememberArrayKeys(keys: Iterable<string>) {
  hub().remember(keys);
}
