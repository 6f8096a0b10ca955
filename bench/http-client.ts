// A lean HTTP client for the benchmarks (node:http, one preallocated buffer), so the
// figures measure the server, as ioredis measures Redis, rather than fetch's own buffering.
import { request } from "node:http";

export function httpGet(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const body = Buffer.allocUnsafe(Number(res.headers["content-length"]));
      let at = 0;
      res.on("data", (chunk: Buffer) => (at += chunk.copy(body, at)));
      res.on("end", () => resolve(body.subarray(0, at)));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** PUTs `body` and resolves with the status code. */
export function httpPut(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { "Content-Length": body.length } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", reject);
    req.end(body);
  });
}
