// The API on a cluster that speaks only TLS and wants a password: both come from
// REDIS_URL's form (rediss://:password@…), the CA from NODE_EXTRA_CA_CERTS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npy, openEventStream, startApp, type SseMessage, type TestApp, jsonBody } from "../helpers";
import { startTestCluster, type TestCluster } from "./cluster-helpers";
import type { ArrayEvent, ArrayListPage, Health } from "@/lib/api-types";

const PASSWORD = "tls pass/word";
let cluster: TestCluster;
let app: TestApp;

beforeAll(async () => {
  cluster = await startTestCluster({ tls: true, password: PASSWORD });
  app = await startApp({
    env: {
      REDIS_CLUSTER_NODES: cluster.nodesEnv,
      REDIS_URL: `rediss://:${encodeURIComponent(PASSWORD)}@ignored.invalid:1`,
      NODE_EXTRA_CA_CERTS: cluster.tls!.caFile,
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
});

describe("a TLS cluster with a password", () => {
  it("is healthy on every node", async () => {
    const res = await fetch(`${app.url}/api/health`);
    const body = await jsonBody<Health>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.nodes).toHaveLength(6);
    for (const node of body.nodes!) expect(node).toMatchObject({ ok: true, module: true });
  });

  it("stores, lists and returns arrays byte-exactly, with events", async () => {
    const events = await openEventStream(`${app.url}/api/events`);
    try {
      await events.next((m) => m.event === "ready");
      const bytes = npy("np.linspace(0, 1, 50, dtype='<f8').reshape(5, 10)");
      const keys = ["tls/a", "tls/b", "tls/c", "tls/d"];
      for (const key of keys) {
        const res = await fetch(`${app.url}/api/arrays/${encodeURIComponent(key)}`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
        expect(res.status).toBe(201);
      }
      for (const key of keys) {
        const got = Buffer.from(await (await fetch(`${app.url}/api/arrays/${encodeURIComponent(key)}`)).arrayBuffer());
        expect(got.equals(bytes), key).toBe(true);
      }
      const listing = await jsonBody<ArrayListPage>(await fetch(`${app.url}/api/arrays?match=tls/*&count=100`));
      expect(listing.items.map((i: { key: string }) => i.key).sort()).toEqual(keys);
      // Subscriptions over TLS too: a later write arrives as an event.
      const isSet = (m: SseMessage) => m.event === "message" && (JSON.parse(m.data) as ArrayEvent).key === "tls/late";
      for (let attempt = 0; attempt < 20 && !events.messages.some(isSet); attempt++) {
        await fetch(`${app.url}/api/arrays/tls%2Flate`, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
        await new Promise((r) => setTimeout(r, 250));
      }
      await events.next(isSet, 1000);
    } finally {
      events.close();
    }
  });
});
