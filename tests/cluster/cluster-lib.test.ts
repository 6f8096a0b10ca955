// lib/server/cluster.ts (and transfer/bulk-limit.ts) against a real six-node cluster:
// routing module commands by key, listing across masters, events from every master,
// health, bulk limits.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Cluster } from "ioredis";

vi.mock("server-only", () => ({}));

import {
  ClusterCursorError,
  ClusterKeyspaceSubscriber,
  clusterHealth,
  clusterProblem,
  clusterSettingsFromEnv,
  createClusterClient,
  scanClusterArrays,
  type ClusterSettings,
} from "@/lib/server/cluster";
import { keyedCommand } from "@/lib/server/keyed-command";
import { clusterBulkLimit, explainWriteError, forgetBulkLimits } from "@/lib/server/transfer/bulk-limit";
import { makeCorpus, npy, type Corpus } from "../helpers";
import { errorCount, eventually, startTestCluster, type TestCluster } from "./cluster-helpers";

let cluster: TestCluster;
let settings: ClusterSettings;
let client: Cluster;
let corpus: Corpus;

const set = (key: string, bytes: Buffer) => client.sendCommand(keyedCommand("NP.SET", key, [bytes])) as Promise<unknown>;
const get = (key: string) => client.sendCommand(keyedCommand("NP.GET", key)) as Promise<Buffer | null>;

// requirepass on every node: the client takes the password from REDIS_URL's form.
const PASSWORD = "s3cret:pw";

beforeAll(async () => {
  cluster = await startTestCluster({ password: PASSWORD });
  settings = clusterSettingsFromEnv({ REDIS_CLUSTER_NODES: cluster.nodesEnv, REDIS_URL: `redis://:${encodeURIComponent(PASSWORD)}@ignored:1` })!;
  expect(settings.password).toBe(PASSWORD);
  client = createClusterClient(settings);
  corpus = makeCorpus()!;
  expect(corpus, "tests/fixtures/make_corpus.py must exist").not.toBeNull();
});

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

describe("settings", () => {
  it("reads nodes, password and TLS from REDIS_URL's form", () => {
    const s = clusterSettingsFromEnv({
      REDIS_CLUSTER_NODES: "10.0.0.1:7000, [::1]:7001",
      REDIS_URL: "rediss://app:s%3Acret@ignored:1",
      REDIS_READ_FROM_REPLICAS: "1",
    })!;
    expect(s).toEqual({
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "::1", port: 7001 },
      ],
      username: "app",
      password: "s:cret",
      tls: true,
      readFromReplicas: true,
    });
    expect(clusterSettingsFromEnv({ REDIS_CLUSTER_NODES: "a:1", REDIS_PASSWORD: "pw" })).toMatchObject({ password: "pw", tls: false });
    expect(clusterSettingsFromEnv({})).toBeNull();
  });

  it("names a malformed node entry", () => {
    expect(() => clusterSettingsFromEnv({ REDIS_CLUSTER_NODES: "10.0.0.1:7000,nohost" })).toThrow(/"nohost" is not host:port/);
    expect(() => clusterSettingsFromEnv({ REDIS_CLUSTER_NODES: "h:1", REDIS_URL: "http://x" })).toThrow(/redis:\/\/ or rediss:\/\//);
  });
});

describe("module commands routed by key", () => {
  it("stores every corpus array byte-exactly, on every master, without a single MOVED", async () => {
    const masters = await cluster.masters();
    const nodes = masters.map((m) => cluster.node(m));
    const movedBefore = await errorCount(nodes, "MOVED");
    // Which files the module accepts is the module suite's business; here the cluster
    // must store what it accepts byte-exactly and pass its refusals through unchanged.
    const stored: typeof corpus.valid = [];
    for (const file of corpus.valid) {
      const reply = await set(`corpus/${file.name}`, file.bytes).catch((error: Error) => error);
      if (reply instanceof Error) expect(reply.message, file.name).toMatch(/^ERR invalid \.npy/);
      else stored.push(file);
    }
    expect(stored.length).toBeGreaterThan(corpus.valid.length * 0.9);
    for (const file of stored) expect((await get(`corpus/${file.name}`))?.equals(file.bytes), file.name).toBe(true);
    expect(await errorCount(nodes, "MOVED")).toBe(movedBefore);

    const perMaster = await Promise.all(nodes.map((n) => n.dbsize()));
    expect(
      perMaster.every((count) => count > 0),
      `keys per master: ${perMaster.join(", ")}`,
    ).toBe(true);
    expect(perMaster.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(stored.length);
  });
});

describe("listing across every master", () => {
  const keys = Array.from({ length: 240 }, (_, i) => `list/${String(i).padStart(3, "0")}`);

  beforeAll(async () => {
    const bytes = npy("np.eye(2)");
    await Promise.all(keys.map((k) => set(k, bytes)));
    await Promise.all(keys.slice(0, 30).map((k) => client.set(`${k}.string`, "not an array")));
  });

  it("pages through every array exactly once with one opaque cursor", async () => {
    const found: string[] = [];
    let cursor = "0";
    let pages = 0;
    do {
      const page = await scanClusterArrays(client, { match: "list/*", cursor, count: 25, type: "numpyarry" });
      found.push(...page.keys.map((k) => k.key.toString()));
      cursor = page.cursor;
      expect(cursor).toMatch(/^[\w-]+$/);
      pages++;
    } while (cursor !== "0" && pages < 1000);
    expect(found.sort()).toEqual(keys);
    expect(pages).toBeGreaterThan(3);
  });

  it("refuses a cursor it did not issue", async () => {
    await expect(scanClusterArrays(client, { match: "*", cursor: "12345", count: 10, type: "numpyarry" })).rejects.toThrow(ClusterCursorError);
    await expect(scanClusterArrays(client, { match: "*", cursor: "eyJ2IjoxfQ", count: 10, type: "numpyarry" })).rejects.toThrow(/start again with cursor=0/);
  });
});

describe("keyspace events from every master", () => {
  it("delivers a change made on each master", async () => {
    const subscriber = new ClusterKeyspaceSubscriber(client, settings);
    const seen: string[] = [];
    subscriber.on("pmessageBuffer", (_p: Buffer, channel: Buffer, message: Buffer) => {
      seen.push(`${message.toString()}:${channel.toString().replace(/^__keyspace@0__:/, "")}`);
    });
    try {
      await subscriber.psubscribe("__keyspace@0__:*");
      const masters = await cluster.masters();
      await eventually(() => Promise.resolve(subscriber.subscribedMasters().length === masters.length), 10_000);

      // One key per master, found by hashing candidate names.
      const perMaster = new Map<string, string>();
      for (let i = 0; perMaster.size < masters.length && i < 1000; i++) {
        const owner = await cluster.masterOf(`ev/${i}`);
        if (!perMaster.has(owner.id)) perMaster.set(owner.id, `ev/${i}`);
      }
      const bytes = npy("np.zeros(3)");
      for (const key of perMaster.values()) await set(key, bytes);
      await eventually(() => Promise.resolve([...perMaster.values()].every((k) => seen.includes(`np.set:${k}`))), 10_000);
    } finally {
      subscriber.disconnect();
    }
  });
});

describe("health of every node", () => {
  it("reports each node's role, reachability and module", async () => {
    const health = await clusterHealth(client, settings);
    expect(health.state).toBe("ok");
    expect(health.nodes).toHaveLength(6);
    expect(health.nodes.filter((n) => n.role === "master")).toHaveLength(3);
    expect(health.nodes.every((n) => n.ok && n.module)).toBe(true);
    expect(clusterProblem(health)).toBeNull();
  });

  it("gives up on a command sent straight to a stalled node (as topology and health send them) after the command timeout", async () => {
    const master = (await cluster.masters())[0];
    const connection = client.nodes("master").find((node) => node.options.port === master.port);
    expect(connection, `the client holds a connection to ${master.host}:${master.port}`).toBeDefined();
    await connection!.ping();
    // A short timeout keeps the stall far below the cluster's 5 s node timeout, so no failover starts.
    process.env.REDIS_COMMAND_TIMEOUT_MS = "300";
    const resume = cluster.stall(master);
    try {
      await expect(connection!.ping()).rejects.toThrow("Command timed out");
    } finally {
      resume();
      delete process.env.REDIS_COMMAND_TIMEOUT_MS;
    }
    expect(await connection!.ping()).toBe("PONG");
  });

  it("names a node without the module", () => {
    const health = {
      state: "ok",
      nodes: [
        { address: "10.0.0.1:7000", id: "a", role: "master" as const, ok: true, module: true, slots: "0-16383" },
        { address: "10.0.0.2:7000", id: "b", role: "replica" as const, ok: true, module: false, slots: "" },
      ],
    };
    expect(clusterProblem(health)).toMatch(/not loaded on 10\.0\.0\.2:7000 \(replica\)/);
  });
});

describe("bulk limits for big arrays", () => {
  it("finds the lowest limit over the masters, naming the node and the setting", async () => {
    const [master] = await cluster.masters();
    const node = cluster.node(master);
    forgetBulkLimits();
    expect(await clusterBulkLimit(client)).toMatchObject({ bytes: 512 * 1024 * 1024, setting: "proto-max-bulk-len" });
    await node.config("SET", "proto-max-bulk-len", "1mb");
    forgetBulkLimits();
    try {
      expect(await clusterBulkLimit(client)).toEqual({ bytes: 1024 * 1024, address: `${master.host}:${master.port}`, setting: "proto-max-bulk-len" });
    } finally {
      await node.config("SET", "proto-max-bulk-len", "512mb");
      forgetBulkLimits();
    }
  });

  it("explains the server's own refusal when the array is sent anyway", async () => {
    const [master] = await cluster.masters();
    const node = cluster.node(master);
    await node.config("SET", "proto-max-bulk-len", "1mb");
    try {
      // Straight to the node: the server's reply, not the cluster client's retries.
      const big = Buffer.alloc(2 * 1024 * 1024, 1);
      const direct = cluster.node(master);
      const error = await direct.call("NP.SET", "{big}", big).catch((e: unknown) => e);
      const explained = explainWriteError(error, big.length);
      expect(explained?.setting).toBe("proto-max-bulk-len");
      expect(explained?.message).toMatch(/raise proto-max-bulk-len to at least 3mb/);
      expect(explainWriteError(new Error("WRONGTYPE Operation against a key"), 10)).toBeNull();
    } finally {
      await node.config("SET", "proto-max-bulk-len", "512mb");
    }
  });
});
