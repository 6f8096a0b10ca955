/**
 * The numpy-generated corpus (tests/fixtures/make_corpus.py), made once per
 * test file in a temp dir and removed after the file's tests. Call corpus()
 * at the top level of a test file.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const PYTHON = "/usr/bin/python3";

export interface ValidEntry {
  name: string;
  file: string;
  version: string;
  descr: string;
  shape: number[];
  fortran_order: boolean;
  data_offset: number;
  bytes: number;
  file_bytes: number;
  itemsize: number;
  size: number;
  kind: string;
  pickled: boolean;
  /** The header was re-spelled from numpy's output (quotes, padding, key order…), not numpy's own bytes. */
  respelled: boolean;
  numpy_str: string;
  /** np.lib.format.dtype_to_descr of the dtype, tuples as lists. */
  numpy_descr: unknown;
  values?: string[];
  count: number | null;
  /** numpy's nanmin / nanmax, ±Infinity included. */
  min: string | null;
  max: string | null;
  finite_min: string | null;
  finite_max: string | null;
  mean: number | string | null;
  std: number | string | null;
  nan_count: number | null;
  posinf_count: number | null;
  neginf_count: number | null;
}

export interface MalformedEntry {
  name: string;
  file: string;
  error_contains: string;
}

export interface Corpus {
  dir: string;
  valid: ValidEntry[];
  malformed: MalformedEntry[];
  bytes: (file: string) => Uint8Array;
}

let cached: Corpus | undefined;

export function corpus(): Corpus {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "npy-corpus-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(PYTHON, [join(ROOT, "tests/fixtures/make_corpus.py"), dir], { stdio: ["ignore", "ignore", "inherit"] });
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Pick<Corpus, "valid" | "malformed">;
  const bytes = (file: string) => new Uint8Array(readFileSync(join(dir, file)));
  cached = { dir, valid: manifest.valid, malformed: manifest.malformed, bytes };
  return cached;
}

/** Run Python with a script on stdin and parse its stdout as JSON. */
export function python<T>(script: string, input = ""): T {
  const out = execFileSync(PYTHON, ["-c", script], { input, maxBuffer: 64 << 20 });
  return JSON.parse(out.toString("utf8")) as T;
}

/** Expected statistic: numbers compared with a tolerance scaled by the spread, strings exactly. */
export function closeTo(actual: number, expected: number | string, scale: number): boolean {
  if (typeof expected === "string") return String(actual) === expected;
  return Math.abs(actual - expected) <= 1e-9 * scale + 1e-300;
}
