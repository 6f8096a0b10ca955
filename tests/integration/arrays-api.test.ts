// Every /api/arrays route and status against a real Redis with the module and the built app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCorpus, npy, startDownload, startStack, type Corpus, type Stack, jsonBody } from "../helpers";
import type { ArrayInfo, ArrayListPage, Health } from "@/lib/api-types";

let stack: Stack;
let corpus: Corpus;

beforeAll(async () => {
  stack = await startStack();
  corpus = makeCorpus();
});
afterAll(async () => {
  await stack?.stop();
});

async function put(key: string, body: Uint8Array, headers: Record<string, string> = {}, query = "") {
  return fetch(stack.arrayUrl(key) + query, { method: "PUT", body: body as Uint8Array<ArrayBuffer>, headers });
}

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

describe("health", () => {
  it("reports Redis, the module and events", async () => {
    const res = await fetch(stack.url("/api/health"));
    expect(res.status).toBe(200);
    const body = await jsonBody<Health>(res);
    expect(body).toMatchObject({ ok: true, redis: { mode: "standalone" }, module: { name: "numpy" }, events: true });
    expect(body.redis!.version).toMatch(/^\d+\.\d+/);
  });
});

describe("round trip", () => {
  it("returns every valid corpus file byte for byte", async () => {
    const files = [...corpus.valid, ...corpus.malformed.filter((file) => file.moduleAccepts)];
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const key = `corpus:${file.name}`;
      const stored = await put(key, file.bytes);
      expect(stored.status, `${file.name}: ${await stored.clone().text()}`).toBe(201);
      const res = await fetch(stack.arrayUrl(key));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-length")).toBe(String(file.bytes.length));
      expect(res.headers.get("accept-ranges")).toBe("bytes");
      expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]+"$/);
      expect((await bytesOf(res)).equals(file.bytes), file.name).toBe(true);
    }
  });

  it("describes an array at /info with the header exactly as stored", async () => {
    const bytes = npy("np.zeros((2, 3, 4), dtype='>i2', order='F')");
    await put("info:fortran", bytes);
    const res = await fetch(stack.arrayUrl("info:fortran", "/info"));
    expect(res.status).toBe(200);
    const info = await jsonBody<ArrayInfo>(res);
    const headerLength = bytes.readUInt16LE(8);
    expect(info).toMatchObject({
      key: "info:fortran",
      version: "1.0",
      // The dict text without numpy's alignment padding and final newline.
      header: bytes
        .subarray(10, 10 + headerLength)
        .toString("latin1")
        .trimEnd(),
      descr: "'>i2'",
      shape: [2, 3, 4],
      fortranOrder: true,
      dataOffset: 10 + headerLength,
      bytes: bytes.length,
      itemsize: 2,
      size: 24,
      ttl: -1,
    });
    expect(`"${info.etag}"`).toBe((await fetch(stack.arrayUrl("info:fortran"), { method: "HEAD" })).headers.get("etag"));
  });

  it("reports the TTL at /info, so rows added by live events show it", async () => {
    await put("info:ttl", npy("np.arange(3)"), {}, "?ttl=100");
    const info = await jsonBody<ArrayInfo>(await fetch(stack.arrayUrl("info:ttl", "/info")));
    expect(info.ttl).toBeGreaterThan(90_000);
    expect(info.ttl).toBeLessThanOrEqual(100_000);
  });

  it("keeps latin1 header text of v1 files intact", async () => {
    const bytes = npy("np.zeros(2, dtype=[('é', '<f4')])");
    await put("latin1", bytes);
    const info = await jsonBody<ArrayInfo>(await fetch(stack.arrayUrl("latin1", "/info")));
    expect(info.descr).toBe("[('é', '<f4')]");
  });
});

describe("PUT", () => {
  it("answers 201 for a new key and 200 when replacing", async () => {
    const res1 = await put("put:a", npy("np.arange(3)"));
    expect(res1.status).toBe(201);
    expect(await jsonBody(res1)).toMatchObject({ key: "put:a", created: true });
    const res2 = await put("put:a", npy("np.arange(4)"));
    expect(res2.status).toBe(200);
    expect((await bytesOf(await fetch(stack.arrayUrl("put:a")))).equals(npy("np.arange(4)"))).toBe(true);
  });

  it("answers 412 with If-None-Match: * when the key exists, and stores when it does not", async () => {
    await put("put:nx", npy("np.arange(3)"));
    const taken = await put("put:nx", npy("np.arange(5)"), { "If-None-Match": "*" });
    expect(taken.status).toBe(412);
    expect((await jsonBody(taken)).error).toContain("already exists");
    expect((await bytesOf(await fetch(stack.arrayUrl("put:nx")))).equals(npy("np.arange(3)"))).toBe(true);
    const fresh = await put("put:nx-new", npy("np.arange(5)"), { "If-None-Match": "*" });
    expect(fresh.status).toBe(201);
  });

  it("sets a TTL with ?ttl=seconds and refuses a bad one", async () => {
    expect((await put("put:ttl", npy("np.arange(3)"), {}, "?ttl=100")).status).toBe(201);
    const ttl = await stack.redis.client().pttl("put:ttl");
    expect(ttl).toBeGreaterThan(90_000);
    const bad = await put("put:ttl", npy("np.arange(3)"), {}, "?ttl=-4");
    expect(bad.status).toBe(400);
    expect((await jsonBody(bad)).error).toContain("ttl must be");
  });

  it("refuses every malformed file with the module's reason, storing nothing and keeping the old value", async () => {
    const original = npy("np.arange(7)");
    const cases = corpus.malformed.filter((file) => !file.moduleAccepts);
    const truncated = npy("np.arange(1024, dtype='<i4')").subarray(0, -3);
    const all = [...cases, { name: "inline_truncated.npy", bytes: truncated, moduleErrorContains: "data bytes but" }];
    expect(cases.length).toBeGreaterThan(30);
    for (const file of all) {
      await put("bad:existing", original);
      const replaced = await put("bad:existing", file.bytes);
      const body = await jsonBody(replaced);
      expect(replaced.status, `${file.name}: ${JSON.stringify(body)}`).toBe(400);
      if (file.bytes.length === 0) expect(body.error).toMatch(/^the request body is empty/);
      else expect(body.error).toMatch(/^invalid \.npy: ./);
      if (file.bytes.length > 0 && file.moduleErrorContains) expect(body.error, file.name).toContain(file.moduleErrorContains);
      expect((await bytesOf(await fetch(stack.arrayUrl("bad:existing")))).equals(original), file.name).toBe(true);
      const fresh = await put("bad:fresh", file.bytes);
      expect(fresh.status).toBe(400);
      expect((await fetch(stack.arrayUrl("bad:fresh"))).status).toBe(404);
    }
    const reason = await jsonBody(await put("bad:fresh", truncated));
    expect(reason.error).toContain("data bytes but");
  });

  it("refuses an empty body", async () => {
    const res = await put("empty", new Uint8Array(0));
    expect(res.status).toBe(400);
    expect((await jsonBody(res)).error).toContain("empty");
  });
});

describe("key names", () => {
  const names = ["a/b/c", "100%", "what?", "#hash", "with space", "ünïcødé", "数组", "emoji 🧪🔬", "a%2Fb", "x:y:z", "'quote\"", "+plus&amp=1"];
  it("round-trip through PUT, GET, info, list and DELETE", async () => {
    const bytes = npy("np.eye(2)");
    for (const name of names) {
      expect((await put(`k:${name}`, bytes)).status, name).toBe(201);
      expect((await bytesOf(await fetch(stack.arrayUrl(`k:${name}`)))).equals(bytes), name).toBe(true);
      expect((await jsonBody<ArrayInfo>(await fetch(stack.arrayUrl(`k:${name}`, "/info")))).key).toBe(`k:${name}`);
      expect(await stack.redis.client().exists(Buffer.from(`k:${name}`, "utf8")), name).toBe(1);
    }
    const listed = await jsonBody<ArrayListPage>(await fetch(stack.url(`/api/arrays?match=${encodeURIComponent("k:*")}&count=1000`)));
    expect(listed.items.map((i: { key: string }) => i.key).sort()).toEqual(names.map((n) => `k:${n}`).sort());
    for (const name of names) {
      expect((await fetch(stack.arrayUrl(`k:${name}`), { method: "DELETE" })).status, name).toBe(204);
    }
  });
});

describe("GET", () => {
  let bytes: Buffer;
  let etag: string;
  beforeAll(async () => {
    bytes = npy("np.arange(1000, dtype='<f8')");
    await put("range", bytes);
    etag = (await fetch(stack.arrayUrl("range"), { method: "HEAD" })).headers.get("etag")!;
  });
  const get = (headers: Record<string, string>, key = "range") => fetch(stack.arrayUrl(key), { headers });

  it("answers 404 JSON for a missing key", async () => {
    const res = await get({}, "nope");
    expect(res.status).toBe(404);
    expect((await jsonBody(res)).error).toBe('no array named "nope"');
  });

  it("answers 304 for a matching If-None-Match, 200 otherwise", async () => {
    const res = await get({ "If-None-Match": etag });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect((await get({ "If-None-Match": `"other", W/${etag}` })).status).toBe(304);
    expect((await get({ "If-None-Match": '"other"' })).status).toBe(200);
  });

  it("names the bytes: rewriting the same bytes keeps the ETag, other bytes change it", async () => {
    await put("etag", bytes);
    const first = (await get({}, "etag")).headers.get("etag");
    await put("etag", bytes);
    expect((await get({}, "etag")).headers.get("etag")).toBe(first);
    await put("etag", npy("np.arange(1001, dtype='<f8')"));
    expect((await get({}, "etag")).headers.get("etag")).not.toBe(first);
  });

  it("serves single ranges: first byte, last byte, suffix, open-ended, clamped end", async () => {
    const cases: [string, number, number][] = [
      ["bytes=0-0", 0, 0],
      [`bytes=${bytes.length - 1}-${bytes.length - 1}`, bytes.length - 1, bytes.length - 1],
      ["bytes=-10", bytes.length - 10, bytes.length - 1],
      ["bytes=100-", 100, bytes.length - 1],
      [`bytes=5-${bytes.length + 500}`, 5, bytes.length - 1],
      [`bytes=-${bytes.length + 5}`, 0, bytes.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await get({ Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(res.headers.get("content-length")).toBe(String(end - start + 1));
      expect((await bytesOf(res)).equals(bytes.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it("answers 416 for a range past the end", async () => {
    for (const range of [`bytes=${bytes.length}-`, `bytes=${bytes.length + 10}-${bytes.length + 20}`, "bytes=-0"]) {
      const res = await get({ Range: range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get("content-range")).toBe(`bytes */${bytes.length}`);
      expect((await jsonBody(res)).error).toContain("past the end");
    }
  });

  it("ignores malformed and multiple ranges (whole body)", async () => {
    for (const range of ["bytes=abc", "items=0-5", "bytes=0-1,5-6", "bytes=9-3"]) {
      const res = await get({ Range: range });
      expect(res.status, range).toBe(200);
      expect((await bytesOf(res)).length).toBe(bytes.length);
    }
  });

  it("honours If-Range: the range when the ETag matches, the whole array when it does not", async () => {
    expect((await get({ Range: "bytes=0-9", "If-Range": etag })).status).toBe(206);
    const stale = await get({ Range: "bytes=0-9", "If-Range": '"stale"' });
    expect(stale.status).toBe(200);
    expect((await bytesOf(stale)).length).toBe(bytes.length);
    expect((await get({ Range: "bytes=0-9", "If-Range": "Wed, 21 Oct 2015 07:28:00 GMT" })).status).toBe(200);
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await fetch(stack.arrayUrl("range"), { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it("adds Content-Disposition with ?download=1, with an ASCII fallback and the exact name", async () => {
    await put("dir/naïve name", bytes);
    const res = await fetch(stack.arrayUrl("dir/naïve name", "?download=1"));
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.npy"; filename\*=UTF-8''/);
    expect(disposition).toContain(`filename*=UTF-8''dir_na%C3%AFve%20name.npy`);
    expect((await fetch(stack.arrayUrl("range"))).headers.get("content-disposition")).toBeNull();
  });

  it("streams an array larger than one read byte-exactly, and ranges across chunks", async () => {
    const big = npy("np.random.default_rng(5).random(3 * 1024 * 1024 // 8 * 7)"); // ~21 MiB
    expect((await put("big", big)).status).toBe(201);
    const res = await fetch(stack.arrayUrl("big"));
    expect(res.headers.get("content-length")).toBe(String(big.length));
    expect((await bytesOf(res)).equals(big)).toBe(true);
    const start = 4 * 1024 * 1024 - 3;
    const end = 13 * 1024 * 1024 + 7;
    const part = await fetch(stack.arrayUrl("big"), { headers: { Range: `bytes=${start}-${end}` } });
    expect(part.status).toBe(206);
    expect((await bytesOf(part)).equals(big.subarray(start, end + 1))).toBe(true);
  });

  it("finishes a download the array is replaced during, with every byte of the version it began with", async () => {
    const v1 = npy("np.zeros(64 * 1024 * 1024 // 8)");
    const v2 = npy("np.ones(64 * 1024 * 1024 // 8)");
    await put("changing", v1);
    const download = await startDownload(stack.arrayUrl("changing"));
    expect((await put("changing", v2)).status).toBe(200);
    const { outcome, bytes } = await download.finish();
    expect(outcome).toBe("complete");
    expect(bytes.equals(v1)).toBe(true);
    expect((await bytesOf(await fetch(stack.arrayUrl("changing")))).equals(v2)).toBe(true);
  });

  it("answers 409 for a key of another Redis type", async () => {
    await stack.redis.client().set("plain-string", "hello");
    const res = await get({}, "plain-string");
    expect(res.status).toBe(409);
    expect((await jsonBody(res)).error).toContain("another Redis type");
  });
});

describe("DELETE", () => {
  it("answers 204 then 404", async () => {
    await put("del:a", npy("np.arange(2)"));
    expect((await fetch(stack.arrayUrl("del:a"), { method: "DELETE" })).status).toBe(204);
    const again = await fetch(stack.arrayUrl("del:a"), { method: "DELETE" });
    expect(again.status).toBe(404);
    expect((await jsonBody(again)).error).toContain("no array named");
  });

  it("refuses to delete a key of another type (409) and leaves it", async () => {
    await stack.redis.client().set("del:string", "keep me");
    const res = await fetch(stack.arrayUrl("del:string"), { method: "DELETE" });
    expect(res.status).toBe(409);
    expect(await stack.redis.client().get("del:string")).toBe("keep me");
  });
});

describe("cross-origin writes", () => {
  it("answers 403 to PUT and DELETE from a foreign Origin and changes nothing", async () => {
    await put("origin:a", npy("np.arange(2)"));
    const foreign = { Origin: "http://evil.example" };
    const putRes = await put("origin:a", npy("np.arange(9)"), foreign);
    expect(putRes.status).toBe(403);
    expect((await jsonBody(putRes)).error).toContain("cross-origin");
    expect((await fetch(stack.arrayUrl("origin:a"), { method: "DELETE", headers: foreign })).status).toBe(403);
    expect((await fetch(stack.arrayUrl("origin:a"), { method: "DELETE", headers: { Origin: "null" } })).status).toBe(403);
    expect((await bytesOf(await fetch(stack.arrayUrl("origin:a")))).equals(npy("np.arange(2)"))).toBe(true);
  });

  it("allows the app's own Origin and reads from anywhere", async () => {
    expect((await put("origin:b", npy("np.arange(2)"), { Origin: stack.app.url })).status).toBe(201);
    expect((await fetch(stack.arrayUrl("origin:b"), { headers: { Origin: "http://evil.example" } })).status).toBe(200);
  });

  it("refuses requests addressed to a non-loopback Host name (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${stack.url("/api/health")}`, { headers: { Host: `evil.example:${stack.app.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe("routes", () => {
  it("answers unknown API routes with 404 JSON and unsupported methods with 405 JSON", async () => {
    const unknown = await fetch(stack.url("/api/nothing/here"));
    expect(unknown.status).toBe(404);
    expect((await jsonBody(unknown)).error).toContain("no API route");
    const nested = await fetch(stack.url("/api/arrays/a/b"));
    expect(nested.status).toBe(404);
    const post = await fetch(stack.arrayUrl("x"), { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toContain("PUT");
    expect((await jsonBody(post)).error).toContain("method not allowed");
    // DELETE /api/arrays deletes named arrays or by pattern (list-basics.test.ts); PUT has no meaning here.
    expect((await fetch(stack.url("/api/arrays"), { method: "PUT" })).status).toBe(405);
  });

  it("rejects a bad listing query with a reason", async () => {
    const res = await fetch(stack.url("/api/arrays?count=0"));
    expect(res.status).toBe(400);
    expect((await jsonBody(res)).error).toContain("count must be");
    expect((await fetch(stack.url("/api/arrays?cursor=a%20b"))).status).toBe(400);
  });
});
