import "server-only";
import { transferConnections } from "../config";
import { ApiError } from "../errors";
import { processSingleton } from "../process-singleton";
import { RedisWire, type WireTarget } from "./wire";

// Wires per endpoint: the idle ones, kept for the next transfer, how many are
// open, and the transfers waiting for one; one pool per process.
// Every returned wire is kept (at most transferConnections() are open): closing
// all but a few made a burst of concurrent small GETs open and close a
// connection per request. One left unused this long is closed.
const IDLE_CLOSE_MS = 30_000;
// How long a transfer waits for a busy wire. Busy wires move bytes (a stalled
// Redis fails them within the command timeout, which frees their room), so
// this only bounds a queue that is too long to serve.
const WAIT_FOR_WIRE_MS = 30_000;

interface Waiter {
  resolve: (wire: RedisWire | null) => void;
}

interface Idle {
  wire: RedisWire;
  since: number;
}

interface Endpoint {
  /** Oldest first; a transfer takes the most recently used, so the oldest are the ones left unused. */
  idle: Idle[];
  open: number;
  waiting: Waiter[];
  sweeping: boolean;
}

const endpoints = processSingleton("wires", () => new Map<string, Endpoint>());

function endpointFor(name: string): Endpoint {
  const all = endpoints();
  let endpoint = all.get(name);
  if (!endpoint) all.set(name, (endpoint = { idle: [], open: 0, waiting: [], sweeping: false }));
  return endpoint;
}

function openWire(endpoint: Endpoint, target: WireTarget): Promise<RedisWire> {
  endpoint.open++;
  return RedisWire.open(target, () => {
    endpoint.open--;
    handOver(endpoint, null);
  });
}

/** Gives a returned wire, or the room a closed one left (null), to the longest waiter. */
function handOver(endpoint: Endpoint, wire: RedisWire | null): boolean {
  const waiter = endpoint.waiting.shift();
  if (!waiter) return false;
  waiter.resolve(wire);
  return true;
}

function allBusy(target: WireTarget, waitedMs: number): ApiError {
  return new ApiError(
    503,
    `all ${transferConnections()} of the app's connections to Redis at ${target.host}:${target.port} stayed busy with other transfers for ${waitedMs / 1000} s; try again shortly`,
    { "Retry-After": "1" },
  );
}

/**
 * An idle wire to `target`, a new one, or — when transferConnections() are busy —
 * the first to come free, waiting at most WAIT_FOR_WIRE_MS before a 503.
 */
export async function borrowWire(target: WireTarget): Promise<RedisWire> {
  const endpoint = endpointFor(target.endpoint);
  for (;;) {
    for (let idle = endpoint.idle.pop(); idle; idle = endpoint.idle.pop()) {
      if (idle.wire.usable) return idle.wire;
    }
    if (endpoint.open < transferConnections()) return openWire(endpoint, target);
    const handed = await new Promise<RedisWire | null | "timeout">((resolve) => {
      const waiter: Waiter = {
        resolve: (wire) => {
          clearTimeout(timer);
          resolve(wire);
        },
      };
      const timer = setTimeout(() => {
        endpoint.waiting.splice(endpoint.waiting.indexOf(waiter), 1);
        resolve("timeout");
      }, WAIT_FOR_WIRE_MS);
      endpoint.waiting.push(waiter);
    });
    if (handed === "timeout") throw allBusy(target, WAIT_FOR_WIRE_MS);
    if (handed?.usable) return handed;
  }
}

/** Gives back a wire whose replies were all read; one in any other state must be destroyed instead. */
export function returnWire(wire: RedisWire): void {
  if (!wire.usable) return;
  const endpoint = endpointFor(wire.endpoint);
  if (handOver(endpoint, wire)) return;
  endpoint.idle.push({ wire, since: Date.now() });
  sweepLater(endpoint);
}

/** Closes the wires left idle for IDLE_CLOSE_MS, looking again when the oldest idle one is due. */
function sweepLater(endpoint: Endpoint): void {
  if (endpoint.sweeping || endpoint.idle.length === 0) return;
  endpoint.sweeping = true;
  const due = Math.max(0, endpoint.idle[0].since + IDLE_CLOSE_MS - Date.now());
  setTimeout(() => {
    endpoint.sweeping = false;
    const cutoff = Date.now() - IDLE_CLOSE_MS;
    while (endpoint.idle.length > 0 && endpoint.idle[0].since <= cutoff) endpoint.idle.shift()!.wire.destroy();
    sweepLater(endpoint);
  }, due).unref();
}
