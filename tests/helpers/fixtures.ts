// .npy fixtures made by NumPy itself (Debian's /usr/bin/python3), never hand-written bytes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
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
  return runPython("import io, sys, numpy as np\nb = io.BytesIO()\nnp.save(b, eval(sys.argv[1]), allow_pickle=False)\nsys.stdout.buffer.write(b.getvalue())", [
    expression,
  ]);
}

/** A .npy of exactly about `bytes` bytes of random uint8 data (shape (bytes,)), seeded. */
export function npyOfSize(bytes: number, seed = 1): Buffer {
  return npy(`np.random.default_rng(${seed}).integers(0, 256, size=${bytes}, dtype=np.uint8)`);
}

export interface CorpusFile {
  name: string;
  bytes: Buffer;
}

/** A malformed file and what the Redis module makes of it (a reader's limits can be stricter). */
export interface MalformedCorpusFile extends CorpusFile {
  /** True for files only a reader refuses, e.g. a header over numpy's 10000-character default. */
  moduleAccepts: boolean;
  /** The keyword the module's `invalid .npy:` reason contains, when it refuses the file. */
  moduleErrorContains: string | null;
}

export interface Corpus {
  valid: CorpusFile[];
  malformed: MalformedCorpusFile[];
  /** The generator's manifest.json, parsed (its shape is the corpus generator's). */
  manifest: CorpusManifest;
}

interface CorpusManifest {
  valid: { name: string; file: string }[];
  malformed: { name: string; file: string; module_accepts: boolean; module_error_contains: string | null }[];
}

function readFile(dir: string, file: string): CorpusFile {
  return { name: basename(file), bytes: readFileSync(join(dir, file)) };
}

export const CORPUS_SCRIPT = join(ROOT, "tests/fixtures/make_corpus.py");

/** Generates the shared fixture corpus (tests/fixtures/make_corpus.py) and reads it into memory. */
export function makeCorpus(): Corpus {
  const dir = mkdtempSync(join(tmpdir(), "numpy-redis-corpus-"));
  try {
    execFileSync(PYTHON, [CORPUS_SCRIPT, dir], { stdio: ["ignore", "ignore", "inherit"] });
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as CorpusManifest;
    return {
      valid: manifest.valid.map((entry) => readFile(dir, entry.file)),
      malformed: manifest.malformed.map((entry) => ({
        ...readFile(dir, entry.file),
        moduleAccepts: entry.module_accepts,
        moduleErrorContains: entry.module_error_contains,
      })),
      manifest,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
