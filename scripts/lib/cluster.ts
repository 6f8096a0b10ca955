// A local Redis Cluster (masters + replicas on loopback, every node loading the
// numpy-redis module), importable so tests can start one on free ports in a
// temporary folder, and driven by `npm run cluster` for development.
//
// The folder holds one sub-folder per node (config, RDB, AOF, nodes.conf, log)
// and `cluster.json`, the record of which ports and processes belong to it.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync, closeSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN || "/usr/bin/redis-server";
const REDIS_CLI = process.env.REDIS_CLI_BIN || "redis-cli";
const STATE_FILE = "cluster.json";

export interface ClusterNode {
  host: string;
  port: number;
  busPort: number;
  dir: string;
  /** The node's process; 0 until it is spawned. */
  pid: number;
}

/** One line of CLUSTER NODES. */
export interface ClusterNodeEntry {
  id: string;
  host: string;
  port: number;
  flags: string[];
  role: "master" | "replica";
  masterId: string | null;
  linkState: string;
  failed: boolean;
  slots: string[];
}

/** PEM files for TLS on every node (the nodes' certificate must name their host). */
export interface ClusterTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** What reaching a cluster's nodes takes: its password and TLS CA, if any. */
export interface ClusterAuth {
  password?: string;
  tls?: ClusterTls;
}

/** What reaching a cluster's nodes takes. */
export interface ClusterAccess extends ClusterAuth {
  nodes: ClusterNode[];
}

/** How the cluster was made, kept in cluster.json so its nodes restart the same way. */
interface ClusterShape extends ClusterAuth {
  masters: number;
  replicasPerMaster: number;
  nodeTimeoutMs: number;
  modulePath?: string;
  config: Record<string, string | number>;
}

export interface StartClusterOptions extends Partial<ClusterShape> {
  /** Folder for the nodes' data and cluster.json (default "data/cluster"). */
  dir?: string;
  /** Ports basePort…basePort+n-1 (bus ports +10000); omitted: free ports from the OS. */
  basePort?: number;
  host?: string;
  /** Leave the nodes running after this process exits (npm run cluster). */
  detached?: boolean;
  onSpawn?: (child: ChildProcess) => void;
  log?: (message: string) => void;
}

/** What starting a node takes: the cluster's shape plus how to run the process. */
type NodeOptions = ClusterShape & Pick<StartClusterOptions, "detached" | "onSpawn">;

/** cluster.json. */
interface ClusterState extends ClusterAccess {
  options: ClusterShape;
}

export interface RunningCluster extends ClusterAccess {
  dir: string;
  /** The value for REDIS_CLUSTER_NODES. */
  nodesEnv: string;
  stop(): Promise<{ stopped: number }>;
}

export interface NodeStatus {
  address: string;
  pid: number;
  alive: boolean;
  role: string;
  slots: string;
  module: boolean;
  clusterState: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Asks the OS for `count` distinct free TCP ports on 127.0.0.1. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    while (servers.length < count) {
      const server = createServer();
      await new Promise<void>((ok, fail) => {
        server.once("error", fail);
        server.listen(0, "127.0.0.1", ok);
      });
      servers.push(server);
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
  }
}

/** How redis-cli reaches the nodes of a cluster record: its password and TLS CA, if any. */
export function access(cluster: ClusterAuth): ClusterAuth {
  return { password: cluster.password, tls: cluster.tls };
}

/** redis-cli's arguments for a password and TLS (the CA that signed the nodes' certificate). */
function authArgs({ password, tls }: ClusterAuth = {}): string[] {
  return [...(password ? ["-a", password, "--no-auth-warning"] : []), ...(tls ? ["--tls", "--cacert", tls.caFile] : [])];
}

/** Runs redis-cli against one node and returns its output. */
export async function cli(
  node: { host: string; port: number },
  args: string[],
  { password, tls, timeoutMs = 30_000 }: ClusterAuth & { timeoutMs?: number } = {},
): Promise<string> {
  const auth = authArgs({ password, tls });
  const { stdout } = await execFileAsync(REDIS_CLI, ["-h", node.host, "-p", String(node.port), ...auth, ...args], {
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Parses INFO output into a flat {field: value} record. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0 && !line.startsWith("#")) fields[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return fields;
}

/** Parses CLUSTER NODES into [{id, host, port, flags, role, masterId, linkState, slots}]. */
export function parseClusterNodes(text: string): ClusterNodeEntry[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [id, address, flags, masterId, , , , linkState, ...slots] = line.split(" ");
      const hostPort = address.split("@")[0];
      const colon = hostPort.lastIndexOf(":");
      const flagList = flags.split(",");
      return {
        id,
        host: hostPort.slice(0, colon),
        port: Number(hostPort.slice(colon + 1)),
        flags: flagList,
        role: flagList.includes("master") ? "master" : "replica",
        masterId: masterId === "-" ? null : masterId,
        linkState,
        failed: flagList.includes("fail") || flagList.includes("fail?"),
        slots: slots.filter((s) => !s.startsWith("[")),
      };
    });
}

function nodeConfig(node: ClusterNode, options: NodeOptions): string {
  const lines = [
    `bind ${node.host}`,
    // With TLS the node listens on the TLS port only, and talks TLS to its peers and replicas.
    ...(options.tls
      ? [
          "port 0",
          `tls-port ${node.port}`,
          "tls-cluster yes",
          "tls-replication yes",
          `tls-cert-file ${options.tls.certFile}`,
          `tls-key-file ${options.tls.keyFile}`,
          `tls-ca-cert-file ${options.tls.caFile}`,
          "tls-auth-clients no",
        ]
      : [`port ${node.port}`]),
    `cluster-port ${node.busPort}`,
    `dir ${node.dir}`,
    "cluster-enabled yes",
    "cluster-config-file nodes.conf",
    `cluster-node-timeout ${options.nodeTimeoutMs}`,
    // Nothing acknowledged is lost on a clean stop: RDB snapshots plus an AOF.
    "appendonly yes",
    "appendfsync everysec",
    "notify-keyspace-events KEA",
    `logfile ${join(node.dir, "redis.log")}`,
    `pidfile ${join(node.dir, "redis.pid")}`,
    "daemonize no",
  ];
  if (options.modulePath) lines.push(`loadmodule ${options.modulePath}`);
  // Quoted: redis.conf splits on spaces otherwise.
  if (options.password) lines.push(`requirepass ${JSON.stringify(options.password)}`, `masterauth ${JSON.stringify(options.password)}`);
  for (const [name, value] of Object.entries(options.config ?? {})) lines.push(`${name} ${value}`);
  return lines.join("\n") + "\n";
}

function readState(dir: string): ClusterState | null {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, "utf8")) as ClusterState;
}

function writeState(dir: string, state: ClusterState): void {
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 2) + "\n");
}

/** Whether `pid` is still a redis-server (a recorded pid may have been reused after a reboot). */
function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("redis-server");
  } catch {
    return true; // no /proc: trust the signal check
  }
}

async function ping(node: ClusterNode, auth: ClusterAuth): Promise<boolean> {
  try {
    return (await cli(node, ["PING"], { ...auth, timeoutMs: 2000 })).trim() === "PONG";
  } catch {
    return false;
  }
}

function startNode(node: ClusterNode, options: NodeOptions): ChildProcess {
  mkdirSync(node.dir, { recursive: true });
  const configFile = join(node.dir, "redis.conf");
  writeFileSync(configFile, nodeConfig(node, options));
  // stdout/stderr go to a file too: a bad loadmodule line fails before the logfile opens.
  const out = openSync(join(node.dir, "stdout.log"), "a");
  const child = spawn(REDIS_SERVER, [configFile], { detached: options.detached, stdio: ["ignore", out, out] });
  closeSync(out);
  if (options.detached) child.unref();
  options.onSpawn?.(child);
  // A failed spawn leaves no pid: isAlive(0) is false and waitForPing reports the node's logs.
  node.pid = child.pid ?? 0;
  return child;
}

function startFailure(node: ClusterNode): Error {
  const logs = ["stdout.log", "redis.log"]
    .map((f) => join(node.dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f, "utf8").trim().split("\n").slice(-5).join("\n"))
    .join("\n");
  return new Error(`redis-server on ${node.host}:${node.port} did not start:\n${logs}`);
}

async function waitForPing(nodes: ClusterNode[], auth: ClusterAuth, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const node of nodes) {
    while (!(await ping(node, auth))) {
      if (!isAlive(node.pid) || Date.now() > deadline) throw startFailure(node);
      await sleep(50);
    }
  }
}

/** Resolves once every live node says cluster_state:ok and agrees on the slot map. */
export async function waitForClusterOk(cluster: ClusterAccess, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const live: ClusterNode[] = [];
      for (const node of cluster.nodes) if (await ping(node, access(cluster))) live.push(node);
      const states = await Promise.all(live.map(async (node) => parseInfo(await cli(node, ["CLUSTER", "INFO"], access(cluster)))));
      const views = await Promise.all(live.map((node) => clusterNodes(cluster, node)));
      const signature = (view: ClusterNodeEntry[]) =>
        view
          .filter((n) => n.role === "master" && !n.failed && n.slots.length > 0)
          .map((n) => `${n.id}:${n.slots.join(",")}`)
          .sort()
          .join(" ");
      const allOk = states.every((s) => s.cluster_state === "ok");
      const agreed = new Set(views.map(signature)).size === 1;
      if (live.length > 0 && allOk && agreed) return;
      last = `states ${states.map((s) => s.cluster_state).join(",")}, slot maps agree: ${agreed}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`cluster did not reach cluster_state:ok within ${timeoutMs} ms (${last})`);
}

/** CLUSTER NODES as seen by one node (default: the first live one). */
export async function clusterNodes(cluster: ClusterAccess, via?: ClusterNode): Promise<ClusterNodeEntry[]> {
  const node = via ?? (await firstLiveNode(cluster));
  return parseClusterNodes(await cli(node, ["CLUSTER", "NODES"], access(cluster)));
}

async function firstLiveNode(cluster: ClusterAccess): Promise<ClusterNode> {
  for (const node of cluster.nodes) if (await ping(node, access(cluster))) return node;
  throw new Error("no node of the cluster answers PING");
}

/** Resolves once every node sees `masters` masters holding slots, each with `replicasPerMaster` replicas. */
async function waitForShape(
  cluster: ClusterAccess,
  { masters, replicasPerMaster, timeoutMs = 60_000 }: { masters: number; replicasPerMaster: number; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const views: ClusterNodeEntry[][] = [];
    for (const node of cluster.nodes) {
      if (await ping(node, access(cluster))) views.push(await clusterNodes(cluster, node).catch(() => []));
    }
    const shaped = views.every((view) => {
      const owners = view.filter((n) => n.role === "master" && !n.failed && n.slots.length > 0);
      return owners.length === masters && owners.every((m) => view.filter((n) => n.masterId === m.id && !n.failed).length >= replicasPerMaster);
    });
    if (views.length > 0 && shaped) return;
    last = `${views.length} nodes answered`;
    await sleep(100);
  }
  throw new Error(`the cluster did not reach ${masters} masters with ${replicasPerMaster} replica(s) each within ${timeoutMs} ms (${last})`);
}

/**
 * Resolves once every replica has a live link to its master and has caught up
 * with the master's replication offset as read when this was called: every
 * write acknowledged before the call is then on a replica too.
 */
export async function waitForReplicas(cluster: ClusterAccess, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const view = await clusterNodes(cluster);
  const masters = view.filter((n) => n.role === "master" && !n.failed && n.slots.length > 0);
  for (const master of masters) {
    const target = Number(parseInfo(await cli(master, ["INFO", "replication"], access(cluster))).master_repl_offset);
    const replicas = view.filter((n) => n.masterId === master.id && !n.failed);
    for (const replica of replicas) {
      for (;;) {
        const info = parseInfo(await cli(replica, ["INFO", "replication"], access(cluster)).catch(() => ""));
        const synced = info.master_link_status === "up" && info.master_sync_in_progress === "0";
        if (synced && Number(info.slave_repl_offset) >= target) break;
        if (Date.now() > deadline) {
          const offset = `offset ${info.slave_repl_offset ?? "?"} < ${target}`;
          throw new Error(`replica ${replica.host}:${replica.port} did not catch up with ${master.host}:${master.port} (${offset})`);
        }
        await sleep(50);
      }
    }
  }
}

function describe(cluster: ClusterAccess): string {
  return cluster.nodes.map((n) => `${n.host}:${n.port}`).join(",");
}

function clusterHandle(dir: string, state: ClusterState): RunningCluster {
  return {
    dir,
    ...state,
    nodesEnv: describe(state),
    stop: () => stopCluster({ dir }),
  };
}

/**
 * Starts (or reuses) a cluster in `dir`. When the folder already holds a
 * running cluster it is reused; when it holds a stopped one its nodes are
 * restarted with their data; otherwise a new cluster is created.
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<RunningCluster> {
  const dir = resolve(options.dir ?? "data/cluster");
  const opts = {
    masters: 3,
    replicasPerMaster: 1,
    host: "127.0.0.1",
    nodeTimeoutMs: 5000,
    detached: false,
    config: {},
    log: () => {},
    ...options,
  };
  mkdirSync(dir, { recursive: true });

  const existing = readState(dir);
  if (existing) {
    const alive = existing.nodes.filter((n) => isAlive(n.pid));
    if (alive.length === existing.nodes.length && (await Promise.all(alive.map((n) => ping(n, access(existing))))).every(Boolean)) {
      opts.log(`reusing the running cluster in ${dir}`);
      await waitForClusterOk(existing);
      return clusterHandle(dir, existing);
    }
    opts.log(`restarting the stopped nodes of the cluster in ${dir}`);
    const restart: NodeOptions = { ...existing.options, detached: opts.detached, onSpawn: opts.onSpawn };
    for (const node of existing.nodes) if (!isAlive(node.pid)) startNode(node, restart);
    writeState(dir, existing);
    await waitForPing(existing.nodes, access(existing));
    await waitForClusterOk(existing);
    await waitForShape(existing, existing.options);
    await waitForReplicas(existing);
    return clusterHandle(dir, existing);
  }

  const total = opts.masters * (1 + opts.replicasPerMaster);
  const { basePort } = opts;
  const ports = basePort ? Array.from({ length: total }, (_, i) => basePort + i) : await freePorts(total);
  // An explicit bus port (Redis 7) keeps free-port tests clear of port+10000 clashes.
  const busPorts = basePort ? ports.map((p) => p + 10000) : await freePorts(total);
  const nodes: ClusterNode[] = ports.map((port, i) => ({ host: opts.host, port, busPort: busPorts[i], dir: join(dir, String(port)), pid: 0 }));
  const shape: ClusterShape = {
    masters: opts.masters,
    replicasPerMaster: opts.replicasPerMaster,
    nodeTimeoutMs: opts.nodeTimeoutMs,
    modulePath: opts.modulePath,
    password: opts.password,
    tls: opts.tls,
    config: opts.config,
  };
  const state: ClusterState = { nodes, password: opts.password, tls: opts.tls, options: shape };
  for (const node of nodes) startNode(node, { ...shape, detached: opts.detached, onSpawn: opts.onSpawn });
  writeState(dir, state);
  await waitForPing(nodes, access(state));

  opts.log(`creating a cluster of ${opts.masters} masters and ${total - opts.masters} replicas`);
  const auth = authArgs(access(state));
  await execFileAsync(
    REDIS_CLI,
    [...auth, "--cluster", "create", ...nodes.map((n) => `${n.host}:${n.port}`), "--cluster-replicas", String(opts.replicasPerMaster), "--cluster-yes"],
    { timeout: 60_000 },
  ).catch((error: unknown) => {
    throw new Error(`redis-cli --cluster create failed: ${commandOutput(error)}`, { cause: error });
  });
  await waitForClusterOk(state);
  await waitForShape(state, opts);
  await waitForReplicas(state);
  return clusterHandle(dir, state);
}

/** Stops every node of the cluster in `dir` with SHUTDOWN SAVE; kills those that do not answer. */
export async function stopCluster({ dir = "data/cluster", timeoutMs = 20_000 }: { dir?: string; timeoutMs?: number } = {}): Promise<{ stopped: number }> {
  const state = readState(resolve(dir));
  if (!state) return { stopped: 0 };
  let stopped = 0;
  await Promise.all(
    state.nodes.map(async (node) => {
      if (!isAlive(node.pid)) return;
      // SHUTDOWN closes the connection instead of replying: an error here is expected.
      await cli(node, ["SHUTDOWN", "SAVE"], { ...access(state), timeoutMs: 10_000 }).catch(() => {});
      const deadline = Date.now() + timeoutMs;
      while (isAlive(node.pid) && Date.now() < deadline) await sleep(50);
      if (isAlive(node.pid)) process.kill(node.pid, "SIGKILL");
      stopped += 1;
    }),
  );
  return { stopped };
}

/** One line per node: address, role, liveness, slots, and whether the module is loaded. */
export async function clusterStatus({ dir = "data/cluster" }: { dir?: string } = {}): Promise<{ running: boolean; nodesEnv?: string; nodes: NodeStatus[] }> {
  const state = readState(resolve(dir));
  if (!state) return { running: false, nodes: [] };
  const view = await clusterNodes(state).catch((): ClusterNodeEntry[] => []);
  const nodes = await Promise.all(
    state.nodes.map(async (node) => {
      const alive = isAlive(node.pid) && (await ping(node, access(state)));
      const entry = view.find((n) => n.port === node.port && n.host === node.host);
      let module = false;
      let clusterState = "down";
      if (alive) {
        module = (await cli(node, ["COMMAND", "INFO", "NP.SET"], access(state))).trim() !== "";
        clusterState = parseInfo(await cli(node, ["CLUSTER", "INFO"], access(state))).cluster_state;
      }
      return {
        address: `${node.host}:${node.port}`,
        pid: node.pid,
        alive,
        role: entry?.role ?? "unknown",
        slots: entry?.slots.join(" ") ?? "",
        module,
        clusterState,
      };
    }),
  );
  return { running: nodes.some((n) => n.alive), nodesEnv: describe(state), nodes };
}

/** What a failed redis-cli said: its stderr, else its stdout, else the error itself. */
function commandOutput(error: unknown): string {
  const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
  return stderr || stdout || message;
}

/** Moves `slots` hash slots from one master to another with redis-cli --cluster reshard. */
export async function reshard(cluster: ClusterAccess, { fromId, toId, slots }: { fromId: string; toId: string; slots: number }): Promise<void> {
  const auth = authArgs(access(cluster));
  const entry = cluster.nodes[0];
  await execFileAsync(
    REDIS_CLI,
    [
      ...auth,
      ...["--cluster", "reshard", `${entry.host}:${entry.port}`, "--cluster-from", fromId, "--cluster-to", toId, "--cluster-slots", String(slots)],
      ...["--cluster-yes", "--cluster-pipeline", "10"],
    ],
    { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: unknown) => {
    throw new Error(`redis-cli --cluster reshard failed: ${commandOutput(error)}`, { cause: error });
  });
}
