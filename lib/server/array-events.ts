import "server-only";
import { decodeKey } from "./array-key";
import type { Redis } from "ioredis";
import { ARRAY_TYPE } from "./array-store";
import type { ArrayEvent } from "@/lib/api-types";
import { hasNeededFlags, KeyspaceInterpreter, withNeededFlags } from "./keyspace-notification";
import { createSubscriber, everyRedisNode, redis, redisDb, type RedisSubscriber } from "./redis";

export type EventsStatus = { enabled: true } | { enabled: false; reason: string };

export interface EventListener {
  onEvent(event: ArrayEvent): void;
  /** Keyspace notifications are unavailable (or were switched off). */
  onUnavailable(reason: string): void;
  /** The subscription was re-established after a disconnect: changes may have been missed. */
  onResync(): void;
}

const STATUS_CACHE_MS = 10_000;
// Keys the hub has seen as arrays, so an overwrite by a string is reported as a
// deletion only for those. Bounded: the oldest are forgotten first.
const KNOWN_KEYS_LIMIT = 200_000;
// After the last listener leaves, keep the subscription briefly: page navigations reconnect at once.
const LINGER_MS = 5_000;

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
  private queue: Promise<void> = Promise.resolve();
  private lingerTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private readyOnce = false;

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
      if (this.readyOnce) this.broadcast((l) => l.onResync());
      this.readyOnce = true;
    });
    subscriber.on("pmessageBuffer", (_pattern: Buffer, channel: Buffer, message: Buffer) => {
      const key = decodeKey(channel.subarray(Buffer.byteLength(prefix)));
      if (key === null) return;
      const event = message.toString();
      this.queue = this.queue.then(() => this.handle(key, event)).catch(() => {});
    });
    void subscriber.psubscribe(`${prefix}*`).catch(() => {});
    this.recheckTimer = setInterval(() => void this.recheck(), STATUS_CACHE_MS * 3);
  }

  private stop() {
    this.lingerTimer = null;
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    this.recheckTimer = null;
    this.subscriber?.disconnect();
    this.subscriber = null;
    this.known.clear();
  }

  private async recheck() {
    const status = await ensureKeyspaceEvents().catch(() => null);
    if (status && !status.enabled) this.broadcast((l) => l.onUnavailable(status.reason));
  }

  private async handle(key: string, event: string) {
    const meaning = this.interpreter.interpret(key, event);
    switch (meaning.kind) {
      case "ignore":
        return;
      case "event":
        return this.emit(meaning.event);
      case "ifKnown":
        if (this.known.has(key)) this.emit(meaning.event);
        return;
      case "ifArray": {
        const type = await redis().type(key).catch(() => "none");
        if (type === ARRAY_TYPE) this.emit(meaning.ifArray);
        else if (meaning.otherwise && this.known.has(key)) this.emit(meaning.otherwise);
      }
    }
  }

  private emit(event: ArrayEvent) {
    if (event.type === "set" || event.type === "renamed") this.remember([event.key]);
    else this.known.delete(event.key);
    if (event.type === "renamed") this.known.delete(event.from);
    this.broadcast((l) => l.onEvent(event));
  }

  private broadcast(send: (listener: EventListener) => void) {
    for (const listener of this.listeners) send(listener);
  }
}

const HUB_KEY = Symbol.for("numpy-redis.array-event-hub");
function hub(): ArrayEventHub {
  const store = globalThis as typeof globalThis & { [HUB_KEY]?: ArrayEventHub };
  return (store[HUB_KEY] ??= new ArrayEventHub());
}

/** Subscribes to array changes over the one shared subscriber connection; returns the unsubscribe. */
export function subscribeArrayEvents(listener: EventListener): () => void {
  return hub().add(listener);
}

/** Tells the hub these keys are arrays a client has seen (so overwrites by other types count as deletions). */
export function rememberArrayKeys(keys: Iterable<string>) {
  hub().remember(keys);
}
