// The API on a local six-node Redis Cluster: download/upload throughput against
// NP.GET/NP.SET on the owning master, how long a reshard of arrays takes, and how
// long the app takes to serve again after a master is killed.
// Run: NEXT_DIST_DIR=.next npx tsx bench/cluster.bench.ts  (needs a Next build and the module)
import { reshard } from "../scripts/lib/cluster";
import { npyOfSize, startApp } from "../tests/helpers";
import { startTestCluster } from "../tests/cluster/cluster-helpers";
import { httpGet, httpPut } from "./http-client";

const MIB = 1024 * 1024;
const ARRAY_BYTES = 16 * MIB;
const ROUNDS = 8;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const throughput = (bytes: number, ms: number) => `${(bytes / MIB / (ms / 1000)).toFixed(0)} MiB/s`;

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main() {
  const cluster = await startTestCluster();
  const app = await startApp({ env: { REDIS_CLUSTER_NODES: cluster.nodesEnv } });
  const url = (key: string) => `${app.url}/api/arrays/${encodeURIComponent(key)}`;
  try {
    const body = npyOfSize(ARRAY_BYTES - 128);
    const key = "bench/16mib";
    const master = cluster.node(await cluster.masterOf(key));

    const upload = await timed(async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const status = await httpPut(url(key), body);
        if (status >= 300) throw new Error(`PUT answered ${status}`);
      }
    });
    const direct = await timed(async () => {
      for (let i = 0; i < ROUNDS; i++) await master.call("NP.SET", key, body);
    });
    const download = await timed(async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const got = await httpGet(url(key));
        if (got.length !== body.length) throw new Error("short download");
      }
    });
    const directGet = await timed(async () => {
      for (let i = 0; i < ROUNDS; i++) await master.callBuffer("NP.GET", key);
    });
    console.log(`16 MiB upload:   API ${throughput(ROUNDS * body.length, upload)}, NP.SET on the master ${throughput(ROUNDS * body.length, direct)}`);
    console.log(`16 MiB download: API ${throughput(ROUNDS * body.length, download)}, NP.GET on the master ${throughput(ROUNDS * body.length, directGet)}`);

    // 64 arrays of 1 MiB, then move 2000 slots from one master to another (not all of them: an
    // emptied master turns replica, and two masters alone cannot elect a replacement for either).
    const small = npyOfSize(MIB - 128, 3);
    for (let i = 0; i < 64; i++) await fetch(url(`bench/mib-${i}`), { method: "PUT", body: small as Uint8Array<ArrayBuffer> });
    const [from, to] = await cluster.masters();
    const before = await cluster.node(from).dbsize();
    const moving = await timed(() => reshard(cluster, { fromId: from.id, toId: to.id, slots: 2000 }));
    const moved = before - (await cluster.node(from).dbsize());
    console.log(`reshard: 2000 slots holding ${moved} arrays (about ${moved} MiB) moved in ${seconds(moving)}`);

    // Kill the master holding `key`; time until the API serves it again (cluster-node-timeout 1000 ms).
    await cluster.waitForReplicas();
    const victim = await cluster.masterOf(key);
    const killedAt = performance.now();
    cluster.kill(victim);
    let failedRequests = 0;
    for (;;) {
      if (performance.now() - killedAt > 60_000) throw new Error("the API did not serve the array within 60 s of the failure");
      const res = await fetch(url(key)).catch(() => null);
      if (res?.status === 200 && (await res.arrayBuffer()).byteLength === body.length) break;
      failedRequests++;
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(
      `failover: the API served the killed master's array again after ${seconds(performance.now() - killedAt)} (cluster-node-timeout 1000 ms; ${failedRequests} requests answered with an error meanwhile)`,
    );
  } finally {
    await app.stop();
    await cluster.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
