import "server-only";

export interface ClusterSettings {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
  /** REDIS_READ_FROM_REPLICAS=1: downloads read from a replica of the key's master. */
  readFromReplicas: boolean;
}

/** The seed-node list "host:port,[::1]:7001,…" as {host, port}s; throws naming a malformed entry. */
export function parseClusterNodes(spec: string): { host: string; port: number }[] {
  const entries = spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("REDIS_CLUSTER_NODES is empty: give at least one host:port of the cluster");
  return entries.map((entry) => {
    const colon = entry.lastIndexOf(":");
    const port = Number(entry.slice(colon + 1));
    const host = entry.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
    if (colon <= 0 || host === "" || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`REDIS_CLUSTER_NODES entry "${entry}" is not host:port`);
    }
    return { host, port };
  });
}

/**
 * Cluster settings from the environment: seed nodes from REDIS_CLUSTER_NODES;
 * credentials and TLS from REDIS_URL's form (redis[s]://[user]:password@…, its
 * host ignored), else REDIS_USERNAME / REDIS_PASSWORD; REDIS_TLS=1 forces TLS.
 */
export function clusterSettingsFromEnv(env: Record<string, string | undefined> = process.env): ClusterSettings | null {
  const spec = env.REDIS_CLUSTER_NODES?.trim();
  if (!spec) return null;
  let username = env.REDIS_USERNAME || undefined;
  let password = env.REDIS_PASSWORD || undefined;
  let tls = env.REDIS_TLS === "1";
  const rawUrl = env.REDIS_URL?.trim();
  if (rawUrl) {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new Error(`REDIS_URL "${rawUrl}" is not a URL like redis://:password@host:port or rediss://…`);
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
      throw new Error(`REDIS_URL must start with redis:// or rediss://, not ${url.protocol}//`);
    }
    tls ||= url.protocol === "rediss:";
    if (url.password) password = decodeURIComponent(url.password);
    if (url.username) username = decodeURIComponent(url.username);
  }
  return { nodes: parseClusterNodes(spec), username, password, tls, readFromReplicas: env.REDIS_READ_FROM_REPLICAS === "1" };
}
