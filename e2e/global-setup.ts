// Starts a real redis-server with the module and the built Next app on free
// ports, writes NumPy fixtures, and tells the tests where they are (env).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStack, PYTHON } from "../tests/helpers";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const fixtures = mkdtempSync(join(tmpdir(), "numpy-redis-e2e-"));
  execFileSync(PYTHON, [fileURLToPath(new URL("make_fixtures.py", import.meta.url)), fixtures], { stdio: "inherit" });
  const stack = await startStack();
  process.env.E2E_BASE_URL = stack.app.url;
  process.env.E2E_REDIS_PORT = String(stack.redis.port);
  process.env.E2E_FIXTURES = fixtures;
  return async () => {
    await stack.stop();
    rmSync(fixtures, { recursive: true, force: true });
  };
}
