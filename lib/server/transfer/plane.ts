import "server-only";
import { planeRuns, wholeAxis, type AxisRange, type PlaneRuns, type PlaneWindow } from "@/lib/npy/plane-layout";
import { toResponse } from "../api-reply";
import { arrayLayout, keyBytes, notFound } from "../array-store";
import { ApiError } from "../errors";
import { returnWire } from "./pool";
import { release, transaction } from "./download";
import { onKeyNode, RedisReplyError } from "./route";
import type { RedisWire, WireReply } from "./wire";

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

/** The next reply, a bulk string of any length read whole (a run may be longer than reply() takes). */
async function wholeReply(wire: RedisWire): Promise<WireReply> {
  const parts: Buffer[] = [];
  const length = await wire.streamBulk((chunk) => void parts.push(chunk));
  return typeof length === "number" ? { kind: "bulk", bytes: Buffer.concat(parts, length) } : length;
}

/** Reads every run in one MULTI, so all of them come from the version NP.ETAG names. */
function gather(key: Buffer, spans: { start: number; length: number }[]): Promise<{ etag: string; chunks: Buffer[] } | null> {
  return onKeyNode(key, "master", async (leg) => {
    try {
      await transaction(leg, [["NP.ETAG", key], ...spans.map((s) => ["NP.GETRANGE", key, s.start, s.start + s.length - 1])]);
      const replies = [];
      for (let i = 0; i <= spans.length; i++) replies.push(await wholeReply(leg.wire));
      returnWire(leg.wire);
      const failed = replies.find((r) => r.kind === "error");
      if (failed?.kind === "error") throw new RedisReplyError(failed.message);
      const [etag, ...chunks] = replies;
      if (etag.kind === "null") return null;
      if (etag.kind !== "bulk" || chunks.some((c) => c.kind !== "bulk")) throw new Error("Redis answered a plane read with something other than bytes");
      return { etag: etag.bytes.toString("latin1"), chunks: chunks.map((c) => (c as { bytes: Buffer }).bytes) };
    } catch (error) {
      return release(leg, error);
    }
  });
}

/** Lays the runs out as a C-ordered rows × columns plane, taking every `runStep`-th element of each run. */
function assemble(chunks: Buffer[], plan: PlaneRuns, itemsize: number): Buffer {
  const { runsAlong, rows, columns, runStep } = plan;
  const out = Buffer.from(new ArrayBuffer(rows * columns * itemsize));
  const samples = runsAlong === "columns" ? columns : rows;
  chunks.forEach((run, i) => {
    if (runsAlong === "columns" && runStep === 1) return void run.copy(out, i * columns * itemsize);
    for (let s = 0; s < samples; s++) {
      const at = (runsAlong === "columns" ? i * columns + s : s * columns + i) * itemsize;
      run.copy(out, at, s * runStep * itemsize, (s * runStep + 1) * itemsize);
    }
  });
  return out;
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
 */
export async function planeResponse(request: Request, key: string): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const ifMatch = request.headers.get("if-match");
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const info = await arrayLayout(key);
    if (/['"][|<>=]?[OV]/.test(info.descr) || info.descr.trim().startsWith("["))
      throw new ApiError(422, "planes are served for arrays of plain numbers only; download the array instead");
    const query = parseQuery(params, info.shape);
    const plan = planeRuns(info.shape, info.fortranOrder, info.itemsize, info.dataOffset, query.xAxis, query.yAxis, query.indices, query.window);
    if (!plan || plan.runs.length > MAX_RUNS)
      throw new ApiError(422, "this plane is scattered over the whole array (neither of its axes is the fastest-varying one); download the array instead");
    const reading = plan.runs.length * (plan.runs[0]?.length ?? 0);
    if (reading > MAX_READ_BYTES) {
      throw new ApiError(
        422,
        `this window reads ${Math.ceil(reading / 2 ** 20)} MiB, over the ${MAX_READ_BYTES / 2 ** 20} MiB a plane request may read; ask for a smaller window or a stride (rows=a:b:s&cols=c:d:t)`,
      );
    }
    const read = await gather(keyBytes(key), plan.runs);
    if (!read) throw notFound(key);
    if (read.etag !== info.etag) continue;
    if (ifMatch !== null && ifMatch !== `"${read.etag}"`)
      throw new ApiError(412, "the array was rewritten since the version named by If-Match", { ETag: `"${read.etag}"` });
    const body = assemble(read.chunks, plan, info.itemsize);
    const headers = {
      ETag: `"${read.etag}"`,
      "Content-Type": "application/octet-stream",
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "X-Plane-Shape": `${plan.rows},${plan.columns}`,
      "Content-Length": String(body.length),
    };
    return toResponse({ status: 200, headers, body });
  }
  throw new ApiError(503, "the array is rewritten faster than a plane can be read from one version; retry");
}
