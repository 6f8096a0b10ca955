// GET /api/arrays/{key}/plane against a real Redis and the built app: the
// gathered plane equals numpy's slice byte for byte (C and Fortran order, any
// byte order), carries the version's ETag, and refuses what it cannot serve.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockRecordReader, placeBand, type BlockRect } from "@/lib/npy/block-records";
import { npy, startStack, type Stack, jsonBody } from "../helpers";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** The data section of a .npy file (version 1.0, as np.save writes small headers). */
function dataOf(file: Buffer): Buffer {
  return file.subarray(10 + file.readUInt16LE(8));
}

async function store(key: string, bytes: Buffer): Promise<void> {
  const res = await fetch(stack.arrayUrl(key), { method: "PUT", body: bytes as Uint8Array<ArrayBuffer> });
  expect(res.status).toBeLessThan(300);
}

const plane = (key: string, query: string, headers: Record<string, string> = {}) => fetch(stack.arrayUrl(key, `/plane?${query}`), { headers });

describe("GET /api/arrays/{key}/plane", () => {
  it("gathers a plane across frames of a C-order array, rows along the lower axis, whichever axis is x", async () => {
    const make = "np.arange(4 * 5 * 6, dtype='<i4').reshape(4, 5, 6)";
    await store("plane:c", npy(make));
    const want = dataOf(npy(`np.ascontiguousarray((${make})[:, 3, :])`));
    for (const query of ["x=2&y=0&index=0,3,0", "x=0&y=2&index=0,3,0"]) {
      const res = await plane("plane:c", query);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-plane-shape")).toBe("4,6");
      expect(Buffer.from(await res.arrayBuffer()).equals(want)).toBe(true);
    }
  });

  it("gathers from a Fortran-order big-endian array and transposes runs that lie along rows", async () => {
    const make = "np.asfortranarray(np.arange(4 * 5 * 6, dtype='>f8').reshape(4, 5, 6) / 7)";
    await store("plane:f", npy(make));
    const res = await plane("plane:f", "x=2&y=0&index=0,1,0");
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(dataOf(npy(`np.ascontiguousarray((${make})[:, 1, :])`)))).toBe(true);
  });

  it("gathers runs longer than 64 KiB (rows of 20 000 float64) whole", async () => {
    const make = "np.arange(3 * 4 * 20000, dtype='<f8').reshape(3, 4, 20000)";
    await store("plane:long-rows", npy(make));
    const res = await plane("plane:long-rows", "x=2&y=0&index=0,2,0");
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(dataOf(npy(`np.ascontiguousarray((${make})[:, 2, :])`)))).toBe(true);
  });

  it("cuts a window every s-th row and t-th column, equal to numpy's a[a:b:s, c:d:t] (runs along columns or rows)", async () => {
    const make = "np.arange(37 * 53, dtype='<f4').reshape(37, 53)";
    await store("plane:2d", npy(make));
    const res = await plane("plane:2d", "x=1&y=0&index=0,0&rows=3:30:4&cols=5:50:7");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-plane-shape")).toBe("7,7");
    expect(Buffer.from(await res.arrayBuffer()).equals(dataOf(npy(`np.ascontiguousarray((${make})[3:30:4, 5:50:7])`)))).toBe(true);
    const fortran = "np.asfortranarray(np.arange(4 * 5 * 6, dtype='>f8').reshape(4, 5, 6) / 7)";
    const across = await plane("plane:f", "x=2&y=0&index=0,1,0&rows=1:4:2&cols=0:6:5");
    expect(across.status).toBe(200);
    expect(Buffer.from(await across.arrayBuffer()).equals(dataOf(npy(`np.ascontiguousarray((${fortran})[1:4:2, 1, 0:6:5])`)))).toBe(true);
    const whole = await plane("plane:2d", "x=1&y=0&index=0,0&rows=0:37&cols=0:53:1");
    expect(Buffer.from(await whole.arrayBuffer()).equals(dataOf(npy(make)))).toBe(true);
  });

  /** numpy's nanmin, nanmax and nanmean of each s×t block of the 2-D `window` (an expression), as the three float64 planes the route answers. */
  const numpyBlocks = (window: string, s: number, t: number) =>
    dataOf(
      npy(
        `(lambda a: np.concatenate([np.array([[f(a[i:i + ${s}, j:j + ${t}]) for j in range(0, a.shape[1], ${t})] for i in range(0, a.shape[0], ${s})], dtype='<f8').ravel() for f in (np.nanmin, np.nanmax, np.nanmean)]))(np.asarray(${window}, dtype=np.float64))`,
      ),
    );

  const float64s = (bytes: Buffer) => new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));

  /** The streamed records of a reply laid out as the three planes numpyBlocks gives, with the bands in the order they came and how the reply ended. */
  async function reducedBody(res: Response, stopAfterBands = Infinity) {
    const [rows, columns] = res.headers.get("x-plane-shape")!.split(",").map(Number);
    const planes = new Float64Array(3 * rows * columns).fill(NaN);
    const reader = new BlockRecordReader();
    const bands: BlockRect[] = [];
    let ending: string | null = null;
    const body = res.body!.getReader();
    for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) {
      for (const record of reader.push(chunk.value)) {
        if (record.kind === "end") ending = record.ending;
        else {
          bands.push({ rowStart: record.rowStart, rows: record.rows, colStart: record.colStart, columns: record.columns });
          placeBand(planes, [rows, columns], record);
        }
      }
      if (bands.length >= stopAfterBands) {
        await body.cancel();
        break;
      }
    }
    return { planes, bands, ending };
  }

  it("reduces each s×t block of a window to numpy's nanmin, nanmax and nanmean (reduce=min,max,mean), a lone hot element kept", async () => {
    const make = "np.where(np.arange(37 * 53).reshape(37, 53) % 11 == 0, np.nan, np.arange(37 * 53, dtype='<f4').reshape(37, 53) % 97)";
    const hot = `(lambda a: (a.__setitem__((12, 20), 1e30), a.__setitem__((slice(4, 8), slice(33, 40)), np.nan), a)[-1])((${make}).astype('<f4'))`;
    await store("plane:blocks", npy(hot));
    const res = await plane("plane:blocks", "x=1&y=0&index=0,0&rows=3:30:4&cols=5:50:7&reduce=min,max,mean");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-plane-shape")).toBe("7,7");
    expect(res.headers.get("x-plane-reductions")).toBe("min,max,mean");
    const reduced = await reducedBody(res);
    expect(reduced.ending).toBe("complete");
    expect(reduced.planes).toEqual(float64s(numpyBlocks(`(${hot})[3:30, 5:50]`, 4, 7)));

    // Runs along rows (a Fortran-order plane across frames), big-endian integers, blocks cut short at the window's end.
    const fortran = "np.asfortranarray(np.arange(6 * 5 * 40, dtype='>i2').reshape(6, 5, 40) * 3 - 200)";
    await store("plane:blocks-f", npy(fortran));
    const across = await plane("plane:blocks-f", "x=2&y=0&index=0,2,0&rows=1:6:2&cols=3:40:9&reduce=min,max,mean");
    expect(across.status).toBe(200);
    expect(across.headers.get("x-plane-shape")).toBe("3,5");
    const acrossReduced = await reducedBody(across);
    expect(acrossReduced.ending).toBe("complete");
    expect(acrossReduced.planes).toEqual(float64s(numpyBlocks(`(${fortran})[1:6, 2, 3:40]`, 2, 9)));
  });

  it("streams the reduction band by band: each band of block rows is numpy's on its own, and a client may stop after any", async () => {
    // 16 MiB of float32: more than one band of the server's reads.
    const make = "np.random.default_rng(3).standard_normal((2048, 2048)).astype('<f4')";
    await store("plane:bands", npy(make));
    const want = float64s(numpyBlocks(make, 16, 64));
    const query = "x=1&y=0&index=0,0&rows=0:2048:16&cols=0:2048:64&reduce=min,max,mean";
    const whole = await reducedBody(await plane("plane:bands", query));
    expect(whole.ending).toBe("complete");
    expect(whole.bands.length).toBeGreaterThan(1);
    expect(whole.bands.every((band, i) => band.rowStart === (i === 0 ? 0 : whole.bands[i - 1].rowStart + whole.bands[i - 1].rows))).toBe(true);
    expect(whole.planes).toEqual(want);

    const first = await reducedBody(await plane("plane:bands", query), 1);
    expect(first.ending).toBeNull();
    const [band] = first.bands;
    const cells = 128 * 32;
    for (let k = 0; k < 3; k++) {
      const rowsOf = (planes: Float64Array) => planes.subarray(k * cells + band.rowStart * 32, k * cells + (band.rowStart + band.rows) * 32);
      expect(rowsOf(first.planes)).toEqual(rowsOf(want));
    }
  });

  it("cuts a line of blocks longer than a band into several calls, and refuses a block bigger than one call may read", async () => {
    // 2 rows of 3 000 000 uint8: one line of 2×1000 blocks is 6 M elements, three bands' worth.
    const make = "np.random.default_rng(9).integers(0, 256, size=(2, 3_000_000), dtype=np.uint8)";
    await store("plane:wide", npy(make));
    const wide = await reducedBody(await plane("plane:wide", "x=1&y=0&index=0,0&rows=0:2:2&cols=0:3000000:1000&reduce=min,max,mean"));
    expect(wide.ending).toBe("complete");
    expect(wide.bands.length).toBeGreaterThan(2);
    expect(wide.bands.every((band) => band.rowStart === 0 && band.rows === 1)).toBe(true);
    expect(wide.planes).toEqual(float64s(numpyBlocks(make, 2, 1000)));
    // A step longer than its range makes blocks of the range: 2×1000, not 1 000 000×1000.
    const tall = await reducedBody(await plane("plane:wide", "x=1&y=0&index=0,0&rows=0:2:1000000&cols=0:3000000:1000&reduce=min,max,mean"));
    expect(tall.planes).toEqual(wide.planes);
    const huge = await plane("plane:wide", "x=1&y=0&index=0,0&rows=0:2:2&cols=0:3000000:3000000&reduce=min,max,mean");
    expect(huge.status).toBe(422);
    expect((await jsonBody(huge)).error).toMatch(/a block may hold at most 4194304 elements; these are 2×3000000/);
  });

  it("reduces inside Redis (NP.BLOCKS, no bytes read), and calls it no more once the client goes away", async () => {
    // 16 MiB of uint8: 8 calls of 2^21 elements each.
    const make = "np.random.default_rng(5).integers(0, 256, size=(4096, 4096), dtype=np.uint8)";
    await store("plane:cancel", npy(make));
    const redis = stack.redis.client();
    const calls = async (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(await redis.info("commandstats"))?.[1] ?? 0);
    const [blocksBefore, rangesBefore] = [await calls("np.blocks"), await calls("np.getrange")];
    const whole = await reducedBody(await plane("plane:cancel", "x=1&y=0&index=0,0&rows=0:4096:16&cols=0:4096:16&reduce=min,max,mean"));
    expect(whole.ending).toBe("complete");
    expect(whole.bands).toHaveLength(8);
    expect(await calls("np.blocks")).toBe(blocksBefore + 8);
    expect(await calls("np.getrange")).toBe(rangesBefore);

    // Blocks of 1×4 make 12 MiB of records per band: more than the sockets between hold, so the server waits on the client.
    const controller = new AbortController();
    const res = await fetch(stack.arrayUrl("plane:cancel", "/plane?x=1&y=0&index=0,0&rows=0:4096:1&cols=0:4096:4&reduce=min,max,mean"), {
      signal: controller.signal,
    });
    await res.body!.getReader().read();
    const atAbort = await calls("np.blocks");
    controller.abort();
    // The server notices at its next write: wait until its count of calls stops moving, then a while longer.
    let settled = atAbort;
    for (let moved = true; moved;) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = await calls("np.blocks");
      moved = now !== settled;
      settled = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await calls("np.blocks")).toBe(settled);
    // At most the band being read when the client went: not the 8 of the whole window.
    expect(settled - atAbort).toBeLessThanOrEqual(1);
    expect(settled - blocksBefore - 8).toBeLessThan(8);
  });

  it("refuses other reductions, and complex planes, with the form to ask", async () => {
    const other = await plane("plane:2d", "x=1&y=0&index=0,0&reduce=max");
    expect(other.status).toBe(400);
    expect((await jsonBody(other)).error).toMatch(/min,max,mean/);
    await store("plane:complex", npy("np.ones((4, 6), dtype=np.complex64)"));
    const complex = await plane("plane:complex", "x=1&y=0&index=0,0&rows=0:4:2&cols=0:6:2&reduce=min,max,mean");
    expect(complex.status).toBe(422);
    expect((await jsonBody(complex)).error).toMatch(/real numbers/);
  });

  it("refuses a window outside the axis or spelled otherwise (400, naming the form)", async () => {
    for (const rows of ["5:3", "0:38", "a:b", "0:10:0", "3"]) {
      const res = await plane("plane:2d", `x=1&y=0&index=0,0&rows=${rows}`);
      expect(res.status).toBe(400);
      expect((await jsonBody(res)).error).toMatch(/start:stop:step/);
    }
  });

  it("names the version with the ETag of GET, and answers 412 to an If-Match of another", async () => {
    const etag = (await fetch(stack.arrayUrl("plane:c"), { method: "HEAD" })).headers.get("etag")!;
    const same = await plane("plane:c", "x=2&y=0&index=0,1,0", { "If-Match": etag });
    expect(same.status).toBe(200);
    expect(same.headers.get("etag")).toBe(etag);
    const other = await plane("plane:c", "x=2&y=0&index=0,1,0", { "If-Match": '"0123"' });
    expect(other.status).toBe(412);
    expect((await jsonBody(other)).error).toMatch(/rewritten/);
  });

  it("refuses a scattered plane (422), bad axes or indices (400), and a missing key (404)", async () => {
    expect((await plane("plane:c", "x=0&y=1&index=0,0,2")).status).toBe(422);
    expect((await plane("plane:c", "x=2&y=2&index=0,0,0")).status).toBe(400);
    expect((await plane("plane:c", "x=2&y=0&index=0,5,0")).status).toBe(400);
    expect((await plane("plane:c", "x=7&y=0&index=0,0,0")).status).toBe(400);
    expect((await plane("plane:nothing", "x=2&y=0&index=0,0,0")).status).toBe(404);
  });
});
