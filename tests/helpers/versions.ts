// Arrays that change under one key, and checks that every download is exactly one version.
import { npy } from "./fixtures";

// A version number is written into the data every STAMP_EVERY bytes, so any
// range at least that long names the version it came from.
const STAMP_EVERY = 256 * 1024;
const FIRST_STAMP = 1024;

/** One base array and the versions made from it, each stamped with its number all through its data. */
export class VersionedArray {
  readonly base: Buffer;

  constructor(bytes: number) {
    this.base = npy(`np.random.default_rng(3).integers(0, 256, size=${bytes} - 128, dtype=np.uint8)`);
  }

  version(n: number): Buffer {
    const copy = Buffer.from(this.base);
    for (let at = FIRST_STAMP; at + 4 <= copy.length; at += STAMP_EVERY) copy.writeUInt32LE(n, at);
    return copy;
  }

  /**
   * Why `body` (bytes `start`… of some version) is not exactly a part of one
   * version, or null when it is. It must span at least one stamp.
   */
  mismatch(body: Buffer, start = 0, expectedLength = this.base.length - start): string | null {
    if (body.length !== expectedLength) return `${body.length} bytes arrived where ${expectedLength} were due`;
    const n = this.stampOf(body, start);
    if (n === null) return `the range ${start}+${body.length} holds no version stamp`;
    return this.version(n)
      .subarray(start, start + body.length)
      .equals(body)
      ? null
      : `bytes from more than one version (first stamp says ${n})`;
  }

  /** The version number of the first stamp in `body` (bytes `start`… of a version), or null if it holds none. */
  stampOf(body: Buffer, start = 0): number | null {
    const firstStamp = FIRST_STAMP + Math.ceil(Math.max(0, start - FIRST_STAMP) / STAMP_EVERY) * STAMP_EVERY;
    return firstStamp + 4 > start + body.length ? null : body.readUInt32LE(firstStamp - start);
  }
}

export interface RewriteRace {
  downloads: number;
  ranges: number;
  versionsWritten: number;
  /** Every download that was not exactly one version, cut short, or answered other than 200/206. */
  failures: string[];
}

/**
 * `readers` (8) clients download `url` over and over for `seconds` (10; every other
 * request a Range of at least one stamp) while `write` stores version after
 * version of `array`. Each body must be one whole version (or its exact part),
 * and one ETag must always name the same version.
 */
export async function downloadWhileRewriting(options: {
  url: string;
  array: VersionedArray;
  write: (bytes: Buffer) => Promise<void>;
  seconds?: number;
  readers?: number;
}): Promise<RewriteRace> {
  const { url, array, write, seconds = 10, readers = 8 } = options;
  const race: RewriteRace = { downloads: 0, ranges: 0, versionsWritten: 1, failures: [] };
  await write(array.version(1));
  const until = Date.now() + seconds * 1000;
  const versionOfEtag = new Map<string, number>();
  const writer = (async () => {
    while (Date.now() < until) await write(array.version(++race.versionsWritten));
  })();
  const reader = async (id: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const size = array.base.length;
      const ranged = (i + id) % 2 === 1;
      const start = ranged ? Math.floor((((i * 7919 + id * 104729) % 97) / 97) * (size - STAMP_EVERY * 2)) : 0;
      const end = ranged ? Math.min(size - 1, start + STAMP_EVERY * (1 + ((i + id) % 24))) : size - 1;
      try {
        const res = await fetch(url, { headers: ranged ? { Range: `bytes=${start}-${end}` } : {} });
        const body = Buffer.from(await res.arrayBuffer());
        race.downloads++;
        if (ranged) race.ranges++;
        if (res.status !== (ranged ? 206 : 200)) {
          race.failures.push(`status ${res.status}: ${body.toString("utf8", 0, 200)}`);
          continue;
        }
        const wrong = array.mismatch(body, start, end - start + 1);
        if (wrong) race.failures.push(wrong);
        const etag = res.headers.get("etag")!;
        const stamp = array.stampOf(body, start)!;
        if (versionOfEtag.has(etag) && versionOfEtag.get(etag) !== stamp)
          race.failures.push(`ETag ${etag} named versions ${versionOfEtag.get(etag)} and ${stamp}`);
        versionOfEtag.set(etag, stamp);
      } catch (error) {
        race.failures.push(`cut short: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all([writer, ...Array.from({ length: readers }, (_, id) => reader(id))]);
  return race;
}

/**
 * 48 PUT-then-GET of versions of `array` on 8 shared keys, 16 clients at a time:
 * what went wrong (a PUT not 200/201, a GET not exactly a version some PUT wrote).
 */
export async function putThenGetOnSharedKeys(arrayUrl: (key: string) => string, array: VersionedArray): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const client = async () => {
    for (let job = next++; job < 48; job = next++) {
      const key = `shared:${job % 8}`;
      const put = await fetch(arrayUrl(key), { method: "PUT", body: array.version(job + 1) as Uint8Array<ArrayBuffer> });
      if (put.status !== 200 && put.status !== 201) failures.push(`PUT ${key}: ${put.status} ${await put.text()}`);
      const res = await fetch(arrayUrl(key));
      const body = Buffer.from(await res.arrayBuffer());
      const wrong = res.status === 200 ? array.mismatch(body) : `status ${res.status}`;
      if (wrong) failures.push(`GET ${key}: ${wrong}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, client));
  return failures;
}
