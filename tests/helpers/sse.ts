// Server-Sent Events readers over fetch, for tests and benchmarks of /api/events.
import type { Redis } from "ioredis";
import type { ArrayEvent, ArrayListPage } from "@/lib/api-types";

export interface SseMessage {
  event: string; // "message" when the server named none
  data: string;
}

export interface SseStream {
  /** Resolves with the first message (from now or already received) that matches, or rejects after timeoutMs. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Every message so far. */
  messages: SseMessage[];
  close(): void;
}

/** Parses an SSE body, calling onMessage per message; resolves when the body ends (or is aborted). */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (message: SseMessage) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const message = parseBlock(block);
        if (message) onMessage(message);
      }
    }
  } catch {
    // aborted by close(), or the server dropped the stream
  }
}

function parseBlock(block: string): SseMessage | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

async function fetchEventStream(url: string, init: RequestInit, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(url, { ...init, signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return response.body;
}

export async function openEventStream(url: string, init: RequestInit = {}): Promise<SseStream> {
  const controller = new AbortController();
  const body = await fetchEventStream(url, init, controller.signal);
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  let consumed = 0;
  void readSse(body, (message) => {
    messages.push(message);
    waiters.forEach((w) => w());
  });
  return {
    messages,
    next(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = consumed; i < messages.length; i++) {
            if (match(messages[i])) {
              consumed = i + 1;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(messages[i]);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/** A client of the live list, as the browser's is: the keys it would show. */
export interface ArrayKeyFollower {
  /** The keys it shows now. */
  readonly keys: ReadonlySet<string>;
  /** Change messages applied, and `resync` messages that made it list again. */
  readonly counts: { events: number; resyncs: number };
  /** Whether the server ended the stream (a client that fell too far behind is dropped). */
  readonly ended: boolean;
  /** Resolves once no re-listing is under way. */
  idle(): Promise<void>;
  close(): void;
}

/**
 * Lists every array (GET /api/arrays, all pages), then applies the events of
 * /api/events; on `resync` it lists again, replaying the events that arrived
 * while it listed, so it ends with the keys Redis has.
 */
export async function followArrayKeys(appUrl: string): Promise<ArrayKeyFollower> {
  const controller = new AbortController();
  const body = await fetchEventStream(`${appUrl}/api/events`, {}, controller.signal);
  let keys = new Set<string>();
  const counts = { events: 0, resyncs: 0 };
  let duringListing: ArrayEvent[] | null = null;
  let listing: Promise<void> = Promise.resolve();
  let ended = false;

  const relist = () => {
    const log: ArrayEvent[] = [];
    duringListing = log;
    listing = listAllKeys(appUrl, controller.signal).then(
      (listed) => {
        if (duringListing !== log) return; // a later resync lists again
        for (const event of log) applyEvent(listed, event);
        keys = listed;
        duringListing = null;
      },
      () => {
        if (duringListing === log) duringListing = null;
      },
    );
  };
  relist();
  void readSse(body, (message) => {
    if (message.event === "resync") {
      counts.resyncs++;
      relist();
    } else if (message.event === "message") {
      counts.events++;
      const event = JSON.parse(message.data) as ArrayEvent;
      if (duringListing) duringListing.push(event);
      applyEvent(keys, event);
    }
  }).then(() => (ended = true));

  return {
    get keys() {
      return keys;
    },
    counts,
    get ended() {
      return ended;
    },
    async idle() {
      let current: Promise<void>;
      do await (current = listing);
      while (current !== listing);
    },
    close: () => controller.abort(),
  };
}

function applyEvent(keys: Set<string>, event: ArrayEvent) {
  if (event.type === "renamed") keys.delete(event.from);
  if (event.type === "set" || event.type === "renamed") keys.add(event.key);
  else keys.delete(event.key);
}

async function listAllKeys(appUrl: string, signal: AbortSignal): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const response = await fetch(`${appUrl}/api/arrays?cursor=${cursor}&count=1000`, { signal });
    if (!response.ok) throw new Error(`GET /api/arrays answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as ArrayListPage;
    for (const item of page.items) keys.add(item.key);
    cursor = page.cursor;
  } while (cursor !== "0");
  return keys;
}

/** Every array key in Redis (SCAN TYPE numpyarry), what a follower should end with. */
export async function arrayKeysInRedis(client: Redis): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "COUNT", 1000, "TYPE", "numpyarry");
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

const sameKeys = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((key) => b.has(key));

/**
 * Waits until every follower shows exactly Redis's array keys; resolves with how many
 * do when that or the timeout comes first (the caller asserts, naming the difference).
 */
export async function waitUntilFollowersMatch(
  followers: readonly ArrayKeyFollower[],
  client: Redis,
  timeoutMs: number,
): Promise<{ matching: number; expected: Set<string> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await Promise.all(followers.map((f) => f.idle()));
    const expected = await arrayKeysInRedis(client);
    const matching = followers.filter((f) => sameKeys(f.keys, expected)).length;
    if (matching === followers.length || Date.now() > deadline) return { matching, expected };
    await new Promise((r) => setTimeout(r, 200));
  }
}
