// Rename and copy on a real six-node Redis Cluster, between names in different
// hash slots (on different masters): RENAME and COPY refuse those (CROSSSLOT),
// so the app moves the value itself and must keep the bytes, the TTL and the
// never-overwrite promise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, startApp, type TestApp, jsonBody } from "../helpers";
import { startTestCluster, type TestCluster } from "./cluster-helpers";

let cluster: TestCluster;
let app: TestApp;

const arrayUrl = (key: string, suffix = "") => `${app.url}/api/arrays/${encodeURIComponent(key)}${suffix}`;

async function put(key: string, bytes: Buffer): Promise<void> {
  const res = await fetch(arrayUrl(key), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function download(key: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(arrayUrl(key));
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

const post = (key: string, action: "rename" | "copy", to: string) =>
  fetch(arrayUrl(key, `/${action}`), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ to }) });

/** A name whose slot lives on another master than `key`'s. */
async function nameOnAnotherMaster(key: string, prefix: string): Promise<string> {
  const owner = await cluster.masterOf(key);
  for (let i = 0; i < 1000; i++) {
    const candidate = `${prefix}${i}`;
    if ((await cluster.masterOf(candidate)).id !== owner.id) return candidate;
  }
  throw new Error(`no name starting ${prefix} lands on another master than ${key}`);
}

async function ttlMs(key: string): Promise<number> {
  return cluster.node(await cluster.masterOf(key)).pttl(key);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  app = await startApp({ env: { REDIS_CLUSTER_NODES: cluster.nodesEnv } });
});

afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
});

describe("rename and copy across hash slots", () => {
  const bytes = npy("np.random.default_rng(3).standard_normal((64, 48)).astype('>f4')");

  it("copies to a name on another master: same bytes, same TTL, the source untouched", async () => {
    await put("xs:source", bytes);
    expect(
      (await fetch(arrayUrl("xs:source", "/ttl"), { method: "PUT", headers: { "Content-Type": "application/json" }, body: '{"seconds": 600}' })).status,
    ).toBe(200);
    const to = await nameOnAnotherMaster("xs:source", "xs:copy:");
    const res = await post("xs:source", "copy", to);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await jsonBody(res)).toEqual({ from: "xs:source", to });
    expect((await download(to)).bytes.equals(bytes)).toBe(true);
    expect((await download("xs:source")).bytes.equals(bytes)).toBe(true);
    const ttl = await ttlMs(to);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });

  it("renames to a name on another master: the bytes and TTL move, the old name is gone", async () => {
    await put("xs:moving", bytes);
    expect(
      (await fetch(arrayUrl("xs:moving", "/ttl"), { method: "PUT", headers: { "Content-Type": "application/json" }, body: '{"seconds": 900}' })).status,
    ).toBe(200);
    const to = await nameOnAnotherMaster("xs:moving", "xs:moved:");
    const res = await post("xs:moving", "rename", to);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await download(to)).bytes.equals(bytes)).toBe(true);
    expect((await download("xs:moving")).status).toBe(404);
    expect(await ttlMs(to)).toBeGreaterThan(890_000);
  });

  it("an array without a TTL keeps none", async () => {
    await put("xs:forever", bytes);
    const to = await nameOnAnotherMaster("xs:forever", "xs:forever-copy:");
    expect((await post("xs:forever", "copy", to)).status).toBe(200);
    expect(await ttlMs(to)).toBe(-1);
  });

  it("never overwrites a taken name on another master: 409 and both keys as they were", async () => {
    await put("xs:one", bytes);
    const to = await nameOnAnotherMaster("xs:one", "xs:taken:");
    const other = npy("np.arange(5, dtype='<i2')");
    await put(to, other);
    for (const action of ["copy", "rename"] as const) {
      const res = await post("xs:one", action, to);
      expect(res.status).toBe(409);
      expect((await jsonBody(res)).error).toMatch(/already exists/);
      expect((await download(to)).bytes.equals(other)).toBe(true);
      expect((await download("xs:one")).bytes.equals(bytes)).toBe(true);
    }
  });

  it("refuses a key of another type across slots too, and a missing one", async () => {
    await cluster.node(await cluster.masterOf("xs:string")).set("xs:string", "not an array");
    const to = await nameOnAnotherMaster("xs:string", "xs:string-copy:");
    expect((await post("xs:string", "copy", to)).status).toBe(409);
    expect((await post("xs:nothing-here", "rename", to)).status).toBe(404);
    expect((await download(to)).status).toBe(404);
  });
});
