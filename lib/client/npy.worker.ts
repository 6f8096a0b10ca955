/// <reference lib="webworker" />
// Parses one array and answers the page's questions about it (stats, planes,
// lines, table rows, hashes) off the main thread. The array lives here; only
// small, purpose-built results travel back, and their buffers are transferred.
import {
  computeStats,
  describeDtype,
  downsamplePlane,
  formatElement,
  formatValue,
  getValue,
  histogram,
  lineEnvelope,
  numericView,
  readNpy,
  type Dtype,
  type NpyArray,
  type NpyValue,
  type NumericView,
} from "@/lib/npy";
import { resolveDomain } from "./colorScale";
import { colorizePlane } from "./colorizePlane";
import { fetchBytes, HttpError, type FetchedVersion } from "./fetchBytes";
import type {
  ArraySummary,
  HeatmapRequest,
  HeatmapResult,
  HoverRequest,
  HoverResult,
  LineRequest,
  NumericSource,
  PlaneRequest,
  PlaneResult,
  RefreshResult,
  RgbRequest,
  RgbResult,
  RowsRequest,
  RowsResult,
  WorkerCalls,
  WorkerRequest,
  WorkerResponse,
} from "./workerProtocol";

declare const self: DedicatedWorkerGlobalScope;

let array: NpyArray | null = null;
let bytes: Uint8Array<ArrayBuffer> | null = null;
const views = new Map<string, NumericView | null>();
/** Recent planes, so a colormap or domain change does not downsample again. */
const planes = new Map<string, PlaneResult>();
const PLANE_CACHE_SIZE = 8;

const PLOTTABLE_KINDS = new Set(["bool", "int", "uint", "float", "complex"]);

function loaded(): NpyArray {
  if (!array) throw new Error("no array is loaded");
  return array;
}

function viewOf(source: NumericSource): NumericView {
  const key = `${source.field ?? ""}|${source.complexPart ?? ""}`;
  if (!views.has(key)) {
    const options = { field: source.field ? [source.field] : undefined, complexPart: source.complexPart };
    views.set(key, numericView(loaded(), options));
  }
  const view = views.get(key);
  if (!view) throw new Error(source.field ? `field "${source.field}" has no numeric values to plot` : "this dtype has no numeric values to plot");
  return view;
}

function structuredFields(dtype: Dtype): { name: string; dtype: Dtype; shape: number[] }[] {
  return dtype.kind === "structured" ? dtype.fields.filter((f) => f.name !== "") : [];
}

function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/** Downloads the array's current version (conditionally when one is loaded), posting progress as it arrives. */
function download(url: string, id: number, ifNoneMatch: string | null) {
  let last = 0;
  return fetchBytes(
    url,
    new AbortController().signal,
    (progress) => {
      const now = performance.now();
      if (now - last < 50 && progress.received !== progress.total) return;
      last = now;
      self.postMessage({ id, progress } satisfies WorkerResponse);
    },
    ifNoneMatch,
  );
}

/**
 * Parses a version and only then makes it the loaded array, so calls answered
 * while it downloads still see the previous version rather than none.
 */
function adopt(version: FetchedVersion): ArraySummary {
  const newBytes = new Uint8Array(version.buffer);
  const parsed = readNpy(newBytes);
  bytes = newBytes;
  array = parsed;
  views.clear();
  planes.clear();
  const { header } = parsed;
  const fields = structuredFields(header.dtype);
  const numericFields = fields.filter((f) => PLOTTABLE_KINDS.has(f.dtype.kind) && f.shape.length === 0).map((f) => f.name);
  const isNumeric = fields.length ? numericFields.length > 0 : PLOTTABLE_KINDS.has(header.dtype.kind);
  const size = header.shape.reduce((a, b) => a * b, 1);
  return {
    etag: version.etag,
    headerText: header.headerText.trimEnd(),
    shape: [...header.shape],
    descr: header.descr,
    itemsize: header.dtype.itemsize,
    dtypeWords: describeDtype(header.dtype),
    dtypeKind: header.dtype.kind,
    fortranOrder: header.fortranOrder,
    version: header.version,
    dataOffset: header.dataOffset,
    dataBytes: header.dataBytes,
    size,
    totalBytes: newBytes.byteLength,
    numericFields,
    columns: fields.length ? fields.map((f) => f.name) : ["value"],
    isComplex: header.dtype.kind === "complex",
    isNumeric,
    isImage: looksLikeImage(parsed),
    scalarText: header.shape.length === 0 ? formatElement(parsed, 0) : null,
  };
}

async function load(url: string, id: number): Promise<ArraySummary> {
  const version = await download(url, id, null);
  if (!version) throw new Error("the server answered 304 Not Modified to a request that named no version");
  return adopt(version);
}

async function refresh(url: string, id: number, ifNoneMatch: string | null): Promise<RefreshResult> {
  let version: FetchedVersion | null;
  try {
    version = await download(url, id, ifNoneMatch);
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return { kind: "missing" };
    throw e;
  }
  if (!version) return { kind: "unchanged" };
  // The hash comes with the version so the page never shows one without the
  // other. It is computed first: the swap and this answer then happen in one
  // turn, so no answer about the new version reaches the page before it learns
  // of the swap (see ArrayWorker).
  const hash = await sha256Of(new Uint8Array(version.buffer));
  return { kind: "new", summary: adopt(version), sha256: hash };
}

/** H×W×3/4 of uint8, or of floats whose finite values all lie in [0, 1]. */
function looksLikeImage(a: NpyArray): boolean {
  const { shape, dtype } = a.header;
  const channels = shape[shape.length - 1];
  if (shape.length < 3 || (channels !== 3 && channels !== 4)) return false;
  if (dtype.kind === "uint" && dtype.itemsize === 1) return true;
  if (dtype.kind !== "float") return false;
  const view = numericView(a, {});
  if (!view) return false;
  const stats = computeStats(view);
  return stats.count > 0 && stats.min >= 0 && stats.max <= 1;
}

async function sha256Of(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sha256(): Promise<string> {
  if (!bytes) throw new Error("no array is loaded");
  return sha256Of(bytes);
}

function finiteRange(values: Float32Array): { min: number; max: number; minPositive: number; finite: number } {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  return { min, max, minPositive: minPositive === Infinity ? NaN : minPositive, finite };
}

function clippedRange(values: Float32Array, finite: number, percent: number): [number, number] {
  const sorted = new Float32Array(finite);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sorted[n++] = values[i];
  sorted.sort();
  const at = (p: number) => sorted[Math.min(finite - 1, Math.max(0, Math.round((p / 100) * (finite - 1))))];
  return [at(percent), at(100 - percent)];
}

function plane(request: PlaneRequest): PlaneResult {
  const view = viewOf(request);
  const selection = { xAxis: request.xAxis, yAxis: request.yAxis, indices: request.indices };
  const result = downsamplePlane(view, selection, request.maxWidth, request.maxHeight, request.reduce);
  const values = result.values.byteLength === result.values.buffer.byteLength ? result.values : result.values.slice();
  const range = finiteRange(values);
  const [clippedMin, clippedMax] =
    request.clipPercent > 0 && range.finite > 0 ? clippedRange(values, range.finite, request.clipPercent) : [range.min, range.max];
  return {
    width: result.width,
    height: result.height,
    factorX: result.factorX,
    factorY: result.factorY,
    values,
    min: range.min,
    max: range.max,
    clippedMin,
    clippedMax,
    minPositive: range.minPositive,
  };
}

function cachedPlane(request: PlaneRequest): PlaneResult {
  const key = JSON.stringify([request.field, request.complexPart, request.xAxis, request.yAxis, request.indices, request.maxWidth, request.maxHeight, request.reduce, request.clipPercent]);
  let result = planes.get(key);
  if (result) planes.delete(key);
  else result = plane(request);
  planes.set(key, result);
  if (planes.size > PLANE_CACHE_SIZE) planes.delete(planes.keys().next().value!);
  return result;
}

async function pngDataUrl(rgba: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): Promise<string> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser cannot draw in a worker (no OffscreenCanvas 2d context)");
  context.putImageData(new ImageData(rgba, width, height), 0, 0);
  const blob = await canvas.convertToBlob({ type: "image/png" });
  return new FileReaderSync().readAsDataURL(blob);
}

async function heatmap(request: HeatmapRequest): Promise<HeatmapResult> {
  const p = cachedPlane(request);
  const typed = resolveDomain(request.scale, request.domainMin, request.domainMax, p);
  const auto = typed.ok ? typed : resolveDomain(request.scale, "", "", p);
  const domainError = typed.ok ? null : typed.error;
  const base = { width: p.width, height: p.height, factorX: p.factorX, factorY: p.factorY };
  if (!auto.ok) return { ...base, domain: null, domainAuto: true, domainError: domainError ?? auto.error, image: null };
  const rgba = colorizePlane(p.values, request.scale, auto.domain, request.colormap, request.reverse);
  return { ...base, domain: auto.domain, domainAuto: auto.auto, domainError, image: await pngDataUrl(rgba, p.width, p.height) };
}

function viewOffset(view: NumericView, index: readonly number[]): number {
  let offset = 0;
  for (let i = 0; i < index.length; i++) offset += index[i] * view.strides[i];
  return offset;
}

function hover(request: HoverRequest): HoverResult {
  const a = loaded();
  const shape = a.header.shape;
  const from = request.indices.map((v) => v);
  const to = request.indices.map((v) => v);
  from[request.xAxis] = request.cellX * request.factorX;
  to[request.xAxis] = Math.min(shape[request.xAxis], (request.cellX + 1) * request.factorX) - 1;
  from[request.yAxis] = request.cellY * request.factorY;
  to[request.yAxis] = Math.min(shape[request.yAxis], (request.cellY + 1) * request.factorY) - 1;
  if (request.factorX === 1 && request.factorY === 1) {
    const strides = cStrides(shape);
    const flat = from.reduce((sum, v, i) => sum + v * strides[i], 0);
    return { from, to, exact: formatElement(a, flat), blockMin: null, blockMax: null };
  }
  const view = viewOf(request);
  let min = Infinity;
  let max = -Infinity;
  const index = [...from];
  for (let y = from[request.yAxis]; y <= to[request.yAxis]; y++) {
    index[request.yAxis] = y;
    for (let x = from[request.xAxis]; x <= to[request.xAxis]; x++) {
      index[request.xAxis] = x;
      const v = Number(view.values[viewOffset(view, index)]);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { from, to, exact: null, blockMin: min, blockMax: max };
}

function line(request: LineRequest): WorkerCalls["line"]["result"] {
  const view = viewOf(request);
  const selection = { xAxis: request.axis, yAxis: -1, indices: request.indices };
  const envelope = lineEnvelope(view, request.maxPoints, request.axis, selection);
  return { x: Float64Array.from(envelope.x), min: Float64Array.from(envelope.min), max: Float64Array.from(envelope.max) };
}

function rgb(request: RgbRequest): RgbResult {
  const a = loaded();
  const shape = a.header.shape;
  const view = viewOf({});
  const nd = shape.length;
  const height = shape[nd - 3];
  const width = shape[nd - 2];
  const channels = shape[nd - 1];
  const scale = a.header.dtype.kind === "float" ? 255 : 1;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const index = [...request.indices.slice(0, nd - 3), 0, 0, 0];
  for (let y = 0; y < height; y++) {
    index[nd - 3] = y;
    for (let x = 0; x < width; x++) {
      index[nd - 2] = x;
      const out = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        if (c >= channels) {
          rgba[out + c] = 255;
          continue;
        }
        index[nd - 1] = c;
        rgba[out + c] = Number(view.values[viewOffset(view, index)]) * scale;
      }
    }
  }
  return { width, height, rgba };
}

/** A field's value: one item, or a subarray spelled as nested lists. */
function formatFieldValue(value: NpyValue, dtype: Dtype, depth: number): string {
  if (depth > 0 && Array.isArray(value)) return `[${value.map((v) => formatFieldValue(v, dtype, depth - 1)).join(", ")}]`;
  return formatValue(value, dtype);
}

function formatStructured(value: NpyValue, dtype: Dtype): string[] {
  const record = value as { [field: string]: NpyValue };
  return structuredFields(dtype).map((f) => formatFieldValue(record[f.name], f.dtype, f.shape.length));
}

function rows(request: RowsRequest): RowsResult {
  const a = loaded();
  const { shape, dtype } = a.header;
  const size = shape.reduce((x, y) => x * y, 1);
  const end = Math.min(size, request.start + request.count);
  const out: string[][] = [];
  for (let flat = request.start; flat < end; flat++) {
    let rest = flat;
    const index = new Array<number>(shape.length);
    for (let i = shape.length - 1; i >= 0; i--) {
      index[i] = rest % shape[i];
      rest = Math.floor(rest / shape[i]);
    }
    const cells = dtype.kind === "structured" ? formatStructured(getValue(a, flat), dtype) : [formatElement(a, flat)];
    out.push([shape.length ? `(${index.join(", ")})` : "()", ...cells]);
  }
  return { start: request.start, rows: out };
}

function transferables(result: unknown): Transferable[] {
  if (!result || typeof result !== "object") return [];
  const list: Transferable[] = [];
  for (const v of Object.values(result)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) list.push(v.buffer);
  return list;
}

async function answer(request: WorkerRequest): Promise<unknown> {
  switch (request.call) {
    case "load":
      return load(request.args.url, request.id);
    case "refresh":
      return refresh(request.args.url, request.id, request.args.ifNoneMatch);
    case "sha256":
      return sha256();
    case "stats": {
      const stats = computeStats(viewOf(request.args));
      return { ...stats, exactMin: stats.exactMin?.toString(), exactMax: stats.exactMax?.toString() };
    }
    case "heatmap":
      return heatmap(request.args);
    case "hover":
      return hover(request.args);
    case "line":
      return line(request.args);
    case "histogram": {
      const h = histogram(viewOf(request.args), request.args.bins);
      return { edges: Float64Array.from(h.edges), counts: Float64Array.from(h.counts) };
    }
    case "rgb":
      return rgb(request.args);
    case "rows":
      return rows(request.args);
  }
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  let response: WorkerResponse;
  let transfer: Transferable[] = [];
  try {
    const result = await answer(request);
    response = { id: request.id, ok: true, result };
    transfer = transferables(result);
  } catch (e) {
    response = { id: request.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(response, transfer);
};
