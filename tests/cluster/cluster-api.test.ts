// The HTTP API on a real six-node Redis Cluster: the built Next server started
// with REDIS_CLUSTER_NODES. Round trips, listing, deletes, events, limits; then
// resharding while the app serves, reads from replicas, and a master killed.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { reshard } from "../../scripts/lib/cluster";
import { expectRowsMatch, rowFromInfo, type ListedRow } from "../helpers/listing-rows";
import {
  downloadWhileRewriting,
  makeCorpus,
  putThenGetOnSharedKeys,
  npy,
  npyOfSize,
  openEventStream,
  runPython,
  startApp,
  VersionedArray,
  type SseMessage,
  type TestApp,
  jsonBody,
} from "../helpers";
import { eventually, ownerAmong, startTestCluster, type TestCluster } from "./cluster-helpers";
import type { ArrayEvent, ArrayListPage, ArrayLookup, Health } from "@/lib/api-types";
import { BlockRecordReader, placeBand } from "@/lib/npy/block-records";

// rowFromInfo reads NP.INFO with the API's own server-side parser.
vi.mock("server-only", () => ({}));

const eventOf = (m: SseMessage) => JSON.parse(m.data) as ArrayEvent;

let cluster: TestCluster;
let app: TestApp;
/** Every array the tests stored and did not delete: key → bytes. */
const stored = new Map<string, Buffer>();

const arrayUrl = (base: TestApp, key: string, suffix = "") => `${base.url}/api/arrays/${encodeURIComponent(key)}${suffix}`;

async function put(key: string, bytes: Buffer, target: TestApp = app): Promise<Response> {
  const res = await fetch(arrayUrl(target, key), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
  if (res.status === 200 || res.status === 201) stored.set(key, bytes);
  return res;
}

async function download(key: string, target: TestApp = app): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(arrayUrl(target, key));
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Keys whose download is not exactly the stored bytes, with what came back. */
async function mismatches(target: TestApp = app): Promise<string[]> {
  const wrong: string[] = [];
  for (const [key, bytes] of stored) {
    const got = await download(key, target);
    if (got.status !== 200 || !got.bytes.equals(bytes)) wrong.push(`${key}: ${got.status}, ${got.bytes.length} bytes`);
  }
  return wrong;
}

async function listAll(match: string, count = 25): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  let pages = 0;
  do {
    const res = await fetch(`${app.url}/api/arrays?match=${encodeURIComponent(match)}&count=${count}&cursor=${encodeURIComponent(cursor)}`);
    const body = await jsonBody<ArrayListPage>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    keys.push(...body.items.map((item: { key: string }) => item.key));
    cursor = body.cursor;
  } while (cursor !== "0" && ++pages < 500);
  return keys;
}

/** One key name per master, found by hashing candidates. */
async function keyPerMaster(prefix: string): Promise<string[]> {
  const masters = await cluster.masters();
  const chosen = new Map<string, string>();
  for (let i = 0; chosen.size < masters.length && i < 1000; i++) {
    const owner = await cluster.masterOf(`${prefix}${i}`);
    if (!chosen.has(owner.id)) chosen.set(owner.id, `${prefix}${i}`);
  }
  return [...chosen.values()];
}

beforeAll(async () => {
  cluster = await startTestCluster();
  app = await startApp({ env: { REDIS_CLUSTER_NODES: cluster.nodesEnv } });
});

afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
});

describe("the API on a cluster", () => {
  it("reports every node, its role and its module in /api/health", async () => {
    const res = await fetch(`${app.url}/api/health`);
    const body = await jsonBody<Health>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.nodes).toHaveLength(6);
    expect(body.nodes!.filter((n) => n.role === "master")).toHaveLength(3);
    for (const node of body.nodes!) expect(node).toMatchObject({ ok: true, module: true });
  });

  it("stores and returns every corpus array byte-exactly, spread over every master", async () => {
    const corpus = makeCorpus();
    for (const file of corpus.valid) {
      const res = await put(`corpus/${file.name}`, file.bytes);
      // Which files the module accepts is the module suite's business; the cluster passes its verdict through.
      if (res.status === 400) continue;
      expect(res.status, `${file.name}: ${await res.text()}`).toBe(201);
    }
    expect(stored.size).toBeGreaterThan(corpus.valid.length * 0.9);
    expect(await mismatches()).toEqual([]);
    const perMaster = await Promise.all((await cluster.masters()).map((m) => cluster.node(m).dbsize()));
    expect(
      perMaster.every((n) => n > 0),
      `keys per master: ${perMaster.join(", ")}`,
    ).toBe(true);
  });

  it("serves ranges and replaces in place", async () => {
    const [key] = stored.keys();
    const bytes = stored.get(key)!;
    const res = await fetch(arrayUrl(app, key), { headers: { Range: "bytes=2-9" } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(2, 10))).toBe(true);
    const replacement = npy("np.arange(7, dtype='>i8')");
    expect((await put(key, replacement)).status).toBe(200);
    expect((await download(key)).bytes.equals(replacement)).toBe(true);
    expect((await fetch(arrayUrl(app, key), { method: "PUT", body: replacement as Uint8Array<ArrayBuffer>, headers: { "If-None-Match": "*" } })).status).toBe(
      412,
    );
  });

  it("reduces a plane's blocks on each key's own master (NP.BLOCKS), equal to numpy's", async () => {
    const make = "np.random.default_rng(8).standard_normal((300, 200)).astype('<f4')";
    const want = npy(
      `(lambda a: np.concatenate([np.array([[f(a[i:i + 16, j:j + 8]) for j in range(0, 200, 8)] for i in range(0, 300, 16)], dtype='<f8').ravel() for f in (np.nanmin, np.nanmax, np.nanmean)]))(np.asarray(${make}, dtype=np.float64))`,
    );
    for (const key of await keyPerMaster("blocks:")) {
      expect((await put(key, npy(make))).status).toBe(201);
      const owner = cluster.node(await cluster.masterOf(key));
      const callsOn = async () => Number(/cmdstat_np\.blocks:calls=(\d+)/.exec(String(await owner.info("commandstats")))?.[1] ?? 0);
      const before = await callsOn();
      const res = await fetch(arrayUrl(app, key, "/plane?x=1&y=0&index=0,0&rows=0:300:16&cols=0:200:8&reduce=min,max,mean"));
      expect(res.status).toBe(200);
      const planes = new Float64Array(3 * 19 * 25);
      const reader = new BlockRecordReader();
      for (const record of reader.push(new Uint8Array(await res.arrayBuffer()))) if (record.kind === "band") placeBand(planes, [19, 25], record);
      expect(reader.complete).toBe(true);
      expect(Buffer.from(planes.buffer).equals(want.subarray(10 + want.readUInt16LE(8)))).toBe(true);
      expect(await callsOn()).toBeGreaterThan(before);
    }
  });

  it("gives every reader of a key rewritten on its master exactly one version, whole or by Range", async () => {
    const array = new VersionedArray(16 * 1024 * 1024);
    const writer = cluster.node(await cluster.masterOf("frame:latest"));
    const race = await downloadWhileRewriting({
      url: arrayUrl(app, "frame:latest"),
      array,
      write: async (bytes) => void (await writer.call("NP.SET", "frame:latest", bytes)),
    });
    expect(race.failures.slice(0, 5), `${race.failures.length} of ${race.downloads} downloads`).toEqual([]);
    expect(race.versionsWritten).toBeGreaterThan(3);
    await writer.del("frame:latest");
  });

  it("serves 48 PUT-then-GET of 16 MiB on 8 shared keys, 16 at a time", async () => {
    const mastersBefore = (await cluster.masters()).map((m) => m.id).sort();
    const failures = await putThenGetOnSharedKeys((key) => arrayUrl(app, key), new VersionedArray(16 * 1024 * 1024));
    // Replication is asynchronous: a failover loses the writes its replica had not received yet,
    // and a GET then finds no key. Name that cause rather than blame the app.
    expect((await cluster.masters()).map((m) => m.id).sort(), "the cluster failed over during the test").toEqual(mastersBefore);
    expect(failures).toEqual([]);
    for (let i = 0; i < 8; i++) await fetch(arrayUrl(app, `shared:${i}`), { method: "DELETE" });
  });

  it("streams an array of 20 MiB", async () => {
    const big = npyOfSize(20 * 1024 * 1024, 7);
    expect((await put("big/20mib", big)).status).toBe(201);
    const got = await download("big/20mib");
    expect(got.status).toBe(200);
    expect(got.bytes.equals(big)).toBe(true);
  });

  it("lists every array across the masters with one cursor", async () => {
    const names = Array.from({ length: 120 }, (_, i) => `listed/${String(i).padStart(3, "0")}`);
    const bytes = npy("np.eye(3)");
    for (const name of names) expect((await put(name, bytes)).status).toBe(201);
    await cluster.node(await cluster.masterOf("listed/zzz-not-an-array")).set("listed/zzz-not-an-array", "text");
    const listed = await listAll("listed/*", 25);
    expect(listed.sort()).toEqual(names);
    const bad = await fetch(`${app.url}/api/arrays?cursor=notacursor`);
    expect(bad.status).toBe(400);
    expect((await jsonBody(bad)).error).toMatch(/cursor/);
  });

  it("lists rows equal to NP.INFO and PTTL on each key's master, TTLs included, other types left out", async () => {
    const corpus = makeCorpus();
    const keys: string[] = [];
    for (const [i, file] of corpus.valid.entries()) {
      const key = `rows/${i}/${file.name}`;
      const res = await fetch(arrayUrl(app, key) + (i % 3 === 0 ? `?ttl=${1000 + i}` : ""), { method: "PUT", body: file.bytes as Uint8Array<ArrayBuffer> });
      if (res.status === 201) keys.push(key);
    }
    for (const other of ["rows/string", "rows/another"]) await cluster.node(await cluster.masterOf(other)).set(other, "text");
    const started = Date.now();
    const rows: ListedRow[] = [];
    let cursor = "0";
    do {
      const page = await jsonBody<ArrayListPage>(
        await fetch(`${app.url}/api/arrays?match=${encodeURIComponent("rows/*")}&count=9&cursor=${encodeURIComponent(cursor)}`),
      );
      rows.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== "0");
    const masters = await cluster.masters();
    const expected = await Promise.all(keys.map(async (key) => (await rowFromInfo(cluster.node(ownerAmong(masters, key)), key))!));
    expect(expected.some((row) => row.ttl > 0)).toBe(true);
    // A TTL listed first has counted down since by at most the time all this took.
    expectRowsMatch(rows, expected, Date.now() - started + 1000);
    const named = [...keys.slice(0, 30), "rows/string", "rows/none"];
    const lookup = await jsonBody<ArrayLookup>(await fetch(`${app.url}/api/arrays?${named.map((k) => `key=${encodeURIComponent(k)}`).join("&")}`));
    expectRowsMatch(lookup.items, expected.slice(0, 30), Date.now() - started + 1000);
    expect(lookup.missing.sort()).toEqual(["rows/none", "rows/string"]);
    for (const key of keys) await fetch(arrayUrl(app, key), { method: "DELETE" });
  });

  it("deletes", async () => {
    const bytes = npy("np.ones(4)");
    expect((await put("doomed", bytes)).status).toBe(201);
    expect((await fetch(arrayUrl(app, "doomed"), { method: "DELETE" })).status).toBe(204);
    stored.delete("doomed");
    expect((await download("doomed")).status).toBe(404);
    expect((await fetch(arrayUrl(app, "doomed"), { method: "DELETE" })).status).toBe(404);
  });

  it("sends events for writes on every master, including redis-py's cluster client", async () => {
    const events = await openEventStream(`${app.url}/api/events`);
    const isSet = (key: string) => (m: SseMessage) => m.event === "message" && eventOf(m).type === "set" && eventOf(m).key === key;
    try {
      await events.next((m) => m.event === "ready");
      const bytes = npy("np.arange(3)");
      // The per-master subscriptions start with the first listener: write until one lands.
      await eventually(
        async () => {
          await put("events/probe", bytes);
          return events.messages.some(isSet("events/probe"));
        },
        10_000,
        300,
      );
      for (const key of await keyPerMaster("events/api-")) {
        expect((await put(key, bytes)).status).toBe(201);
        await events.next(isSet(key));
      }
      const seed = cluster.nodes[0];
      const pythonKeys = await keyPerMaster("events/py-");
      runPython(
        `import io, sys, numpy as np
from redis.cluster import RedisCluster
b = io.BytesIO(); np.save(b, np.arange(5))
rc = RedisCluster(host=sys.argv[1], port=int(sys.argv[2]))
for key in sys.argv[3:]:
    rc.execute_command("NP.SET", key, b.getvalue())`,
        [seed.host, String(seed.port), ...pythonKeys],
      );
      for (const key of pythonKeys) await events.next(isSet(key));
      for (const key of pythonKeys) stored.set(key, npy("np.arange(5)"));
    } finally {
      events.close();
    }
  });

  it("says which setting to raise, on every node, when an array is over a node's proto-max-bulk-len", async () => {
    const masters = await cluster.masters();
    await Promise.all(masters.map((m) => cluster.node(m).config("SET", "proto-max-bulk-len", "1mb")));
    // A fresh app reads the limits on its first upload (the running one caches them for a minute).
    const fresh = await startApp({ env: { REDIS_CLUSTER_NODES: cluster.nodesEnv } });
    try {
      const res = await fetch(arrayUrl(fresh, "too-big"), { method: "PUT", body: npyOfSize(2 * 1024 * 1024) as Uint8Array<ArrayBuffer> });
      const body = await jsonBody(res);
      expect(res.status, body.error).toBe(413);
      expect(body.error).toMatch(/proto-max-bulk-len/);
      expect(body.error).toMatch(/on every Redis node/);
      expect((await download("too-big", fresh)).status).toBe(404);
    } finally {
      await fresh.stop();
      await Promise.all(masters.map((m) => cluster.node(m).config("SET", "proto-max-bulk-len", "512mb")));
    }
  });
});

describe("reads from replicas (REDIS_READ_FROM_REPLICAS=1)", () => {
  it("return the same bytes, read on the replicas", async () => {
    const replicaApp = await startApp({ env: { REDIS_CLUSTER_NODES: cluster.nodesEnv, REDIS_READ_FROM_REPLICAS: "1" } });
    try {
      await cluster.waitForReplicas();
      const replicas = (await cluster.topology()).filter((n) => n.role === "replica");
      const readsOn = async () => {
        let total = 0;
        for (const r of replicas) {
          const stats = String(await cluster.node(r).info("commandstats"));
          for (const m of stats.matchAll(/^cmdstat_np\.(?:get|getrange|snapshot):calls=(\d+)/gm)) total += Number(m[1]);
        }
        return total;
      };
      const before = await readsOn();
      expect(await mismatches(replicaApp)).toEqual([]);
      expect(await readsOn()).toBeGreaterThanOrEqual(before + stored.size);
      // A key rewritten on its master reaches readers of the replica as whole versions too.
      const array = new VersionedArray(8 * 1024 * 1024);
      const writer = cluster.node(await cluster.masterOf("replicated:latest"));
      const race = await downloadWhileRewriting({
        url: arrayUrl(replicaApp, "replicated:latest"),
        array,
        write: async (bytes) => void (await writer.call("NP.SET", "replicated:latest", bytes)),
        seconds: 5,
        readers: 4,
      });
      expect(race.failures.slice(0, 5), `${race.failures.length} of ${race.downloads} downloads`).toEqual([]);
      await writer.del("replicated:latest");
    } finally {
      await replicaApp.stop();
    }
  });
});

describe("resharding while the app serves", () => {
  it("moves slots with redis-cli --cluster reshard and every array still downloads byte-identical", async () => {
    const [from, to] = await cluster.masters();
    const failures: string[] = [];
    let served = 0;
    let running = true;
    const keys = [...stored.keys()];
    const keysOnSourceBefore = await cluster.node(from).dbsize();
    const events = await openEventStream(`${app.url}/api/events`);
    await events.next((m) => m.event === "ready");
    const reader = (async () => {
      for (let i = 0; running; i++) {
        const key = keys[i % keys.length];
        const got = await download(key);
        served++;
        if (got.status !== 200 || !got.bytes.equals(stored.get(key)!)) failures.push(`${key}: ${got.status}`);
      }
    })();
    try {
      await reshard(cluster, { fromId: from.id, toId: to.id, slots: 3000 });
    } finally {
      running = false;
      await reader;
    }
    await cluster.waitForOk();
    // MIGRATE deletes each moved key on the source: that is a move, not a deletion, and pages must not drop the row.
    await new Promise((r) => setTimeout(r, 500));
    events.close();
    const deletions = events.messages.filter((m) => m.event === "message" && eventOf(m).type === "del");
    expect(deletions.map((m) => m.data)).toEqual([]);
    const after = (await cluster.masters()).find((m) => m.id === from.id)!;
    expect(after.slots.join(" ")).not.toEqual(from.slots.join(" "));
    expect(await cluster.node(from).dbsize(), "arrays moved off the source master").toBeLessThan(keysOnSourceBefore);
    expect(failures, `failed downloads during the reshard (of ${served})`).toEqual([]);
    expect(served).toBeGreaterThan(0);
    expect(await mismatches()).toEqual([]);
    expect((await listAll("listed/*", 40)).length).toBe(120);
  });
});

describe("failover", () => {
  it("promotes the replica of a killed master; every acknowledged array still downloads, without restarting the app", async () => {
    // "Acknowledged" = on a replica: the masters' offsets have reached their replicas.
    await cluster.waitForReplicas();
    const masters = await cluster.masters();
    const victim = masters.find((m) => m.slots.length > 0)!;
    const replica = (await cluster.topology()).find((n) => n.masterId === victim.id)!;
    // A listing begun before the crash continues after it, on the promoted replica.
    const firstPage = await jsonBody<ArrayListPage>(await fetch(`${app.url}/api/arrays?match=listed/*&count=10`));
    expect(firstPage.cursor).not.toBe("0");
    const events = await openEventStream(`${app.url}/api/events`);
    await events.next((m) => m.event === "ready");
    cluster.kill(victim);

    await eventually(
      async () => {
        const view = await cluster.topology();
        return view.find((n) => n.id === replica.id)?.role === "master";
      },
      30_000,
      250,
    );
    await cluster.waitForOk();

    await eventually(async () => (await mismatches()).length === 0, 30_000, 500);
    expect(await mismatches()).toEqual([]);
    // The live view subscribed to the promoted master and told pages to reload what they show.
    await events.next((m) => m.event === "resync", 15_000).finally(() => events.close());

    const continued = new Set<string>(firstPage.items.map((item: { key: string }) => item.key));
    for (let cursor = firstPage.cursor, pages = 0; cursor !== "0" && pages < 100; pages++) {
      const res = await fetch(`${app.url}/api/arrays?match=listed/*&count=10&cursor=${encodeURIComponent(cursor)}`);
      const body = await jsonBody<ArrayListPage>(res);
      expect(res.status, JSON.stringify(body)).toBe(200);
      for (const item of body.items) continued.add(item.key);
      cursor = body.cursor;
    }
    expect(continued.size).toBe(120);

    const health = await jsonBody<Health>(await fetch(`${app.url}/api/health`));
    const dead = health.nodes!.find((n) => n.address === `${victim.host}:${victim.port}`);
    expect(dead?.ok).toBe(false);
    expect(health.nodes!.find((n) => n.address === `${replica.host}:${replica.port}`)).toMatchObject({ role: "master", ok: true });

    // Writes reach the promoted master too.
    const fresh = npy("np.arange(11)");
    const key = await eventually(async () => {
      for (let i = 0; i < 1000; i++) if ((await cluster.masterOf(`after-failover/${i}`)).id === replica.id) return `after-failover/${i}`;
      return null;
    });
    expect((await put(key, fresh)).status).toBe(201);
    expect((await download(key)).bytes.equals(fresh)).toBe(true);
    expect((await listAll("listed/*", 40)).length).toBe(120);
  });
});
