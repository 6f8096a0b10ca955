// .npy fixtures made by NumPy itself (Debian's /usr/bin/python3), never hand-written bytes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./app";

export const PYTHON = process.env.NUMPY_REDIS_PYTHON || "/usr/bin/python3";

/** Runs a Python script (stdin) with args; returns stdout as bytes. */
export function runPython(script: string, args: string[] = [], input?: Buffer): Buffer {
  return execFileSync(PYTHON, ["-c", script, ...args], { input, maxBuffer: 1 << 30, cwd: ROOT });
}

/**
 * The .npy bytes numpy writes for an array expression, e.g.
 * npy("np.arange(12, dtype='<f4').reshape(3, 4)"). `np` is numpy.
 */
export function npy(expression: string): Buffer {
  return runPython(
    "import io, sys, numpy as np\nb = io.BytesIO()\nnp.save(b, eval(sys.argv[1]), allow_pickle=False)\nsys.stdout.buffer.write(b.getvalue())",
    [expression],
  );
}

/** A .npy of exactly about `bytes` bytes of random uint8 data (shape (bytes,)), seeded. */
export function npyOfSize(bytes: number, seed = 1): Buffer {
  return npy(`np.random.default_rng(${seed}).integers(0, 256, size=${bytes}, dtype=np.uint8)`);
}

export interface CorpusFile {
  name: string;
  path: string;
  bytes: Buffer;
}

export interface Corpus {
  dir: string;
  valid: CorpusFile[];
  malformed: CorpusFile[];
  /** The generator's manifest.json, parsed (its shape is the corpus generator's). */
  manifest: unknown;
}

function readDir(dir: string): CorpusFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".npy"))
    .sort()
    .map((name) => ({ name, path: join(dir, name), bytes: readFileSync(join(dir, name)) }));
}

export const CORPUS_SCRIPT = join(ROOT, "tests/fixtures/make_corpus.py");

/** Generates the shared fixture corpus (tests/fixtures/make_corpus.py) into a temp dir; null if the script is absent. */
export function makeCorpus(): Corpus | null {
  if (!existsSync(CORPUS_SCRIPT)) return null;
  const dir = mkdtempSync(join(tmpdir(), "numpy-redis-corpus-"));
  execFileSync(PYTHON, [CORPUS_SCRIPT, dir], { stdio: ["ignore", "ignore", "inherit"] });
  const manifestPath = join(dir, "manifest.json");
  return {
    dir,
    valid: readDir(join(dir, "valid")),
    malformed: readDir(join(dir, "malformed")),
    manifest: existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : null,
  };
}
