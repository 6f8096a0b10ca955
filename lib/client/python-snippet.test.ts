import { describe, expect, it } from "vitest";
import { addressOfRedisUrl } from "@/lib/redis-address";
import { loadSnippet } from "./python-snippet";

describe("the Python snippet names the app's Redis", () => {
  it("uses the URL's host, port and database, and never its password", () => {
    const address = addressOfRedisUrl("redis://alice:s3cret@10.0.0.5:6391/2");
    expect(address).toEqual({ kind: "standalone", host: "10.0.0.5", port: 6391, db: 2, tls: false, needsPassword: true });
    const snippet = loadSnippet("frame:1", address);
    expect(snippet).toContain('redis.Redis(host="10.0.0.5", port=6391, db=2, password="…")');
    expect(snippet).not.toMatch(/s3cret|alice/);
  });
  it("fills Redis's defaults and unbrackets IPv6", () => {
    expect(addressOfRedisUrl("rediss://[::1]")).toEqual({ kind: "standalone", host: "::1", port: 6379, db: 0, tls: true, needsPassword: false });
  });
  it("uses RedisCluster on a cluster", () => {
    const snippet = loadSnippet("k", {
      kind: "cluster",
      nodes: [
        { host: "a", port: 7000 },
        { host: "b", port: 7001 },
      ],
      tls: false,
      needsPassword: false,
    });
    expect(snippet).toContain('RedisCluster(startup_nodes=[ClusterNode("a", 7000), ClusterNode("b", 7001)])');
  });
  it("spells the key as a Python string", () => {
    expect(loadSnippet('a"b\\c', addressOfRedisUrl("redis://h:1"))).toContain('numpy_redis.load(r, "a\\"b\\\\c")');
  });
});
