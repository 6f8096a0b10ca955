// The real, pre-built Next server (scripts/lib/app-server.ts, what `npm start` runs) on a free port, pointed at a Redis.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../../scripts/lib/redis-server";
import { track } from "./processes";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface AppOptions {
  /** REDIS_URL for the app; omit to set none (the app then uses its default). */
  redisUrl?: string;
  /** Extra environment: DASHBOARD_TOKEN, MAX_UPLOAD_BYTES, … */
  env?: Record<string, string>;
  /** Build folder (default env NEXT_DIST_DIR, else ".next"). */
  distDir?: string;
  startTimeoutMs?: number;
  /**
   * Run Next's own `next start` instead of scripts/lib/app-server.ts: every
   * route then goes through Next's route handlers, none through the app's own
   * server (lib/server/node-api.ts), to check both serve the same API.
   */
  nextStart?: boolean;
  /** Another checkout's app to run (its own build and code), e.g. to benchmark a build before a change; default this one. */
  root?: string;
}

export interface TestApp {
  /** "http://127.0.0.1:PORT" (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions = {}): Promise<TestApp> {
  const distDir = options.distDir ?? process.env.NEXT_DIST_DIR ?? ".next";
  const root = options.root ?? ROOT;
  if (!existsSync(join(root, distDir, "BUILD_ID"))) {
    throw new Error(`no Next build in ${distDir}: run \`NEXT_DIST_DIR=${distDir} npx next build\` first`);
  }
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    ...options.env,
  };
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  const child = track(
    spawn(
      process.execPath,
      options.nextStart
        ? [join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)]
        : ["--import", "tsx", join(root, "scripts/lib/app-server.ts")],
      {
        cwd: root,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    ),
  );
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once("exit", (code) => ((exitCode = code), resolve())));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`next start exited with ${exitCode} while starting:\n${output}`);
    try {
      await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`next start did not answer on ${url} in time:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    url,
    port,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
