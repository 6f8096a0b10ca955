/**
 * npm run bench:npy — lib/npy figures for the README (not a timed test).
 *
 * Inputs are written by numpy (Debian's /usr/bin/python3) into a temp dir:
 * the test corpus plus 16 Mi float32, 4096×4096 float32, 4 Mi big-endian
 * float64 and 4 Mi int64. Each figure is the median of several runs. The copy
 * audit reads ArrayBuffer memory around every step to show that no step copies
 * the data section more than once.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { computeStats, downsamplePlane, headerByteLength, numericView, parseHeader, percentile, readNpy, histogram } from "../lib/npy";
import { median } from "./statistics";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = "/usr/bin/python3";

const WRITE_INPUTS = `
import sys, numpy as np
out = sys.argv[1]
rng = np.random.default_rng(1)
np.save(out + "/f4_16Mi.npy", rng.standard_normal(16 * 1024 * 1024, dtype=np.float32))
np.save(out + "/f4_4096x4096.npy", rng.standard_normal((4096, 4096), dtype=np.float32))
np.save(out + "/f8_be_4Mi.npy", rng.standard_normal(4 * 1024 * 1024).astype(">f8"))
np.save(out + "/i8_4Mi.npy", rng.integers(-2**62, 2**62, 4 * 1024 * 1024, dtype=np.int64))
`;

/**
 * Median wall and CPU milliseconds of a step. The machine is shared, so CPU
 * time (this process only) is the steadier figure when others are busy.
 */
function time(runs: number, step: () => unknown, warmups = 1): string {
  for (let i = 0; i < warmups; i++) step(); // let the JIT settle
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    step();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const digits = median(wall) < 1 ? 3 : 1;
  return `${median(wall).toFixed(digits)} ms (cpu ${median(cpu).toFixed(digits)})`;
}

function arrayBufferBytes(): number {
  return process.memoryUsage().arrayBuffers;
}

/** ArrayBuffer bytes a step allocates and keeps, relative to the data section. */
function copies<T>(dataBytes: number, step: () => T): { result: T; copies: number } {
  global.gc?.();
  const before = arrayBufferBytes();
  const result = step();
  const after = arrayBufferBytes();
  return { result, copies: Math.max(0, after - before) / dataBytes };
}

const rows: Array<[string, string, string]> = [];
function report(name: string, value: string, target = ""): void {
  rows.push([name, value, target]);
  console.log(`${name.padEnd(58)} ${value.padStart(26)}  ${target}`);
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "npy-bench-"));
  try {
    console.log("writing inputs with numpy…");
    execFileSync(PYTHON, [join(ROOT, "tests/fixtures/make_corpus.py"), join(dir, "corpus")], { stdio: "ignore" });
    execFileSync(PYTHON, ["-c", WRITE_INPUTS, dir]);
    const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

    console.log(`\nNode ${process.version}, median of runs\n`);
    const wide = file("corpus/valid/struct_4000_fields_v2.npy");
    const coldStart = performance.now();
    parseHeader(wide);
    report("header parse, first call in this process: v2, 4000 fields", `${(performance.now() - coldStart).toFixed(1)} ms`, "cold: no JIT yet");
    for (const [label, name] of [
      ["header parse: <f4 (16 Mi elements)", "f4_16Mi.npy"],
      ["header parse: v2, 4000 fields (88 KB header)", "corpus/valid/struct_4000_fields_v2.npy"],
      ["header parse: nested structured with subarrays", "corpus/valid/struct_nested_subarray.npy"],
      ["header parse: v3, UTF-8 field names", "corpus/valid/struct_cjk_names_v3.npy"],
    ] as const) {
      const bytes = file(name);
      const prefix = bytes.subarray(0, headerByteLength(bytes.subarray(0, 12))!);
      report(
        label,
        time(200, () => parseHeader(prefix), 30),
        "target < 1 ms",
      );
    }

    const f4 = file("f4_16Mi.npy");
    const array = readNpy(f4);
    const view = numericView(array)!;
    report(
      "stats, 16 Mi float32 (64 MiB)",
      time(7, () => computeStats(view)),
      "target ≤ 80 ms",
    );
    report(
      "histogram 256 bins, 16 Mi float32",
      time(5, () => histogram(view, 256)),
    );
    report(
      "percentile [1, 99], 16 Mi float32 (histogram path)",
      time(5, () => percentile(view, [1, 99])),
    );

    const plane = readNpy(file("f4_4096x4096.npy"));
    const planeView = numericView(plane)!;
    const selection = { xAxis: 1, yAxis: 0, indices: [0, 0] };
    for (const reduce of ["mean", "min", "max"] as const) {
      report(
        `downsample 4096×4096 float32 → 1024×1024 (${reduce})`,
        time(7, () => downsamplePlane(planeView, selection, 1024, 1024, reduce)),
        reduce === "mean" ? "target ≤ 120 ms" : "",
      );
    }
    const transposed = { xAxis: 0, yAxis: 1, indices: [0, 0] };
    report(
      "downsample 4096×4096 → 1024×1024, transposed axes (mean)",
      time(5, () => downsamplePlane(planeView, transposed, 1024, 1024, "mean")),
    );

    const be = file("f8_be_4Mi.npy");
    report(
      "numericView, 4 Mi big-endian float64 (byte-swap copy)",
      time(5, () => numericView(readNpy(be))),
    );
    const i8 = file("i8_4Mi.npy");
    report(
      "numericView, 4 Mi int64 → float64 (+ exact extremes)",
      time(5, () => numericView(readNpy(i8))),
    );
    report(
      "readNpy, 64 MiB file (header + view, no copy)",
      time(50, () => readNpy(f4)),
    );

    console.log("\ncopy audit (ArrayBuffer bytes kept per step, in data sections; node --expose-gc for exact figures)");
    const dataBytes = array.data.length;
    const audit = [
      ["readNpy (little-endian float32)", copies(dataBytes, () => readNpy(f4))],
      ["numericView (aligned little-endian: zero-copy)", copies(dataBytes, () => numericView(array))],
      ["computeStats", copies(dataBytes, () => computeStats(view))],
      ["downsamplePlane to 1024×1024", copies(plane.data.length, () => downsamplePlane(planeView, selection, 1024, 1024, "mean"))],
      ["numericView (big-endian float64: one copy)", copies(be.length - 128, () => numericView(readNpy(be)))],
    ] as const;
    for (const [label, { copies: n }] of audit) report(`  ${label}`, `${n.toFixed(2)} copies`, "must be ≤ 1");
    const zeroCopy = numericView(array)!.values.buffer === f4.buffer;
    report("  numericView shares the file's ArrayBuffer", String(zeroCopy), "must be true");
    if (!zeroCopy || audit.some(([, a]) => a.copies > 1.05)) process.exitCode = 1;
    console.log(
      `\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} on ${availableParallelism()} cores`,
    );
    console.log("\n| step | median wall (cpu) | target |\n|---|---|---|");
    for (const [name, value, target] of rows) console.log(`| ${name.trim()} | ${value} | ${target} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
