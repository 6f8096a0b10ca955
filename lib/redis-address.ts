// Where the app's Redis is, as a page may know it: enough for another client
// (e.g. the Python snippet) to connect, and never a credential.

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export type RedisAddress =
  | { kind: "standalone"; host: string; port: number; db: number; tls: boolean; needsPassword: boolean }
  | { kind: "cluster"; nodes: RedisNodeAddress[]; tls: boolean; needsPassword: boolean };

/** Redis's own defaults, for the parts a redis:// URL leaves out. */
const DEFAULT_PORT = 6379;
const DEFAULT_HOST = "127.0.0.1";

/** The address in a redis:// or rediss:// URL; its user name and password are only noted as present. */
export function addressOfRedisUrl(rawUrl: string): RedisAddress {
  const url = new URL(rawUrl);
  const db = Number(url.pathname.replace(/^\//, "") || 0);
  return {
    kind: "standalone",
    // URL keeps IPv6 hosts in brackets; clients want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || DEFAULT_HOST,
    port: Number(url.port || DEFAULT_PORT),
    db: Number.isSafeInteger(db) && db >= 0 ? db : 0,
    tls: url.protocol === "rediss:",
    needsPassword: url.password !== "",
  };
}
