import "server-only";
import type { Health } from "@/lib/api-types";
import { Cluster } from "ioredis";
import { ensureKeyspaceEvents } from "./array-events";
import { clusterHealth, clusterProblem } from "./cluster";
import { loadingMessage, moduleMissingMessage, toApiError } from "./errors";
import { publicAddressOf, redisTarget } from "./config";
import { clusterSettings, infoField, loadingPercentIn, redis } from "./redis";

/** MODULE LIST as {name, ver}; the numpy module is the one that provides NP.SET. Both questions go out at once. */
async function numpyModule(): Promise<{ name: string; ver: number } | null> {
  const client = redis();
  // MODULE LIST may be forbidden by ACL; NP.SET existing is what matters.
  const [command, modules] = await Promise.all([
    client.call("COMMAND", "INFO", "NP.SET") as Promise<unknown[]>,
    (client.call("MODULE", "LIST") as Promise<unknown[][]>).catch(() => null),
  ]);
  if (!Array.isArray(command) || command[0] === null || command[0] === undefined) return null;
  if (!modules) return { name: "numpy", ver: 0 };
  const entries = modules.map((m) => {
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < m.length; i += 2) fields.set(String(m[i]), m[i + 1]);
    const path = fields.get("path");
    return { name: String(fields.get("name")), ver: Number(fields.get("ver")), path: typeof path === "string" ? path : "" };
  });
  const ours = entries.find((m) => /numpy|^np$/i.test(m.name) || /numpy_redis/.test(m.path)) ?? entries[0];
  return ours ? { name: ours.name, ver: ours.ver } : { name: "numpy", ver: 0 };
}

/** GET /api/health: can we reach Redis, has it loaded its data, is the module there, do keyspace events work. */
export async function checkHealth(): Promise<{ status: 200 | 503; body: Health }> {
  // Asked together with INFO, so a healthy probe costs one round trip; read only once INFO says Redis is not loading.
  const module = numpyModule().then(
    (found) => ({ found }),
    (error: unknown) => ({ error }),
  );
  try {
    return await healthOf((await redis().call("INFO", "server", "persistence")) as string, module);
  } catch (error) {
    return { status: 503, body: { ok: false, error: toApiError(error).message } };
  }
}

type ModuleAnswer = { found: { name: string; ver: number } | null } | { error: unknown };

async function healthOf(info: string, moduleAnswer: Promise<ModuleAnswer>): Promise<{ status: 200 | 503; body: Health }> {
  const redisInfo = { version: infoField(info, "redis_version"), mode: infoField(info, "redis_mode") || "standalone" };
  const loadingPercent = loadingPercentIn(info);
  if (loadingPercent !== null) {
    return { status: 503, body: { ok: false, error: loadingMessage(loadingPercent), redis: redisInfo, loadingPercent } };
  }
  const answer = await moduleAnswer;
  if ("error" in answer) throw answer.error;
  const module = answer.found;
  if (!module) return { status: 503, body: { ok: false, error: moduleMissingMessage(), redis: redisInfo, module: null } };
  const client = redis();
  const settings = clusterSettings();
  const nodes = client instanceof Cluster && settings ? await clusterHealth(client, settings) : null;
  const problem = nodes && clusterProblem(nodes);
  if (nodes && problem) return { status: 503, body: { ok: false, error: problem, redis: redisInfo, module, nodes: nodes.nodes } };
  const events = await ensureKeyspaceEvents();
  return {
    status: 200,
    body: {
      ok: true,
      redis: redisInfo,
      address: publicAddressOf(redisTarget()),
      module,
      events: events.enabled,
      ...(events.enabled ? {} : { eventsError: events.reason }),
      ...(nodes ? { nodes: nodes.nodes } : {}),
    },
  };
}
