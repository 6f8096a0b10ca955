import "server-only";
import { EventEmitter } from "node:events";
import { Cluster, Command, Redis, type ChainableCommander, type ClusterOptions, type Pipeline, type RedisKey, type RedisOptions } from "ioredis";

/**
 * Everything the app does differently on a Redis Cluster: the client, routing
 * module commands by key, listing across every master with one folded cursor,
 * keyspace events from every master, per-node health, and explaining the bulk
 * limits that cap big arrays.
 */

export interface ClusterSettings {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
  /** REDIS_READ_FROM_REPLICAS=1: downloads read from a replica of the key's master. */
  readFromReplicas: boolean;
}

/** The seed-node list "host:port,[::1]:7001,…" as {host, port}s; throws naming a malformed entry. */
export function parseClusterNodes(spec: string): { host: string; port: number }[] {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("REDIS_CLUSTER_NODES is empty: give at least one host:port of the cluster");
  return entries.map((entry) => {
    const colon = entry.lastIndexOf(":");
    const port = Number(entry.slice(colon + 1));
    const host = entry.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
    if (colon <= 0 || host === "" || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`REDIS_CLUSTER_NODES entry "${entry}" is not host:port`);
    }
    return { host, port };
  });
}

/**
 * Cluster settings from the environment: seed nodes from REDIS_CLUSTER_NODES;
 * credentials and TLS from REDIS_URL's form (redis[s]://[user]:password@…, its
 * host ignored), else REDIS_USERNAME / REDIS_PASSWORD; REDIS_TLS=1 forces TLS.
 */
export function clusterSettingsFromEnv(env: Record<string, string | undefined> = process.env): ClusterSettings | null {
  const spec = env.REDIS_CLUSTER_NODES?.trim();
  if (!spec) return null;
  let username = env.REDIS_USERNAME || undefined;
  let password = env.REDIS_PASSWORD || undefined;
  let tls = env.REDIS_TLS === "1";
  const rawUrl = env.REDIS_URL?.trim();
  if (rawUrl) {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new Error(`REDIS_URL "${rawUrl}" is not a URL like redis://:password@host:port or rediss://…`);
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
      throw new Error(`REDIS_URL must start with redis:// or rediss://, not ${url.protocol}//`);
    }
    tls ||= url.protocol === "rediss:";
    if (url.password) password = decodeURIComponent(url.password);
    if (url.username) username = decodeURIComponent(url.username);
  }
  return { nodes: parseClusterNodes(spec), username, password, tls, readFromReplicas: env.REDIS_READ_FROM_REPLICAS === "1" };
}

/** Module commands a download issues; only these go to replicas with readFromReplicas. */
const DOWNLOAD_COMMANDS = new Set(["np.get", "np.getrange", "np.info", "np.etag", "np.len"]);

/**
 * scaleReads: a command marked read-only (see keyedCommand) that a download
 * issues goes to the first replica of the slot, so every chunk of one download
 * reads the same copy; anything else stays on the master.
 */
function downloadsFromReplica(nodes: Redis[], command: Command): Redis {
  const replica = nodes[1];
  return DOWNLOAD_COMMANDS.has(command.name.toLowerCase()) && replica?.status === "ready" ? replica : nodes[0];
}

/** Connection options every node connection shares (commands, subscribers, health probes). */
export function nodeOptions(settings: ClusterSettings): RedisOptions {
  return {
    username: settings.username,
    password: settings.password,
    tls: settings.tls ? {} : undefined,
    connectTimeout: 5000,
    // One retry per node connection: the Cluster layer decides where a command goes next.
    maxRetriesPerRequest: 1,
  };
}

/**
 * An ioredis Cluster that follows MOVED and ASK during resharding, retries
 * through a failover (a dead master's commands wait for the promoted replica
 * for about maxRedirections × retryDelayOnFailover), and keeps reconnecting
 * forever so the dashboard recovers without a restart.
 */
export function createClusterClient(settings: ClusterSettings | null = clusterSettingsFromEnv()): Cluster {
  if (!settings) throw new Error("REDIS_CLUSTER_NODES is not set");
  const options: ClusterOptions = {
    scaleReads: settings.readFromReplicas ? downloadsFromReplica : "master",
    maxRedirections: 32,
    retryDelayOnFailover: 300,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 100,
    retryDelayOnMoved: 0,
    slotsRefreshTimeout: 2000,
    slotsRefreshInterval: 5000,
    clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    enableOfflineQueue: true,
    redisOptions: nodeOptions(settings),
  };
  return new Cluster(settings.nodes, options);
}

/** A module command whose first argument is its key, so a Cluster routes it by slot. */
class KeyedCommand extends Command {
  constructor(
    name: string,
    private readonly key: RedisKey,
    args: (string | number | Buffer)[],
    options: { readOnly?: boolean; replyEncoding?: BufferEncoding | null },
  ) {
    super(name, [key, ...args], { readOnly: options.readOnly, replyEncoding: options.replyEncoding ?? undefined });
  }

  // ioredis knows the key positions of Redis's own commands only; NP.* take the key first.
  override getKeys(): (string | Buffer)[] {
    return [this.key];
  }
}

/**
 * NP.GET key …, routed to the key's master (or, with `readOnly` and
 * REDIS_READ_FROM_REPLICAS=1, its replica) on a Cluster; on one server it is an
 * ordinary command. Send it with `client.sendCommand(command)` or in a pipeline /
 * MULTI with `.sendCommand(command)`. Replies are Buffers unless replyEncoding is given.
 */
export function keyedCommand(
  name: string,
  key: RedisKey,
  args: (string | number | Buffer)[] = [],
  options: { readOnly?: boolean; replyEncoding?: BufferEncoding } = {},
): Command {
  return new KeyedCommand(name, key, args, options);
}

/** Sends a module command routed by its key (see keyedCommand) and resolves with its reply. */
export function sendKeyed(
  client: Redis | Cluster,
  name: string,
  key: RedisKey,
  args: (string | number | Buffer)[] = [],
  options: { readOnly?: boolean; replyEncoding?: BufferEncoding } = {},
): Promise<unknown> {
  const command = keyedCommand(name, key, args, options);
  void client.sendCommand(command);
  return command.promise;
}

/** Queues a keyedCommand in a pipeline or MULTI (whose typings omit sendCommand). */
export function queueKeyed<T extends ChainableCommander>(pipeline: T, command: Command): T {
  (pipeline as unknown as Pipeline).sendCommand(command);
  return pipeline;
}

// ---------------------------------------------------------------------------
// Topology

export interface ClusterNodeView {
  id: string;
  address: string;
  role: "master" | "replica";
  masterId: string | null;
  failed: boolean;
  slots: string[];
}

/** CLUSTER NODES text as records; addresses are "host:port" without the bus port. */
export function parseClusterNodesReply(text: string): ClusterNodeView[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [id, address, flagText, master, , , , , ...slots] = line.split(" ");
      const flags = flagText.split(",");
      return {
        id,
        address: address.split("@")[0],
        role: flags.includes("master") ? "master" : "replica",
        masterId: master === "-" ? null : master,
        failed: flags.includes("fail") || flags.includes("noaddr"),
        slots: slots.filter((s) => !s.startsWith("[")),
      } satisfies ClusterNodeView;
    });
}

function addressOf(node: Redis): string {
  const host = node.options.host ?? "127.0.0.1";
  return `${host.includes(":") ? `[${host}]` : host}:${node.options.port}`;
}

function sameAddress(a: string, b: string): boolean {
  return a.replace(/^\[(.*)\](:\d+)$/, "$1$2") === b.replace(/^\[(.*)\](:\d+)$/, "$1$2");
}

const READY_TIMEOUT_MS = 5000;

/** Resolves once the client has the slot map (and so its node connections), or says why not. */
export async function whenReady(cluster: Cluster): Promise<void> {
  if (cluster.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cluster.off("ready", onReady);
      reject(new Error(`the Redis Cluster client is not ready after ${READY_TIMEOUT_MS} ms (status ${cluster.status}); check REDIS_CLUSTER_NODES`));
    }, READY_TIMEOUT_MS);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    cluster.once("ready", onReady);
  });
}

/** The cluster's own view of itself, asked of the first connected node that answers. */
export async function readTopology(cluster: Cluster): Promise<ClusterNodeView[]> {
  await whenReady(cluster);
  const candidates = [...cluster.nodes("master"), ...cluster.nodes("slave")];
  let lastError: unknown = new Error("the cluster client has no node connections yet");
  for (const node of candidates) {
    try {
      return parseClusterNodesReply(String(await node.call("CLUSTER", "NODES")));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function connectionFor(cluster: Cluster, address: string): Redis | undefined {
  return cluster.nodes("all").find((n) => sameAddress(addressOf(n), address));
}

// ---------------------------------------------------------------------------
// Listing across every master with one opaque cursor

// Errors carry their name: the app's bundles may hold more than one copy of this
// module, so callers tell them apart by name rather than by instanceof.

/** A cursor the client sent that this server could not have issued. */
export class ClusterCursorError extends Error {
  override readonly name = "ClusterCursorError";
}

/** The cluster is mid-failover: a master whose keys were being listed has no successor yet. */
export class ClusterUnavailableError extends Error {
  override readonly name = "ClusterUnavailableError";
}

interface ShardCursor {
  /** The master this scan began on. */
  id: string;
  /** Its replicas then: after a failover the promoted one continues the scan. */
  replicas: string[];
  cursor: string;
}

interface FoldedCursor {
  /** Every node id known when the listing began (masters and replicas). */
  seen: string[];
  /** Masters still to scan, in order. */
  pending: ShardCursor[];
}

// Node ids are 40 hex digits; their first 12 tell a cluster's nodes apart and keep cursors short.
const shortId = (id: string) => id.slice(0, 12);
const sameNode = (id: string, short: string) => id.startsWith(short);

export function encodeCursor(folded: FoldedCursor): string {
  if (folded.pending.length === 0) return "0";
  return Buffer.from(JSON.stringify({ v: 1, s: folded.seen, p: folded.pending.map((p) => [p.id, p.replicas, p.cursor]) })).toString("base64url");
}

export function decodeCursor(text: string): FoldedCursor {
  const invalid = () => new ClusterCursorError(`cursor "${text.slice(0, 40)}" is not one this cluster listing returned; start again with cursor=0`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const data = parsed as { v?: unknown; s?: unknown; p?: unknown };
  if (data?.v !== 1 || !Array.isArray(data.s) || !Array.isArray(data.p)) throw invalid();
  const isId = (x: unknown): x is string => typeof x === "string" && /^[0-9a-f]{12}$/.test(x);
  if (!data.s.every(isId)) throw invalid();
  const pending = data.p.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== 3) throw invalid();
    const [id, replicas, cursor] = entry as unknown[];
    if (!isId(id) || !Array.isArray(replicas) || !replicas.every(isId) || typeof cursor !== "string" || !/^\d{1,20}$/.test(cursor)) {
      throw invalid();
    }
    return { id, replicas, cursor };
  });
  return { seen: data.s, pending };
}

/** A fresh listing over the masters that hold slots now, in slot order. */
function startListing(topology: ClusterNodeView[]): FoldedCursor {
  const masters = topology.filter((n) => n.role === "master" && !n.failed && n.slots.length > 0);
  masters.sort((a, b) => firstSlot(a) - firstSlot(b));
  return {
    seen: topology.map((n) => shortId(n.id)),
    pending: masters.map((m) => ({ id: shortId(m.id), replicas: replicasOf(topology, m.id), cursor: "0" })),
  };
}

function firstSlot(node: ClusterNodeView): number {
  return Math.min(...node.slots.map((s) => Number(s.split("-")[0])));
}

function replicasOf(topology: ClusterNodeView[], masterId: string): string[] {
  return topology.filter((n) => n.masterId === masterId).map((n) => shortId(n.id));
}

/**
 * Where a pending scan continues: its master if still a master; after a
 * failover, the replica that took over (same data, and a SCAN cursor is a
 * position in a hash table of the same size, so it carries over); if the old
 * master came back as a replica, its new master.
 */
function resolveShard(topology: ClusterNodeView[], shard: ShardCursor): ClusterNodeView | null {
  const live = (n: ClusterNodeView | undefined) => (n && n.role === "master" && !n.failed ? n : undefined);
  const byId = (id: string) => topology.find((n) => sameNode(n.id, id));
  const self = byId(shard.id);
  const found =
    live(self) ??
    shard.replicas.map((id) => live(byId(id))).find(Boolean) ??
    (self?.masterId ? live(byId(self.masterId)) : undefined);
  if (found) return found;
  if (self?.failed) {
    throw new ClusterUnavailableError(`the master ${self.address} is down and no replica has taken over yet; retry in a few seconds`);
  }
  // The node left the cluster with its slots handed to others; nothing to continue.
  return null;
}

export interface ClusterScanPage {
  cursor: string;
  /** Array keys found, each once, with the connection of the master that held it. */
  keys: { key: Buffer; node: Redis }[];
}

/**
 * One page of SCAN … TYPE numpyarry across every master. Each master is
 * scanned to its end before the next; masters that joined after the listing
 * began (they hold slots moved to them) are scanned too. A listing that spans
 * a resharding may repeat or miss keys that moved during it.
 */
export async function scanClusterArrays(
  cluster: Cluster,
  query: { match: string; cursor: string; count: number; type: string; budgetMs?: number },
): Promise<ClusterScanPage> {
  const topology = await readTopology(cluster);
  const folded = query.cursor === "0" ? startListing(topology) : decodeCursor(query.cursor);
  for (const node of topology) {
    if (node.role === "master" && !node.failed && node.slots.length > 0 && !folded.seen.includes(shortId(node.id))) {
      folded.pending.push({ id: shortId(node.id), replicas: replicasOf(topology, node.id), cursor: "0" });
      folded.seen.push(shortId(node.id), ...replicasOf(topology, node.id));
    }
  }

  const keys: ClusterScanPage["keys"] = [];
  const seenKeys = new Set<string>();
  const started = Date.now();
  while (folded.pending.length > 0 && keys.length < query.count && Date.now() - started <= (query.budgetMs ?? 150)) {
    const shard = folded.pending[0];
    const master = resolveShard(topology, shard);
    if (!master) {
      folded.pending.shift();
      continue;
    }
    const connection = connectionFor(cluster, master.address);
    if (!connection) throw new ClusterUnavailableError(`no connection to the master ${master.address} yet; retry in a moment`);
    const [next, batch] = (await connection.callBuffer(
      "SCAN",
      shard.cursor,
      "MATCH",
      query.match,
      "COUNT",
      Math.max(query.count, 10),
      "TYPE",
      query.type,
    )) as [Buffer, Buffer[]];
    for (const key of batch) {
      const id = key.toString("latin1");
      if (seenKeys.has(id)) continue;
      seenKeys.add(id);
      keys.push({ key, node: connection });
    }
    shard.cursor = next.toString();
    if (shard.cursor === "0") folded.pending.shift();
  }
  return { cursor: encodeCursor(folded), keys };
}

/** DBSIZE summed over the masters: every key of every type in the cluster. */
export async function clusterDbSize(cluster: Cluster): Promise<number> {
  await whenReady(cluster);
  const sizes = await Promise.all(cluster.nodes("master").map((n) => n.dbsize().catch(() => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------
// Keyspace events from every master

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
        .catch((error: Error) => void this.emit("error", error))
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
    const colon = address.lastIndexOf(":");
    const subscriber = new Redis({
      ...nodeOptions(this.settings),
      host: address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"),
      port: Number(address.slice(colon + 1)),
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

// ---------------------------------------------------------------------------
// Health of every node

export interface ClusterNodeHealth {
  address: string;
  id: string;
  role: "master" | "replica";
  /** Answers PING and is not flagged as failing by the cluster. */
  ok: boolean;
  /** The numpy module (NP.SET) is loaded on this node. */
  module: boolean;
  slots: string;
  error?: string;
}

export interface ClusterHealth {
  /** cluster_state as the answering node reports it: "ok" or "fail". */
  state: string;
  nodes: ClusterNodeHealth[];
}

const PROBE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probeNode(cluster: Cluster, settings: ClusterSettings, view: ClusterNodeView): Promise<ClusterNodeHealth> {
  const base = { address: view.address, id: view.id, role: view.role, slots: view.slots.join(" ") };
  if (view.failed) return { ...base, ok: false, module: false, error: "the cluster marks this node as failing" };
  const pooled = connectionFor(cluster, view.address);
  const colon = view.address.lastIndexOf(":");
  const connection =
    pooled ??
    new Redis({
      ...nodeOptions(settings),
      host: view.address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"),
      port: Number(view.address.slice(colon + 1)),
      retryStrategy: () => null,
      lazyConnect: true,
    });
  try {
    await withTimeout(connection.ping(), view.address);
    const command = (await withTimeout(connection.call("COMMAND", "INFO", "NP.SET"), view.address)) as unknown[];
    return { ...base, ok: true, module: Array.isArray(command) && command[0] != null };
  } catch (error) {
    return { ...base, ok: false, module: false, error: (error as Error).message };
  } finally {
    if (!pooled) connection.disconnect();
  }
}

/** Every node of the cluster (failed ones included): reachable? module loaded? role and slots. */
export async function clusterHealth(cluster: Cluster, settings: ClusterSettings): Promise<ClusterHealth> {
  const topology = await readTopology(cluster);
  const info = String(await cluster.nodes("all")[0]?.call("CLUSTER", "INFO").catch(() => "") ?? "");
  const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown";
  const nodes = await Promise.all(topology.map((view) => probeNode(cluster, settings, view)));
  nodes.sort((a, b) => (a.role === b.role ? a.address.localeCompare(b.address) : a.role === "master" ? -1 : 1));
  return { state, nodes };
}

/** What is wrong with a cluster for this app, as one sentence, or null when all is well. */
export function clusterProblem(health: ClusterHealth): string | null {
  const down = health.nodes.filter((n) => !n.ok);
  const noModule = health.nodes.filter((n) => n.ok && !n.module);
  if (noModule.length > 0) {
    return (
      `the numpy module is not loaded on ${noModule.map((n) => `${n.address} (${n.role})`).join(", ")}: ` +
      "every node of a cluster must load it (loadmodule in each node's redis.conf), or arrays cannot move there during resharding or failover"
    );
  }
  if (health.state !== "ok") {
    return `the cluster reports cluster_state:${health.state}${down.length ? `; unreachable: ${down.map((n) => n.address).join(", ")}` : ""}`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Bulk limits for big arrays (any deployment, every node)

/** A write refused because a server-side size limit is below the array's size. */
export class BulkLimitError extends Error {
  override readonly name = "BulkLimitError";
  constructor(
    message: string,
    readonly setting: "proto-max-bulk-len" | "client-query-buffer-limit",
  ) {
    super(message);
  }
}

const LIMIT_CACHE_MS = 30_000;
const DEFAULT_PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;
// The key, the command name and options travel in the same query buffer as the array.
const COMMAND_OVERHEAD_BYTES = 64 * 1024;

interface NodeLimits {
  address: string;
  protoMaxBulkLen: number;
  clientQueryBufferLimit: number;
}

let limitCache: { limits: NodeLimits[]; readAt: number } | null = null;

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}

function raiseAdvice(setting: string, bytes: number): string {
  const want = Math.ceil((bytes + COMMAND_OVERHEAD_BYTES) / (1024 * 1024));
  const alsoBuffer = setting === "proto-max-bulk-len" ? ` (and client-query-buffer-limit to at least as much)` : "";
  return `raise ${setting} to at least ${want}mb${alsoBuffer} on every Redis node (CONFIG SET ${setting} ${want}mb, and in each node's redis.conf to keep it)`;
}

async function readLimits(nodes: Redis[]): Promise<NodeLimits[]> {
  if (limitCache && Date.now() - limitCache.readAt < LIMIT_CACHE_MS) return limitCache.limits;
  const limits: NodeLimits[] = [];
  for (const node of nodes) {
    try {
      const reply = (await node.call("CONFIG", "GET", "proto-max-bulk-len")) as string[];
      const query = (await node.call("CONFIG", "GET", "client-query-buffer-limit")) as string[];
      limits.push({ address: addressOf(node), protoMaxBulkLen: Number(reply[1]), clientQueryBufferLimit: Number(query[1]) });
    } catch {
      // CONFIG may be renamed or denied (managed Redis): the write's own error is explained instead.
    }
  }
  limitCache = { limits, readAt: Date.now() };
  return limits;
}

/** Forget the cached limits (after CONFIG SET, or in tests). */
export function forgetBulkLimits(): void {
  limitCache = null;
}

export interface ClusterBulkLimit {
  /** The largest array every master accepts. */
  bytes: number;
  /** The master with the lowest limit, and the setting that sets it. */
  address: string;
  setting: "proto-max-bulk-len" | "client-query-buffer-limit";
}

/**
 * The largest array the cluster accepts: the lowest proto-max-bulk-len or
 * client-query-buffer-limit over the masters (every master counts, not just the
 * key's, because resharding may move the array anywhere, and MIGRATE sends it
 * as one bulk too). Null when no master lets us read its CONFIG.
 */
export async function clusterBulkLimit(cluster: Cluster): Promise<ClusterBulkLimit | null> {
  await whenReady(cluster);
  let lowest: ClusterBulkLimit | null = null;
  for (const limit of await readLimits(cluster.nodes("master"))) {
    const candidates: ClusterBulkLimit[] = [{ bytes: limit.protoMaxBulkLen, address: limit.address, setting: "proto-max-bulk-len" }];
    if (limit.clientQueryBufferLimit > 0) {
      candidates.push({ bytes: limit.clientQueryBufferLimit - COMMAND_OVERHEAD_BYTES, address: limit.address, setting: "client-query-buffer-limit" });
    }
    for (const candidate of candidates) if (!lowest || candidate.bytes < lowest.bytes) lowest = candidate;
  }
  return lowest;
}

/**
 * The write error a big array meets when a limit bites unannounced: the server
 * answers "invalid bulk length" (proto-max-bulk-len) or just closes the
 * connection (client-query-buffer-limit). Returns the explanation, or null when
 * the error is something else.
 */
export function explainWriteError(error: unknown, bytes: number): BulkLimitError | null {
  const message = error instanceof Error ? error.message : String(error);
  if (/invalid bulk length|Protocol error/i.test(message)) {
    return new BulkLimitError(
      `Redis refused the ${mib(bytes)} array (${message.replace(/^ERR /, "")}): ${raiseAdvice("proto-max-bulk-len", bytes)}`,
      "proto-max-bulk-len",
    );
  }
  const closed = /Connection is closed|ECONNRESET|EPIPE|Too many Cluster redirections/i.test(message);
  if (closed && bytes > DEFAULT_PROTO_MAX_BULK_LEN) {
    return new BulkLimitError(
      `Redis closed the connection while receiving the ${mib(bytes)} array, which is what it does when a command exceeds client-query-buffer-limit: ${raiseAdvice("client-query-buffer-limit", bytes)}, and proto-max-bulk-len too`,
      "client-query-buffer-limit",
    );
  }
  return null;
}
