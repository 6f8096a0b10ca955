// The Python a user pastes to get an array out of the Redis this app uses.
import type { RedisAddress } from "@/lib/redis-address";

function pythonString(s: string): string {
  return JSON.stringify(s);
}

/** The redis-py lines that connect `r` to `address`; a password is left for the user to add. */
export function connectLines(address: RedisAddress): string[] {
  const tls = address.tls ? ", ssl=True" : "";
  const password = address.needsPassword ? ', password="…"' : "";
  if (address.kind === "cluster") {
    const nodes = address.nodes.map((n) => `ClusterNode(${pythonString(n.host)}, ${n.port})`).join(", ");
    return ["from redis.cluster import ClusterNode, RedisCluster", `r = RedisCluster(startup_nodes=[${nodes}]${tls}${password})`];
  }
  const db = address.db === 0 ? "" : `, db=${address.db}`;
  return [`r = redis.Redis(host=${pythonString(address.host)}, port=${address.port}${db}${tls}${password})`];
}

export function loadSnippet(key: string, address: RedisAddress): string {
  return ["import numpy_redis, redis", ...connectLines(address), `a = numpy_redis.load(r, ${pythonString(key)})`].join("\n");
}

/** Saves a first array into `address`: shown before any array exists. */
export function saveSnippet(address: RedisAddress): string {
  return ["import numpy as np, redis, numpy_redis", ...connectLines(address), 'numpy_redis.save(r, "frame:1", np.random.rand(256, 256))'].join("\n");
}
