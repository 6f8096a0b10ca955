// `npm run cluster` starts a local Redis Cluster for development: 3 masters and
// 3 replicas on 127.0.0.1, each loading the numpy-redis module, data under
// CLUSTER_DIR (default ./data/cluster), ports from CLUSTER_PORT (default 7000).
// `npm run cluster -- stop` saves and stops it; `npm run cluster -- status` reports it.
import { existsSync } from "node:fs";
import { startCluster, stopCluster, clusterStatus } from "./lib/cluster";
import { ensureSystemPackages, buildModule, MODULE_PATH } from "./lib/setup";

const dir = process.env.CLUSTER_DIR || "data/cluster";
const basePort = Number(process.env.CLUSTER_PORT || 7000);
const log = (message: string) => console.log(`[cluster] ${message}`);

async function start() {
  ensureSystemPackages("start");
  buildModule();
  if (!existsSync(MODULE_PATH)) throw new Error(`the module build did not produce ${MODULE_PATH}`);
  const cluster = await startCluster({ dir, basePort, modulePath: MODULE_PATH, detached: true, log });
  log(`cluster_state:ok, every replica in sync; data in ${cluster.dir}`);
  console.log(`\nStart the dashboard on it with:\n  REDIS_CLUSTER_NODES=${cluster.nodesEnv} npm start\n`);
  console.log(`Stop it with: npm run cluster -- stop`);
}

async function stop() {
  const { stopped } = await stopCluster({ dir });
  log(stopped === 0 ? `no running cluster in ${dir}` : `saved and stopped ${stopped} nodes`);
}

async function status() {
  const report = await clusterStatus({ dir });
  if (report.nodes.length === 0) {
    log(`no cluster in ${dir}; start one with: npm run cluster`);
    return;
  }
  for (const n of report.nodes) {
    const module = n.alive ? (n.module ? "module loaded" : "MODULE MISSING") : "";
    const columns = [n.address.padEnd(16), (n.alive ? "up" : "down").padEnd(5), n.role.padEnd(8), n.clusterState.padEnd(5), module.padEnd(15), n.slots];
    console.log(columns.join(" "));
  }
  console.log(report.running ? `\nREDIS_CLUSTER_NODES=${report.nodesEnv}` : "\nstopped; start it again with: npm run cluster");
  process.exitCode = report.nodes.every((n) => n.alive && n.module && n.clusterState === "ok") ? 0 : 1;
}

const commands: Record<string, () => Promise<void>> = { start, stop, status };
const name = process.argv[2] ?? "start";
if (!Object.hasOwn(commands, name)) {
  console.error(`unknown command "${name}": use start (default), stop or status`);
  process.exit(2);
}
commands[name]().catch((error: unknown) => {
  console.error(`[cluster] ${(error as Error).message}`);
  process.exit(1);
});
