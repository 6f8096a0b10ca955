/** The inspect CLI (npm run inspect -- --json) agrees with numpy's manifest on every corpus file. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { corpus, ROOT } from "./corpus";

const { dir, valid, malformed } = corpus();

function inspect(...args: string[]): { status: number | null; lines: Record<string, unknown>[]; stdout: string; stderr: string } {
  const result = spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "scripts/inspect.ts"), ...args], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const lines = args.includes("--json")
    ? result.stdout
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];
  return { status: result.status, lines, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run inspect -- --json", () => {
  const run = inspect("--json", ...valid.map((e) => join(dir, e.file)));

  test("exits 0 when every file reads", () => {
    expect(run.status).toBe(0);
    expect(run.lines.length).toBe(valid.length);
  });

  test.each(valid.map((e, i) => [e.name, e, i] as const))("%s", (_name, entry, i) => {
    const line = run.lines[i];
    expect(line.file).toBe(join(dir, entry.file));
    expect(line.version).toBe(entry.version);
    expect(line.descr).toEqual(entry.numpy_descr);
    expect(line.shape).toEqual(entry.shape);
    expect(line.fortranOrder).toBe(entry.fortran_order);
    expect(line.fileBytes).toBe(entry.file_bytes);
    expect(line.dataBytes).toBe(entry.bytes);
    expect(line).not.toHaveProperty("bytes");
    expect(line.dataOffset).toBe(entry.data_offset);
    expect(line.size).toBe(entry.size);
    if (entry.values) expect(line.head).toEqual(entry.values.slice(0, 8));
    expect(line.min ?? null).toBe(entry.min);
    expect(line.max ?? null).toBe(entry.max);
    expect(line.finiteMin ?? null).toBe(entry.finite_min);
    expect(line.finiteMax ?? null).toBe(entry.finite_max);
  });
});

describe("npm run inspect -- --json on malformed files", () => {
  const run = inspect("--json", ...malformed.map((e) => join(dir, e.file)));

  test("exits non-zero", () => {
    expect(run.status).toBe(1);
    expect(run.lines.length).toBe(malformed.length);
  });

  test.each(malformed.map((e, i) => [e.name, e, i] as const))("%s", (_name, entry, i) => {
    expect(run.lines[i]).toEqual({ file: join(dir, entry.file), error: expect.stringContaining(entry.error_contains) as unknown });
  });
});

describe("human output", () => {
  test("names the dtype in plain words with its byte order, the shape, order, stats and first values", () => {
    const run = inspect(join(dir, "valid/f4_specials_be.npy"));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("'>f4'  (float32, big-endian)");
    expect(run.stdout).toContain("(14,), C order");
    expect(run.stdout).toContain("min, max  -Infinity, Infinity  (numpy's nanmin, nanmax)");
    expect(run.stdout).toContain("finite    -1.5 to 65504");
    expect(run.stdout).toContain("NaN 1, +Infinity 1, -Infinity 1");
    expect(run.stdout).toContain("0, -0, 1, -1.5, 0.1, 0.33333334");
  });

  test("a missing file and a malformed file are reported and fail the run", () => {
    const run = inspect(join(dir, "valid/d1.npy"), join(dir, "nope.npy"), join(dir, "malformed/magic_92.npy"));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("cannot read the file: it does not exist");
    expect(run.stderr).toContain("not a .npy file: magic is 0x92");
  });

  test("without files it prints usage and fails", () => {
    const run = inspect();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("usage: npm run inspect -- [--json] FILE...");
  });
});
