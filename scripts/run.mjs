// The plain-Node first step of `npm start`, `npm test` and `npm run cluster`. A fresh
// clone has no node_modules, so no tsx yet: this runs `npm ci` when node_modules is
// missing or was installed from another package-lock.json, then runs scripts/<name>.ts
// through tsx in this same process (signals and exit status stay its own).
//
//   node scripts/run.mjs test unit e2e    # scripts/test.ts with argv [..., "unit", "e2e"]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const lock = new URL("package-lock.json", root);
const stamp = new URL("node_modules/.numpy-redis-lock-hash", root);
const want = createHash("sha256").update(readFileSync(lock)).digest("hex");
if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== want) {
  console.log("[setup] npm ci");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\`npm ci\` failed with ${r.error ? r.error.message : `exit status ${r.status}`}`);
    process.exit(1);
  }
  writeFileSync(stamp, want);
}

const [name] = process.argv.splice(2, 1);
const { register } = await import("tsx/esm/api");
register();
await import(new URL(`${name}.ts`, import.meta.url).href);
