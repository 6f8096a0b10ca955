// A lean HTTP client for the benchmarks (node:http), so the figures measure the
// server, as ioredis measures Redis, rather than fetch's own buffering.
import { request } from "node:http";

/**
 * The body, its chunks joined once at the end, as ioredis joins a reply. (A body
 * allocated up front kept twice the bytes alive during the transfer and doubled
 * this client's garbage collection, which on two cores slowed the server too.)
 */
export function httpGet(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const chunks: Buffer[] = [];
      let length = 0;
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
      });
      res.on("end", () => resolve(Buffer.concat(chunks, length)));
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
