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
  type NpyHeader,
  type NpyValue,
  type NumericView,
} from "@/lib/npy";
import { resolveDomain } from "./colorScale";
import { colorizePlane } from "./colorizePlane";
import { fetchBytes, HttpError, type FetchedVersion } from "./fetchBytes";
import { contiguousPlane, gatheredPlane, type PlaneLayout } from "@/lib/npy/plane-layout";
import { fetchHeader, PlaneNotServed, PlaneSource, VersionChanged, type HeaderVersion } from "./planeSource";
import type {
  ArraySummary,
  CellsRequest,
  CellsResult,
  HeatmapRequest,
  HeatmapResult,
  HoverRequest,
  HoverResult,
  LineRequest,
  LineResult,
  NumericSource,
  PlaneChoice,
  PlaneRequest,
  PlaneResult,
  RefreshResult,
  RgbRequest,
  RgbResult,
  RowsRequest,
  RowsResult,
  StatsRequest,
  StatsResult,
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
/** Arrays up to this size are downloaded whole, as one request is then the quickest way to every view. */
const WHOLE_DOWNLOAD_LIMIT = 8 << 20;

/** Set for a big N-D array: its planes are fetched as they are shown (see planeSource.ts). */
let planeSource: PlaneSource | null = null;
/** Decided at load: refreshes of a big array read its header again rather than all of it. */
let streaming = false;

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

/** Downloads the array's current version (conditionally when one is loaded), posting progress to the calls waiting for it. */
function download(url: string, watchers: ReadonlySet<number>, ifNoneMatch: string | null, signal = new AbortController().signal) {
  let last = 0;
  return fetchBytes(
    url,
    signal,
    (progress) => {
      const now = performance.now();
      if (now - last < 50 && progress.received !== progress.total) return;
      last = now;
      for (const watcher of watchers) self.postMessage({ id: watcher, progress } satisfies WorkerResponse);
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
  if (planeSource && planeSource.version.etag !== version.etag) planeSource = null;
  const { header } = parsed;
  return {
    ...summaryOf(header, version.etag, newBytes.byteLength, false),
    isImage: looksLikeImage(parsed),
    scalarText: header.shape.length === 0 ? formatElement(parsed, 0) : null,
  };
}

/** What the page needs to know about a version, from its header alone. */
function summaryOf(header: NpyHeader, etag: string | null, totalBytes: number, partial: boolean): ArraySummary {
  const fields = structuredFields(header.dtype);
  const numericFields = fields.filter((f) => PLOTTABLE_KINDS.has(f.dtype.kind) && f.shape.length === 0).map((f) => f.name);
  const isNumeric = fields.length ? numericFields.length > 0 : PLOTTABLE_KINDS.has(header.dtype.kind);
  const size = header.shape.reduce((a, b) => a * b, 1);
  return {
    etag,
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
    totalBytes,
    numericFields,
    columns: fields.length ? fields.map((f) => f.name) : ["value"],
    isComplex: header.dtype.kind === "complex",
    isNumeric,
    // Without the data only uint8 pictures can be told apart; float ones need their values.
    isImage: partial && header.shape.length >= 3 && [3, 4].includes(header.shape[header.shape.length - 1]) && header.dtype.kind === "uint" && header.dtype.itemsize === 1,
    scalarText: null,
    partial,
  };
}

/** Big N-D arrays of plain numbers are shown a plane at a time; everything else is downloaded whole. */
function showsPlanes(version: HeaderVersion): boolean {
  const { header } = version;
  return version.whole === null && version.totalBytes > WHOLE_DOWNLOAD_LIMIT && header.shape.length >= 3 && !header.pickled && PLOTTABLE_KINDS.has(header.dtype.kind);
}

/** Makes a big array's version the one planes are fetched from; its bytes stay on the server. */
function adoptPlanes(url: string, version: HeaderVersion): ArraySummary {
  planeSource = new PlaneSource(url, version);
  array = null;
  bytes = null;
  views.clear();
  planes.clear();
  return summaryOf(version.header, version.etag, version.totalBytes, true);
}

async function load(url: string, id: number): Promise<ArraySummary> {
  const head = await fetchHeader(url);
  if (!head) throw new Error("the server answered 304 Not Modified to a request that named no version");
  if (head.whole) return adopt({ buffer: head.whole, etag: head.etag });
  streaming = showsPlanes(head);
  if (streaming) return adoptPlanes(url, head);
  const version = await download(url, new Set([id]), null);
  if (!version) throw new Error("the server answered 304 Not Modified to a request that named no version");
  return adopt(version);
}

/** The whole download of a partial array in progress, shared by every call that needs it; each of them is told its progress. */
let wholeDownload: { done: Promise<void>; watchers: Set<number>; abort: AbortController } | null = null;

/** Downloads all of a partial array, for what needs every value; planes already fetched stay in use. */
function ensureWhole(id: number): Promise<void> {
  const source = planeSource;
  if (array || !source) return Promise.resolve();
  if (!wholeDownload) {
    const abort = new AbortController();
    const watchers = new Set<number>();
    const done = (async () => {
      const version = await download(source.url, watchers, null, abort.signal).catch((e: unknown) => {
        throw abort.signal.aborted ? new Error("cancelled") : e;
      });
      if (!version) throw new Error("the server answered 304 Not Modified to a request that named no version");
      if (planeSource === source) adopt(version);
    })().finally(() => (wholeDownload = null));
    wholeDownload = { done, watchers, abort };
  }
  wholeDownload.watchers.add(id);
  return wholeDownload.done;
}

function cancelWhole(): null {
  wholeDownload?.abort.abort();
  return null;
}

/** A big array's refresh reads the header again (a 304 when unchanged) and drops the planes of the old version. */
async function refreshPlanes(url: string, ifNoneMatch: string | null): Promise<RefreshResult> {
  const head = await fetchHeader(url, ifNoneMatch);
  if (!head) return { kind: "unchanged" };
  if (head.whole || !showsPlanes(head)) {
    streaming = false;
    const buffer = head.whole ?? (await fetchBytes(url, new AbortController().signal, () => undefined))?.buffer;
    if (!buffer) return { kind: "unchanged" };
    const hash = await sha256Of(new Uint8Array(buffer));
    return { kind: "new", summary: adopt({ buffer, etag: head.etag }), sha256: hash };
  }
  return { kind: "new", summary: adoptPlanes(url, head), sha256: null };
}

async function refresh(url: string, id: number, ifNoneMatch: string | null): Promise<RefreshResult> {
  let version: FetchedVersion | null;
  try {
    if (streaming) return await refreshPlanes(url, ifNoneMatch);
    version = await download(url, new Set([id]), ifNoneMatch);
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

async function sha256(id: number): Promise<string> {
  await ensureWhole(id);
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

function currentShape(): number[] {
  return array?.header.shape ?? planeSource?.version.header.shape ?? loaded().header.shape;
}

/** Where a plane's values are read from: the whole array, or a fetched 2-D plane with the axes renumbered. */
interface PlaneTarget extends PlaneChoice {
  array: NpyArray;
  view: NumericView;
  /** True when `array` is the plane alone. */
  fetched: boolean;
}

/** The plane on screen, fetched by itself when the array is partial: one Range when contiguous, else gathered by the server. */
async function planeTarget(source: NumericSource, choice: PlaneChoice, id: number, step = 1): Promise<PlaneTarget> {
  const shape = currentShape();
  const fortranOrder = planeSource?.version.header.fortranOrder ?? false;
  const layout = planeSource && (contiguousPlane(shape, fortranOrder, choice.xAxis, choice.yAxis) ?? gatheredPlane(shape, fortranOrder, choice.xAxis, choice.yAxis));
  const fetched = planeSource && layout ? await fetchedPlane(planeSource, layout, choice.indices).catch(notServedAsNull) : null;
  if (planeSource && layout && fetched) {
    planeSource.prefetch(layout, choice.indices, step);
    const options = { field: source.field ? [source.field] : undefined, complexPart: source.complexPart };
    const view = numericView(fetched, options);
    if (!view) throw new Error("this dtype has no numeric values to plot");
    const local = (axis: number) => (axis === layout.axes[0] ? 0 : 1);
    return { array: fetched, view, xAxis: local(choice.xAxis), yAxis: local(choice.yAxis), indices: [0, 0], fetched: true };
  }
  // Planes scattered element by element over the file: the whole array is the better read.
  await ensureWhole(id);
  return { array: loaded(), view: viewOf(source), ...choice, fetched: false };
}

/** A plane of the version on screen; if the array was rewritten meanwhile, the same plane of the new version when its layout is the same. */
function notServedAsNull(error: unknown): null {
  if (error instanceof PlaneNotServed) return null;
  throw error;
}

async function fetchedPlane(source: PlaneSource, layout: PlaneLayout, indices: number[]): Promise<NpyArray> {
  try {
    return await source.plane(layout, indices);
  } catch (e) {
    if (!(e instanceof VersionChanged) || planeSource !== source) throw e;
    const head = await fetchHeader(source.url);
    if (!head || !sameLayout(head.header, source.version.header) || head.whole) {
      throw new Error("the array was rewritten with another shape or dtype while this frame loaded; the new version is shown in a moment");
    }
    planeSource = new PlaneSource(source.url, head);
    planes.clear();
    return planeSource.plane(layout, indices);
  }
}

function sameLayout(a: NpyHeader, b: NpyHeader): boolean {
  return a.descr === b.descr && a.fortranOrder === b.fortranOrder && a.dataOffset === b.dataOffset && a.shape.join() === b.shape.join();
}

async function plane(request: PlaneRequest, id: number): Promise<PlaneResult> {
  const target = await planeTarget(request, request, id, request.step);
  const result = downsamplePlane(target.view, target, request.maxWidth, request.maxHeight, request.reduce);
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

async function cachedPlane(request: PlaneRequest, id: number): Promise<PlaneResult> {
  const key = JSON.stringify([request.field, request.complexPart, request.xAxis, request.yAxis, request.indices, request.maxWidth, request.maxHeight, request.reduce, request.clipPercent]);
  let result = planes.get(key);
  if (result) planes.delete(key);
  else result = await plane(request, id);
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

async function heatmap(request: HeatmapRequest, id: number): Promise<HeatmapResult> {
  const p = await cachedPlane(request, id);
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

async function hover(request: HoverRequest, id: number): Promise<HoverResult> {
  const target = await planeTarget(request, request, id);
  const shape = currentShape();
  const from = request.indices.map((v) => v);
  const to = request.indices.map((v) => v);
  from[request.xAxis] = request.cellX * request.factorX;
  to[request.xAxis] = Math.min(shape[request.xAxis], (request.cellX + 1) * request.factorX) - 1;
  from[request.yAxis] = request.cellY * request.factorY;
  to[request.yAxis] = Math.min(shape[request.yAxis], (request.cellY + 1) * request.factorY) - 1;
  // The same element in the target's own numbering (the plane's two axes when it was fetched alone).
  const index = [...target.indices];
  index[target.xAxis] = from[request.xAxis];
  index[target.yAxis] = from[request.yAxis];
  if (request.factorX === 1 && request.factorY === 1) {
    const strides = cStrides(target.array.header.shape);
    const flat = index.reduce((sum, v, i) => sum + v * strides[i], 0);
    return { from, to, exact: formatElement(target.array, flat), blockMin: null, blockMax: null };
  }
  const { view } = target;
  let min = Infinity;
  let max = -Infinity;
  for (let y = from[request.yAxis]; y <= to[request.yAxis]; y++) {
    index[target.yAxis] = y;
    for (let x = from[request.xAxis]; x <= to[request.xAxis]; x++) {
      index[target.xAxis] = x;
      const v = Number(view.values[viewOffset(view, index)]);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { from, to, exact: null, blockMin: min, blockMax: max };
}

/** Where a line's values are read: the 1-D array, or the plane holding the profiles (fetched alone when partial). */
async function lineTarget(request: LineRequest, id: number): Promise<{ view: NumericView; axis: number; across: number; indices: number[] }> {
  if (request.acrossAxis === null) return { view: viewOf(request), axis: request.axis, across: -1, indices: request.indices };
  const target = await planeTarget(request, { xAxis: request.axis, yAxis: request.acrossAxis, indices: request.indices }, id);
  return { view: target.view, axis: target.xAxis, across: target.yAxis, indices: target.indices };
}

async function line(request: LineRequest, id: number): Promise<LineResult> {
  const target = await lineTarget(request, id);
  const range = { start: request.start, end: request.end };
  const envelopes = request.rows.map((row) => {
    const indices = [...target.indices];
    if (target.across >= 0) indices[target.across] = row;
    return lineEnvelope(target.view, request.maxPoints, target.axis, { xAxis: target.axis, yAxis: -1, indices }, range);
  });
  const x = envelopes[0]?.x ?? new Float64Array(0);
  const min = new Float64Array(envelopes.length * x.length);
  const max = new Float64Array(envelopes.length * x.length);
  envelopes.forEach((e, r) => {
    min.set(e.min, r * x.length);
    max.set(e.max, r * x.length);
  });
  return { x, min, max, factor: x.length > 1 ? x[1] - x[0] : 1 };
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

/** The exact text of a block of the plane on screen; a partial array's plane is fetched alone, as for the heatmap. */
async function cells(request: CellsRequest, id: number): Promise<CellsResult> {
  const target = planeSource ? await planeTarget({}, request, id) : { array: loaded(), ...request };
  const shape = target.array.header.shape;
  const strides = cStrides(shape);
  const rows = Math.max(0, Math.min(request.rowCount, shape[target.yAxis] - request.rowStart));
  const cols = Math.max(0, Math.min(request.colCount, shape[target.xAxis] - request.colStart));
  const base = target.indices.reduce((sum, v, axis) => (axis === target.xAxis || axis === target.yAxis ? sum : sum + v * strides[axis]), 0);
  const texts = new Array<string>(rows * cols);
  for (let r = 0; r < rows; r++) {
    const rowBase = base + (request.rowStart + r) * strides[target.yAxis];
    for (let c = 0; c < cols; c++) texts[r * cols + c] = formatElement(target.array, rowBase + (request.colStart + c) * strides[target.xAxis]);
  }
  return { texts, rows, cols };
}

/** The plane's statistics when it was fetched alone; otherwise (and without a plane) the whole array's. */
async function stats(request: StatsRequest, id: number): Promise<StatsResult> {
  const plane = request.plane && planeSource ? await planeTarget(request, request.plane, id) : null;
  if (!plane) await ensureWhole(id);
  const result = computeStats(plane?.fetched ? plane.view : viewOf(request));
  return { ...result, exactMin: result.exactMin?.toString(), exactMax: result.exactMax?.toString(), scope: plane?.fetched ? "plane" : "array" };
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
      return sha256(request.id);
    case "stats":
      return stats(request.args, request.id);
    case "heatmap":
      return heatmap(request.args, request.id);
    case "hover":
      return hover(request.args, request.id);
    case "cells":
      return cells(request.args, request.id);
    case "line":
      return line(request.args, request.id);
    case "whole":
      return ensureWhole(request.id).then(() => null);
    case "cancelWhole":
      return cancelWhole();
  }
  // The other views read values from all over the array.
  await ensureWhole(request.id);
  switch (request.call) {
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
