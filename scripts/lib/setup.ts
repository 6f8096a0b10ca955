// Set-up shared by `npm start` and `npm test`: system packages, the Redis module and
// the Next build (scripts/run.mjs has installed node_modules before any of this runs).
// Each step is skipped when already done.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// Debian's python3 carries python3-numpy and python3-redis; a pyenv or venv
// python earlier on PATH would not, so the tests name it explicitly.
export const PYTHON = process.env.NUMPY_REDIS_PYTHON || "/usr/bin/python3";
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const MODULE_PATH = join(ROOT, "redis-module", "numpy_redis.so");

/** What each Debian package provides, checked by a command that fails without it. */
interface SystemNeed {
  /** The Debian package. */
  pkg: string;
  /** A command that fails without it. */
  check: string[];
}

export type Purpose = "start" | "test";

const SYSTEM_NEEDS: Record<Purpose, SystemNeed[]> = {
  start: [
    { pkg: "redis-server", check: ["redis-server", "--version"] },
    { pkg: "redis-tools", check: ["redis-cli", "--version"] },
    { pkg: "gcc", check: ["gcc", "--version"] },
    { pkg: "make", check: ["make", "--version"] },
    { pkg: "libc6-dev", check: ["sh", "-c", "test -f /usr/include/stdlib.h"] },
  ],
  test: [
    { pkg: "python3", check: [PYTHON, "--version"] },
    { pkg: "python3-numpy", check: [PYTHON, "-c", "import numpy"] },
    { pkg: "python3-redis", check: [PYTHON, "-c", "import redis"] },
    // The python-client suite pip-installs the client into a fresh venv, offline, and tests it with redis-py's fast reply parser.
    { pkg: "python3-hiredis", check: [PYTHON, "-c", "import hiredis"] },
    { pkg: "python3-venv", check: [PYTHON, "-c", "import ensurepip, venv"] },
    { pkg: "python3-setuptools", check: [PYTHON, "-c", "import setuptools.build_meta"] },
    { pkg: "python3-wheel", check: [PYTHON, "-c", "import wheel"] },
    { pkg: "chromium", check: [CHROMIUM, "--version"] },
    // The lint suite: pyflakes on the Python code, clang-format and cppcheck on the module (its `make lint`).
    { pkg: "python3-pyflakes", check: [PYTHON, "-m", "pyflakes", "--version"] },
    { pkg: "clang-format", check: ["clang-format", "--version"] },
    { pkg: "cppcheck", check: ["cppcheck", "--version"] },
    { pkg: "fonts-dejavu-core", check: ["sh", "-c", "test -d /usr/share/fonts/truetype/dejavu"] },
  ],
};

function succeeds(argv: string[]): boolean {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: "ignore" });
  return r.status === 0;
}

export function run(argv: string[], options: SpawnSyncOptions = {}): void {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: "inherit", cwd: ROOT, ...options });
  if (r.status !== 0) {
    throw new Error(`\`${argv.join(" ")}\` failed with ${r.error ? r.error.message : `exit status ${r.status}`}`);
  }
}

/** Installs missing Debian packages with apt-get when root; otherwise says what to run. */
export function ensureSystemPackages(purpose: Purpose): void {
  const needs = purpose === "test" ? [...SYSTEM_NEEDS.start, ...SYSTEM_NEEDS.test] : SYSTEM_NEEDS.start;
  const missing = [...new Set(needs.filter((n) => !succeeds(n.check)).map((n) => n.pkg))];
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing system packages: ${missing.join(", ")}. Install them with:\n  sudo sh -c '${command}'`);
  }
  console.log(`[setup] installing ${missing.join(", ")} with apt-get`);
  run(["sh", "-c", command], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** Builds redis-module/numpy_redis.so (make decides whether anything changed). */
export function buildModule(): void {
  run(["make", "-s", "-C", join(ROOT, "redis-module")]);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const APP_SOURCES = [
  ...["app", "components", "lib", "public", "proxy.ts", "next.config.ts"],
  ...["package-lock.json", "postcss.config.mjs", "tsconfig.json", "tsconfig.app.json"],
];

/** Runs `next build` into distDir unless it is newer than every app source. */
export function buildApp(distDir = ".next"): void {
  const buildId = join(ROOT, distDir, "BUILD_ID");
  if (existsSync(buildId)) {
    const built = statSync(buildId).mtimeMs;
    const sources = APP_SOURCES.map((p) => join(ROOT, p)).filter(existsSync);
    const newest = Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
    if (newest < built) return;
  }
  console.log(`[setup] next build (${distDir})`);
  run(["npx", "next", "build"], { env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" } });
}
