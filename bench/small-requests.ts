// Requests per second on one keep-alive connection, one request at a time: what
// a script polling the API, or a page fetching frames one by one, gets.
import { Agent, request } from "node:http";

/** A GET client on one kept-alive socket; resolves with the status once the body is read. */
export function oneConnectionGet(): { get(url: string): Promise<number>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (url) =>
      new Promise((resolve, reject) => {
        request(url, { agent }, (res) => {
          res.on("data", () => {});
          res.on("end", () => resolve(res.statusCode!));
          res.on("error", reject);
        })
          .on("error", reject)
          .end();
      }),
    close: () => agent.destroy(),
  };
}

/** Requests per second of `count` sequential runs of `one`. */
export async function rate(count: number, one: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await one();
  return count / ((performance.now() - started) / 1000);
}

/**
 * Rates of each run in interleaved rounds (every round runs each once, in
 * turn), so a burst of load elsewhere on the machine slows all of them alike.
 */
export async function interleaved(rounds: number, count: number, runs: Record<string, () => Promise<void>>): Promise<Record<string, number[]>> {
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
  for (const one of Object.values(runs)) await rate(Math.min(count, 100), one); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, one] of Object.entries(runs)) rates[name].push(await rate(count, one));
  }
  return rates;
}

/** Requests per second of `connections` clients, each running `one` in turn for `ms`. */
export async function concurrentRate(connections: number, ms: number, one: (client: number) => Promise<void>): Promise<number> {
  let count = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async (_, client) => {
      while (performance.now() < until) {
        await one(client);
        count++;
      }
    }),
  );
  return count / (ms / 1000);
}
