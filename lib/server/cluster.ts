import "server-only";

/**
 * Everything the app does only on a Redis Cluster, one concept per file under
 * ./cluster/: settings from the environment, the client, the cluster's view of
 * itself, listing across every master with one folded cursor, keyspace events
 * from every master, and per-node health. What runs on one server as well lives
 * beside this file: module commands routed by key (./keyed-command.ts), the
 * size limits that cap big arrays (./transfer/bulk-limit.ts).
 */
export * from "./cluster/settings";
export * from "./cluster/client";
export * from "./cluster/topology";
export * from "./cluster/scan";
export * from "./cluster/rows";
export * from "./cluster/keyspace-subscriber";
export * from "./cluster/health";
