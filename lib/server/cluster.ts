import "server-only";

/**
 * Everything the app does differently on a Redis Cluster, one concept per file
 * under ./cluster/: settings from the environment, the client, routing module
 * commands by key, the cluster's view of itself, listing across every master
 * with one folded cursor, keyspace events from every master, and per-node
 * health. (The size limits that cap big arrays apply to one server
 * too: ./transfer/bulk-limit.ts.)
 */
export * from "./cluster/settings";
export * from "./cluster/client";
export * from "./cluster/keyed-command";
export * from "./cluster/topology";
export * from "./cluster/scan";
export * from "./cluster/rows";
export * from "./cluster/keyspace-subscriber";
export * from "./cluster/health";
