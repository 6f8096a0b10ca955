import "server-only";
import { planeRuns, rangeLength, wholeAxis, type AxisRange, type PlaneRuns, type PlaneWindow } from "@/lib/npy/plane-layout";
import { toResponse } from "../api-reply";
import { arrayLayout, keyBytes, notFound } from "../array-store";
import { ApiError } from "../errors";
import { gather } from "./plane-gather";
import { reducedBands, reductionsParam, type ReducedBand } from "./plane-reduce";
import { encodeBand, encodeEnd } from "@/lib/npy/block-records";

/** Runs per request: beyond this a plane is so scattered that the whole array is the better read. */
const MAX_RUNS = 16_384;
/** Bytes read from Redis per request: a bigger window is asked for with a stride (or the array downloaded). */
const MAX_READ_BYTES = 256 << 20;
/** A write between NP.INFO and the gather changes the layout under it: read the header again, this many times. */
const ATTEMPTS = 3;

interface PlaneQuery {
  xAxis: number;
  yAxis: number;
  indices: number[];
  window: PlaneWindow;
}

function axisParam(params: URLSearchParams, name: string, ndim: number): number {
  const text = params.get(name);
  const axis = Number(text);
  if (text === null || !Number.isInteger(axis) || axis < 0 || axis >= ndim)
    throw new ApiError(400, `"${name}" must be an axis of the array, 0 to ${ndim - 1}; got ${JSON.stringify(text)}`);
  return axis;
}

function parseQuery(params: URLSearchParams, shape: number[]): PlaneQuery {
  const ndim = shape.length;
  if (ndim < 2) throw new ApiError(400, `a plane needs an array of 2 or more dimensions; this one has ${ndim}`);
  const xAxis = axisParam(params, "x", ndim);
  const yAxis = axisParam(params, "y", ndim);
  if (xAxis === yAxis) throw new ApiError(400, `"x" and "y" must be two different axes; both are ${xAxis}`);
  const indices = (params.get("index") ?? "").split(",").map(Number);
  if (indices.length !== ndim || indices.some((v, axis) => !Number.isInteger(v) || v < 0 || v >= shape[axis])) {
    throw new ApiError(400, `"index" must give one index per axis within shape (${shape.join(", ")}), e.g. ${shape.map(() => 0).join(",")}`);
  }
  const rowsAxis = Math.min(xAxis, yAxis);
  const columnsAxis = Math.max(xAxis, yAxis);
  const window = { rows: rangeParam(params, "rows", shape[rowsAxis], rowsAxis), columns: rangeParam(params, "cols", shape[columnsAxis], columnsAxis) };
  return { xAxis, yAxis, indices, window };
}

/** `start:stop:step` within an axis of `length` (stop exclusive, step optional); the whole axis when absent. */
function rangeParam(params: URLSearchParams, name: string, length: number, axis: number): AxisRange {
  const text = params.get(name);
  if (text === null) return wholeAxis(length);
  const parts = text.split(":");
  const [start, stop, step = 1] = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (parts.length < 2 || parts.length > 3 || !(start < stop && stop <= length && step >= 1)) {
    throw new ApiError(
      400,
      `"${name}" must be start:stop or start:stop:step with 0 ≤ start < stop ≤ ${length} (axis ${axis}) and step ≥ 1; got ${JSON.stringify(text)}`,
    );
  }
  return { start, stop, step };
}

/**
 * Lays the runs out as a C-ordered rows × columns plane, taking every
 * `runStep`-th element of each run: byte by byte, as a call per element
 * (Buffer.copy) cost more than the read itself for a sample of a huge plane.
 */
function assemble(chunks: Buffer[], plan: PlaneRuns, itemsize: number): Buffer {
  const { runsAlong, rows, columns, runStep } = plan;
  const out = Buffer.from(new ArrayBuffer(rows * columns * itemsize));
  const samples = runsAlong === "columns" ? columns : rows;
  // Bytes between two samples in the output: the next column of a row, or the next row of a column.
  const outStride = (runsAlong === "columns" ? 1 : columns) * itemsize;
  const inStride = runStep * itemsize;
  chunks.forEach((run, i) => {
    if (runsAlong === "columns" && runStep === 1) return void run.copy(out, i * columns * itemsize);
    let at = (runsAlong === "columns" ? i * columns : i) * itemsize;
    for (let s = 0, from = 0; s < samples; s++, at += outStride, from += inStride) {
      for (let b = 0; b < itemsize; b++) out[at + b] = run[from + b];
    }
  });
  return out;
}

function planeHeaders(etag: string, rows: number, columns: number, length?: number): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: `"${etag}"`,
    "Content-Type": "application/octet-stream",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "X-Plane-Shape": `${rows},${columns}`,
  };
  if (length !== undefined) headers["Content-Length"] = String(length);
  return headers;
}

/**
 * The reduction's records (lib/npy/block-records.ts) as the body, a band as
 * the client takes the one before (pull): a client gone away cancels it, and
 * the server stops after the band it is reading.
 */
function bandStream(first: IteratorResult<ReducedBand, void>, bands: AsyncGenerator<ReducedBand, void, undefined>): ReadableStream<Uint8Array> {
  let next: IteratorResult<ReducedBand, void> | null = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const band = next ?? (await bands.next());
        next = null;
        if (band.done) {
          controller.enqueue(encodeEnd("complete"));
          controller.close();
        } else if (band.value === "rewritten") {
          controller.enqueue(encodeEnd("rewritten"));
          controller.close();
        } else controller.enqueue(encodeBand(band.value));
      },
      async cancel() {
        await bands.return();
      },
    },
    { highWaterMark: 0 },
  );
}

function versionGone(etag: string): ApiError {
  return new ApiError(412, "the array was rewritten since the version named by If-Match", { ETag: `"${etag}"` });
}

/**
 * GET /api/arrays/{key}/plane?x=&y=&index=[&rows=a:b:s&cols=c:d:t]: the plane
 * showing axes x and y at `index` (one per axis; those of x and y ignored), as
 * raw C-ordered bytes of the array's dtype, rows along the lower-numbered of
 * the two axes; `rows` and `cols` cut a window, sampled every s-th row and
 * t-th column, so a plane far bigger than the screen is seen without reading
 * all of it (Redis sends the spans that hold the samples; this picks them). One
 * version: the runs are read in one MULTI with NP.ETAG, sent as ETag.
 * If-Match names the version the client is showing: 412 when it is gone.
 * With `reduce=min,max,mean` every element of the window is read instead and
 * each s×t block becomes its min, max and mean (plane-reduce.ts), on the
 * sample's grid, streamed band by band as records (lib/npy/block-records.ts)
 * so a client can show each band as it arrives.
 */
export async function planeResponse(request: Request, key: string): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const ifMatch = request.headers.get("if-match");
  const reductions = reductionsParam(params);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const info = await arrayLayout(key);
    if (/['"][|<>=]?[OV]/.test(info.descr) || info.descr.trim().startsWith("["))
      throw new ApiError(422, "planes are served for arrays of plain numbers only; download the array instead");
    const query = parseQuery(params, info.shape);
    if (reductions) {
      if (ifMatch !== null && ifMatch !== `"${info.etag}"`) throw versionGone(info.etag);
      const bands = reducedBands(key, info, query, query.window, request.signal);
      // The first band is read before answering, so errors keep their status and an early rewrite is read again.
      const first = await bands.next();
      if (first.value === "rewritten") continue;
      const headers = {
        ...planeHeaders(info.etag, rangeLength(query.window.rows), rangeLength(query.window.columns)),
        "X-Plane-Reductions": reductions.join(","),
      };
      return new Response(bandStream(first, bands), { status: 200, headers });
    }
    const plan = planeRuns(info.shape, info.fortranOrder, info.itemsize, info.dataOffset, query.xAxis, query.yAxis, query.indices, query.window);
    if (!plan || plan.runs.length > MAX_RUNS)
      throw new ApiError(422, "this plane is scattered over the whole array (neither of its axes is the fastest-varying one); download the array instead");
    const reading = plan.runs.length * (plan.runs[0]?.length ?? 0);
    if (reading > MAX_READ_BYTES) {
      throw new ApiError(
        422,
        `this window reads ${Math.ceil(reading / 2 ** 20)} MiB, over the ${MAX_READ_BYTES / 2 ** 20} MiB a plane request may read; ask for a smaller window or a stride (rows=a:b:s&cols=c:d:t), or its block reductions (reduce=min,max,mean)`,
      );
    }
    const read = await gather(keyBytes(key), plan.runs);
    if (!read) throw notFound(key);
    if (read.etag !== info.etag) continue;
    if (ifMatch !== null && ifMatch !== `"${read.etag}"`) throw versionGone(read.etag);
    const body = assemble(read.chunks, plan, info.itemsize);
    return toResponse({ status: 200, headers: planeHeaders(read.etag, plan.rows, plan.columns, body.length), body });
  }
  throw new ApiError(503, "the array is rewritten faster than a plane can be read from one version; retry");
}
