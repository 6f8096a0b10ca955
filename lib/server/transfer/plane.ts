import "server-only";
import { planeRuns } from "@/lib/npy/plane-layout";
import { arrayInfo, keyBytes, notFound } from "../array-store";
import { ApiError } from "../errors";
import { returnWire } from "./pool";
import { LENGTH_HEADER, release, transaction } from "./download";
import { onKeyNode, RedisReplyError } from "./route";
import type { RedisWire, WireReply } from "./wire";

/** Runs per request: beyond this a plane is so scattered that the whole array is the better read. */
const MAX_RUNS = 16_384;
/** A write between NP.INFO and the gather changes the layout under it: read the header again, this many times. */
const ATTEMPTS = 3;

export interface PlaneQuery {
  xAxis: number;
  yAxis: number;
  indices: number[];
}

function axisParam(params: URLSearchParams, name: string, ndim: number): number {
  const text = params.get(name);
  const axis = Number(text);
  if (text === null || !Number.isInteger(axis) || axis < 0 || axis >= ndim) throw new ApiError(400, `"${name}" must be an axis of the array, 0 to ${ndim - 1}; got ${JSON.stringify(text)}`);
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
  return { xAxis, yAxis, indices };
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

/** Lays the runs out as a C-ordered rows × columns plane. */
function assemble(chunks: Buffer[], runsAlong: "rows" | "columns", rows: number, columns: number, itemsize: number): Uint8Array<ArrayBuffer> {
  const out = Buffer.from(new ArrayBuffer(rows * columns * itemsize));
  chunks.forEach((run, i) => {
    if (runsAlong === "columns") run.copy(out, i * columns * itemsize);
    else for (let r = 0; r < rows; r++) run.copy(out, (r * columns + i) * itemsize, r * itemsize, (r + 1) * itemsize);
  });
  return new Uint8Array(out.buffer);
}

/**
 * GET /api/arrays/{key}/plane?x=&y=&index=: the plane showing axes x and y at
 * `index` (one per axis; those of x and y ignored), as raw C-ordered bytes of
 * the array's dtype, rows along the lower-numbered of the two axes. One
 * version: the runs are read in one MULTI with NP.ETAG, sent as ETag.
 * If-Match names the version the client is showing: 412 when it is gone.
 */
export async function planeResponse(request: Request, key: string): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const ifMatch = request.headers.get("if-match");
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const info = await arrayInfo(key);
    if (/['"][|<>=]?[OV]/.test(info.descr) || info.descr.trim().startsWith("[")) throw new ApiError(422, "planes are served for arrays of plain numbers only; download the array instead");
    const query = parseQuery(params, info.shape);
    const plan = planeRuns(info.shape, info.fortranOrder, info.itemsize, info.dataOffset, query.xAxis, query.yAxis, query.indices);
    if (!plan || plan.runs.length > MAX_RUNS) throw new ApiError(422, "this plane is scattered over the whole array (neither of its axes is the fastest-varying one); download the array instead");
    const read = await gather(keyBytes(key), plan.runs);
    if (!read) throw notFound(key);
    if (read.etag !== info.etag) continue;
    if (ifMatch !== null && ifMatch !== `"${read.etag}"`) throw new ApiError(412, "the array was rewritten since the version named by If-Match", { ETag: `"${read.etag}"` });
    const body = assemble(read.chunks, plan.runsAlong, info.shape[plan.rowsAxis], info.shape[plan.columnsAxis], info.itemsize);
    return new Response(body, {
      headers: {
        ETag: `"${read.etag}"`,
        "Content-Type": "application/octet-stream",
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "X-Plane-Shape": `${info.shape[plan.rowsAxis]},${info.shape[plan.columnsAxis]}`,
        [LENGTH_HEADER]: String(body.length),
      },
    });
  }
  throw new ApiError(503, "the array is rewritten faster than a plane can be read from one version; retry");
}
