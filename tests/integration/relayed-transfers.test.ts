// Uploads are relayed to Redis while they arrive, and downloads from Redis as it
// sends them, on connections of the app's own (lib/server/transfer/). The same
// promises as every transfer: exact bytes, 201/200/412, the module's reason,
// nothing stored by a body that fails, every download one whole version, and a
// connection left in a half-read state is never reused.
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, makeCertificates, npy, startApp, startDownload, startRedis, startStack, type Stack, jsonBody } from "../helpers";

let stack: Stack;
let big: Buffer;
let other: Buffer;

beforeAll(async () => {
  // An ACL user besides the default one, for an app that logs in and selects a database.
  stack = await startStack({ redis: { config: { user: ["uploader", "on", ">up-secret", "~*", "&*", "+@all"] } } });
  big = npy("np.random.default_rng(1).random((512, 1024))"); // 4 MiB
  other = npy("np.arange(300_000, dtype='>i8')"); // 2.3 MiB, another dtype and byte order
});
afterAll(async () => {
  await stack?.stop();
});

function put(key: string, body: Uint8Array, headers: Record<string, string> = {}, query = "") {
  return fetch(stack.arrayUrl(key) + query, { method: "PUT", body: body as Uint8Array<ArrayBuffer>, headers });
}

async function stored(key: string): Promise<Buffer | null> {
  return (await stack.redis.client().callBuffer("NP.GET", key)) as Buffer | null;
}

/** Announces `body.length` bytes, sends `sent` of them, then resets the connection. */
function putCutShort(key: string, body: Buffer, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(stack.arrayUrl(key), { method: "PUT", headers: { "Content-Length": body.length } });
    req.on("error", () => resolve());
    req.on("response", (res) => (res.resume(), resolve()));
    req.write(body.subarray(0, sent), () => setTimeout(() => req.destroy(), 100));
  });
}

async function download(key: string, headers: Record<string, string> = {}): Promise<Buffer> {
  return Buffer.from(await (await fetch(stack.arrayUrl(key), { headers })).arrayBuffer());
}

async function relayConnections(): Promise<number> {
  const clients = (await stack.redis.client().call("CLIENT", "LIST")) as string;
  return clients.split("\n").filter((line) => line.includes("name=numpy-redis-relay")).length;
}

describe("relayed uploads", () => {
  it("go through the app's upload connection and store the exact bytes, 201 then 200", async () => {
    const first = await put("relay/exact", big);
    expect(first.status).toBe(201);
    expect(await jsonBody(first)).toEqual({ key: "relay/exact", bytes: big.length, created: true });
    expect((await stored("relay/exact"))?.equals(big)).toBe(true);
    expect(await relayConnections()).toBeGreaterThan(0);

    const second = await put("relay/exact", other);
    expect(second.status).toBe(200);
    expect(await jsonBody(second)).toMatchObject({ created: false });
    expect((await download("relay/exact")).equals(other)).toBe(true);
  });

  it("answer 412 with If-None-Match: * when the key exists, keeping the old array", async () => {
    expect((await put("relay/once", big, { "If-None-Match": "*" })).status).toBe(201);
    const again = await put("relay/once", other, { "If-None-Match": "*" });
    expect(again.status).toBe(412);
    expect((await stored("relay/once"))?.equals(big)).toBe(true);
  });

  it("set and keep TTLs", async () => {
    expect((await put("relay/ttl", big, {}, "?ttl=500")).status).toBe(201);
    expect(Number(await stack.redis.client().ttl("relay/ttl"))).toBeGreaterThan(490);
    expect((await put("relay/ttl", other, {}, "?ttl=keep")).status).toBe(200);
    expect(Number(await stack.redis.client().ttl("relay/ttl"))).toBeGreaterThan(490);
  });

  it("refuse a malformed big file with the module's reason and keep the old value", async () => {
    expect((await put("relay/kept", big)).status).toBe(201);
    const truncated = big.subarray(0, big.length - 3);
    const res = await put("relay/kept", truncated);
    expect(res.status).toBe(400);
    expect((await jsonBody(res)).error).toBe(`invalid .npy: header declares ${big.length - 128} data bytes but ${truncated.length - 128} follow`);
    expect((await stored("relay/kept"))?.equals(big)).toBe(true);
  });

  it("answer 409 for a key of another Redis type and leave it", async () => {
    await stack.redis.client().set("relay/string", "plain");
    expect((await put("relay/string", big)).status).toBe(409);
    expect(await stack.redis.client().get("relay/string")).toBe("plain");
  });

  it("store nothing when the client goes away mid-body, and the next upload works", async () => {
    expect((await put("relay/cut", other)).status).toBe(201);
    await putCutShort("relay/cut", big, big.length / 2);
    await putCutShort("relay/cut-new", big, 1024 * 1024 + 5);
    // The server noticed the cut and dropped the incomplete command.
    await new Promise((r) => setTimeout(r, 300));
    expect((await stored("relay/cut"))?.equals(other)).toBe(true);
    expect(await stack.redis.client().exists("relay/cut-new")).toBe(0);
    expect((await put("relay/cut", big)).status).toBe(200);
    expect((await stored("relay/cut"))?.equals(big)).toBe(true);
  });

  it("log in and select the database of REDIS_URL on their own connection", async () => {
    const url = new URL(stack.redis.url);
    const app = await startApp({ redisUrl: `redis://uploader:up-secret@${url.host}/3` });
    try {
      const res = await fetch(`${app.url}/api/arrays/${encodeURIComponent("relay/db3")}`, { method: "PUT", body: big as Uint8Array<ArrayBuffer> });
      expect(res.status).toBe(201);
      const db3 = stack.redis.client();
      await db3.select(3);
      expect(((await db3.callBuffer("NP.GET", "relay/db3")) as Buffer).equals(big)).toBe(true);
      expect(await stack.redis.client().exists("relay/db3")).toBe(0);
      const clients = (await db3.call("CLIENT", "LIST")) as string;
      expect(clients).toMatch(/name=numpy-redis-relay .*db=3 .*user=uploader/);
    } finally {
      await app.stop();
    }
  });
});

describe("relayed downloads", () => {
  let huge: Buffer;
  beforeAll(async () => {
    huge = npy("np.random.default_rng(2).standard_normal(5 * 1024 * 1024 // 8 * 5)"); // 25 MiB
    expect((await put("relay/huge", huge)).status).toBe(201);
  });

  it("deliver the exact bytes, whole and in ranges across chunk boundaries", async () => {
    const res = await fetch(stack.arrayUrl("relay/huge"));
    expect(res.headers.get("content-length")).toBe(String(huge.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(huge)).toBe(true);
    for (const [start, end] of [
      [0, 8 * 1024 * 1024],
      [4 * 1024 * 1024 - 1, 16 * 1024 * 1024 + 1],
      [huge.length - 9 * 1024 * 1024, huge.length - 1],
    ]) {
      const part = await download("relay/huge", { Range: `bytes=${start}-${end}` });
      expect(part.equals(huge.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
  });

  it("cut short by the client leave no half-read connection behind", async () => {
    for (let i = 0; i < 6; i++) {
      const controller = new AbortController();
      const res = await fetch(stack.arrayUrl("relay/huge"), { signal: controller.signal });
      await res.body!.getReader().read();
      controller.abort();
    }
    // Every later transfer on the pooled connections is exact.
    const results = await Promise.all(Array.from({ length: 6 }, () => download("relay/huge")));
    for (const bytes of results) expect(bytes.equals(huge)).toBe(true);
    expect((await put("relay/after-aborts", big)).status).toBe(201);
    expect((await stored("relay/after-aborts"))?.equals(big)).toBe(true);
  });

  it("finish with the version they began with when the array is deleted mid-way", async () => {
    expect((await put("relay/vanishing", huge)).status).toBe(201);
    const download = await startDownload(stack.arrayUrl("relay/vanishing"));
    await stack.redis.client().del("relay/vanishing");
    const { outcome, bytes } = await download.finish();
    expect(outcome).toBe("complete");
    expect(bytes.equals(huge)).toBe(true);
    expect((await fetch(stack.arrayUrl("relay/vanishing"))).status).toBe(404);
  });
});

describe("relayed transfers over TLS", () => {
  it("connect with rediss:// and the CA the app trusts, both ways", async () => {
    const dir = mkdtempSync(join(tmpdir(), "numpy-redis-tls-"));
    const certs = makeCertificates(dir);
    const tlsPort = await findFreePort();
    const redis = await startRedis({
      config: {
        "tls-port": String(tlsPort),
        "tls-cert-file": certs.certFile,
        "tls-key-file": certs.keyFile,
        "tls-ca-cert-file": certs.caFile,
        "tls-auth-clients": "no",
      },
    });
    try {
      const app = await startApp({ redisUrl: `rediss://127.0.0.1:${tlsPort}`, env: { NODE_EXTRA_CA_CERTS: certs.caFile } });
      try {
        const array = npy("np.random.default_rng(4).random(10 * 1024 * 1024 // 8)"); // 10 MiB: relayed both ways
        const url = `${app.url}/api/arrays/${encodeURIComponent("tls/array")}`;
        expect((await fetch(url, { method: "PUT", body: array as Uint8Array<ArrayBuffer> })).status).toBe(201);
        expect(((await redis.client().callBuffer("NP.GET", "tls/array")) as Buffer).equals(array)).toBe(true);
        expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(array)).toBe(true);
        const clients = (await redis.client().call("CLIENT", "LIST")) as string;
        expect(clients).toMatch(new RegExp(`laddr=127\\.0\\.0\\.1:${tlsPort} .*name=numpy-redis-relay`));
      } finally {
        await app.stop();
      }
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
