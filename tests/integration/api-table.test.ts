// The routes of lib/server/api-table.ts are answered by the app's own server
// (scripts/lib/app-server.ts) before Next; the Next route handlers serve the
// same table. Both must answer every request alike: status, headers, body.
import { request } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ArrayListPage, ArrayLookup } from "@/lib/api-types";
import { npy, npyOfSize, startApp, startRedis, type TestApp, type TestRedis } from "../helpers";

const TOKEN = "api-table-test-token";
let redis: TestRedis;
let own: TestApp;
let next: TestApp;
let ownWithToken: TestApp;
let nextWithToken: TestApp;

beforeAll(async () => {
  redis = await startRedis();
  [own, next, ownWithToken, nextWithToken] = await Promise.all([
    startApp({ redisUrl: redis.url }),
    startApp({ redisUrl: redis.url, nextStart: true }),
    startApp({ redisUrl: redis.url, env: { DASHBOARD_TOKEN: TOKEN } }),
    startApp({ redisUrl: redis.url, env: { DASHBOARD_TOKEN: TOKEN }, nextStart: true }),
  ]);
  const client = redis.client();
  await client.call("NP.SET", "small", npy("np.arange(112, dtype='<f8')"));
  await client.call("NP.SET", "big", npyOfSize(300_000, 7));
  await client.set("text", "not an array");
}, 120_000);

afterAll(async () => {
  await Promise.all([own, next, ownWithToken, nextWithToken].map((app) => app?.stop()));
  await redis?.stop();
});

// Set by the transport, not by the API.
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "vary"]);

interface Sent {
  method?: string;
  headers?: Record<string, string>;
}

interface Observed {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What a client can observe of a response (over node:http, which lets a test send any Host); Next's stand-in for Content-Length counts as it. */
function observed(app: TestApp, path: string, sent: Sent = {}): Promise<Observed> {
  return new Promise((resolve, reject) => {
    request(app.url + path, { method: sent.method ?? "GET", headers: sent.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (!TRANSPORT.has(name)) headers[name === "x-numpy-redis-content-length" ? "content-length" : name] = String(value);
        }
        const body = Buffer.concat(chunks);
        const json = String(res.headers["content-type"]).includes("json");
        resolve({ status: res.statusCode!, headers, body: json ? JSON.parse(body.toString()) : body.toString("base64") });
      });
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** What both servers answered (equal), its JSON body read as B. */
async function expectAlike<B = unknown>(path: string, sent: Sent = {}, [a, b] = [own, next]): Promise<Observed & { body: B }> {
  const [ours, nexts] = await Promise.all([observed(a, path, sent), observed(b, path, sent)]);
  expect(ours, `${sent.method ?? "GET"} ${path} ${JSON.stringify(sent.headers ?? {})}`).toEqual(nexts);
  return ours as Observed & { body: B };
}

it("answers array downloads alike: whole, Range, If-None-Match, If-Range, HEAD, 404, 409, 416", async () => {
  const etag = (await observed(own, "/api/arrays/small")).headers.etag;
  for (const key of ["small", "big"]) {
    expect((await expectAlike(`/api/arrays/${key}`)).status).toBe(200);
    expect((await expectAlike(`/api/arrays/${key}?download=1`)).headers["content-disposition"]).toContain(`${key}.npy`);
    expect((await expectAlike(`/api/arrays/${key}`, { headers: { Range: "bytes=10-99" } })).status).toBe(206);
    expect((await expectAlike(`/api/arrays/${key}`, { headers: { Range: "bytes=-5" } })).status).toBe(206);
    expect((await expectAlike(`/api/arrays/${key}`, { headers: { Range: "bytes=999999999-" } })).status).toBe(416);
    expect((await expectAlike(`/api/arrays/${key}`, { method: "HEAD" })).status).toBe(200);
    expect((await expectAlike(`/api/arrays/${key}`, { headers: { Range: "bytes=0-9", "If-Range": '"other"' } })).status).toBe(200);
  }
  expect((await expectAlike("/api/arrays/small", { headers: { "If-None-Match": etag } })).status).toBe(304);
  expect((await expectAlike("/api/arrays/missing")).status).toBe(404);
  expect((await expectAlike("/api/arrays/text")).status).toBe(409);
  // Next's router fails on such a path before any handler runs (500); the table's own server says why.
  expect((await observed(own, "/api/arrays/%E0%A4%A")).status).toBe(400);
});

it("answers health, listing and lookups alike", async () => {
  expect((await expectAlike("/api/health")).status).toBe(200);
  const page = await expectAlike<ArrayListPage>("/api/arrays?count=10");
  expect(page.body.items.map((item) => item.key).sort()).toEqual(["big", "small"]);
  expect((await expectAlike<ArrayLookup>("/api/arrays?key=small&key=text&key=missing")).body.missing.sort()).toEqual(["missing", "text"]);
  expect((await expectAlike("/api/arrays?count=0")).status).toBe(400);
});

it("applies the same access checks: token, foreign host", async () => {
  const pair: [TestApp, TestApp] = [ownWithToken, nextWithToken];
  for (const path of ["/api/health", "/api/arrays", "/api/arrays/small"]) {
    expect((await expectAlike(path, {}, pair)).status).toBe(401);
    expect((await expectAlike(path, { headers: { Authorization: "Bearer wrong" } }, pair)).status).toBe(401);
    expect((await expectAlike(path, { headers: { Authorization: `Bearer ${TOKEN}` } }, pair)).status).toBe(200);
    expect((await expectAlike(path, { headers: { Host: `evil.example:${own.port}` } })).status).toBe(403);
  }
});
