/// <reference lib="webworker" />
// Parses one array and answers the page's questions about it (stats, planes,
// lines, table rows, hashes) off the main thread. The array lives here; only
// small, purpose-built results travel back, and their buffers are transferred.
// The math is lib/npy's: this file holds the array's versions and caches, and
// answers every call in WorkerCalls with a handler whose result type is checked
// against it.
import {
  clampWindow,
  computeStats,
  describeHeader,
  displayRange,
  formatElement,
  buildLinePyramid,
  histogram,
  hoverCell,
  imageRgba,
  isNumericDtype,
  isUint8Image,
  lineEnvelopes,
  looksLikeImage,
  numericView,
  planeBlockTexts,
  readNpy,
  reducedCut,
  sameDataLayout,
  sampledCut,
  strideFor,
  summarizedCut,
  tableRows,
  type ElementSource,
  type LinePyramid,
  type NpyArray,
  type NpyHeader,
  type NumericView,
  type PlaneCut,
} from "@/lib/npy";
import type { BlockBand } from "@/lib/npy/block-records";
import { contiguousPlane, gatheredPlane, planeSpan, rangeLength, type PlaneWindow } from "@/lib/npy/plane-layout";
import { resolveDomain } from "./color-scale";
import { colorizePlane } from "./colorize-plane";
import { HUGE_PLANE_BYTES, WHOLE_DOWNLOAD_LIMIT } from "./plane-limits";
import { fetchBytes, HttpError, type FetchedVersion, type Progress } from "./fetch-bytes";
import { blocksArray, fetchHeader, PlaneNotServed, PlaneSource, VersionChanged, type HeaderRead, type HeaderVersion } from "./plane-source";
import { warmUp } from "./warm-up";
import {
  statsResult,
  type ArrayDescription,
  type CellsRequest,
  type CellsResult,
  type ElementWindow,
  type HeatmapRequest,
  type HeatmapResult,
  type HoverRequest,
  type HoverResult,
  type LineRequest,
  type LineResult,
  type NumericSource,
  type PlaneChoice,
  type PlaneRequest,
  type PlaneResult,
  type RefreshResult,
  type StatsRequest,
  type StatsResult,
  type WorkerCall,
  type WorkerCalls,
  type WorkerRequest,
  type WorkerResponse,
} from "./worker-protocol";

declare const self: DedicatedWorkerGlobalScope;

let array: NpyArray | null = null;
let bytes: Uint8Array<ArrayBuffer> | null = null;
const views = new Map<string, NumericView | null>();
/** Recent cuts of planes, so a colormap or domain change, or a hover, does not cut again. */
const planes = new Map<string, { cut: PlaneCut; result: PlaneResult; refinements: number }>();
const PLANE_CACHE_SIZE = 8;
/** Min/max pyramids of the long lines zoomed lately (each at most 32 MiB), so a zoom re-buckets from them instead of scanning the line. */
const pyramids = new Map<string, LinePyramid>();
const PYRAMID_CACHE_SIZE = 2;
/** Lines shorter than this are scanned on every zoom: that costs a few milliseconds. */
const PYRAMID_MIN_ELEMENTS = 1 << 20;
/** Performance marks of frames kept before they are cleared (see heatmap). */
const MARKS_KEPT = 100;
/** A huge plane's statistics are of a sample of about this many elements along its longer side (read alongside the first view, so kept small). */
const STATS_SAMPLE_CELLS = 512;

/** Set for a big N-D array: its planes are fetched as they are shown (see plane-source.ts). */
let planeSource: PlaneSource | null = null;
/** Decided at load: refreshes of a big array read its header again rather than all of it. */
let streaming = false;

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
function adopt(version: FetchedVersion): ArrayDescription {
  const newBytes = new Uint8Array(version.buffer);
  const parsed = readNpy(newBytes);
  bytes = newBytes;
  array = parsed;
  views.clear();
  planes.clear();
  pyramids.clear();
  if (planeSource && planeSource.version.etag !== version.etag) planeSource = null;
  const { header } = parsed;
  return {
    ...describeVersion(header, version.etag, newBytes.byteLength, false),
    isImage: looksLikeImage(parsed),
    scalarText: header.shape.length === 0 ? formatElement(parsed, 0) : null,
  };
}

/** What the page needs to know about a version, from its header alone. */
function describeVersion(header: NpyHeader, etag: string | null, totalBytes: number, partial: boolean): ArrayDescription {
  // Without the data only uint8 pictures can be told apart; float ones need their values.
  return { ...describeHeader(header), etag, totalBytes, isImage: partial && isUint8Image(header), scalarText: null, partial };
}

/** Big N-D arrays of plain numbers are shown a plane at a time, and huge 2-D ones by windows; everything else is downloaded whole. */
function showsPlanes(version: HeaderVersion): boolean {
  const { header } = version;
  // A 2-D array is one plane: fetched whole up to the size where sampling it pays.
  const big = header.shape.length >= 3 ? version.totalBytes > WHOLE_DOWNLOAD_LIMIT : header.shape.length === 2 && header.dataBytes > HUGE_PLANE_BYTES;
  return version.whole === null && big && !header.pickled && isNumericDtype(header.dtype);
}

/** Makes a big array's version the one planes are fetched from; its bytes stay on the server. */
function adoptPlanes(url: string, { prefix, ...version }: HeaderRead): ArrayDescription {
  planeSource = new PlaneSource(url, version);
  keepFirstPlane(planeSource, prefix);
  array = null;
  bytes = null;
  views.clear();
  planes.clear();
  pyramids.clear();
  return describeVersion(version.header, version.etag, version.totalBytes, true);
}

/** The first plane (the last two axes at index 0 of the others), when the bytes read with the header hold it (see first-plane-prefix.ts). */
function keepFirstPlane(source: PlaneSource, prefix: Uint8Array): void {
  const { header } = source.version;
  const { shape } = header;
  const layout = contiguousPlane(shape, header.fortranOrder, shape.length - 1, shape.length - 2);
  if (!layout || isHugePlane(source, layout.axes[1], layout.axes[0])) return;
  const first = new Array<number>(shape.length).fill(0);
  const span = planeSpan(shape, layout, header.dtype.itemsize, header.dataOffset, first);
  if (span.start + span.length <= prefix.length) source.keep(layout, first, prefix.subarray(span.start, span.start + span.length));
}

async function load(url: string, id: number, prefixBytes?: number): Promise<ArrayDescription> {
  const head = await fetchHeader(url, null, prefixBytes);
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

async function sha256Of(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(id: number): Promise<string> {
  await ensureWhole(id);
  if (!bytes) throw new Error("no array is loaded");
  return sha256Of(bytes);
}

function currentShape(): number[] {
  return array?.header.shape ?? planeSource?.version.header.shape ?? loaded().header.shape;
}

/** The plane on screen, fetched by itself when the array is partial: one Range when contiguous, else gathered by the server. */
async function planeTarget(source: NumericSource, choice: PlaneChoice, id: number, step = 1): Promise<ElementSource & { fetched: boolean }> {
  const shape = currentShape();
  const fortranOrder = planeSource?.version.header.fortranOrder ?? false;
  const { xAxis, yAxis } = choice;
  const layout = planeSource && (contiguousPlane(shape, fortranOrder, xAxis, yAxis) ?? gatheredPlane(shape, fortranOrder, xAxis, yAxis));
  const fetched = planeSource && layout ? await onCurrentVersion(planeSource, (s) => s.plane(layout, choice.indices)).catch(notServedAsNull) : null;
  if (planeSource && layout && fetched) {
    performance.mark("frame:plane");
    // The neighbours are asked for once this frame's cut and colouring (which follow in this task) are done:
    // their bytes arriving meanwhile kept this thread from them (a 1024² step then took 60–200 ms here, not 20).
    const fetchedFrom = planeSource;
    setTimeout(() => fetchedFrom.prefetch(layout, choice.indices, step), 0);
    const local = (axis: number) => (axis === layout.axes[0] ? 0 : 1);
    return { array: fetched, view: planeView(fetched, source), xAxis: local(choice.xAxis), yAxis: local(choice.yAxis), indices: [0, 0], fetched: true };
  }
  // Planes scattered element by element over the file: the whole array is the better read.
  await ensureWhole(id);
  return { array: loaded(), view: viewOf(source), ...choice, fetched: false };
}

function planeView(plane: NpyArray, source: NumericSource): NumericView {
  const view = numericView(plane, { field: source.field ? [source.field] : undefined, complexPart: source.complexPart });
  if (!view) throw new Error("this dtype has no numeric values to plot");
  return view;
}

function notServedAsNull(error: unknown): null {
  if (error instanceof PlaneNotServed) return null;
  throw error;
}

/** Reads from the version on screen; if the array was rewritten meanwhile, from the new version when its layout is the same. */
async function onCurrentVersion<T>(source: PlaneSource, read: (source: PlaneSource) => Promise<T>): Promise<T> {
  try {
    return await read(source);
  } catch (e) {
    if (!(e instanceof VersionChanged) || planeSource !== source) throw e;
    const head = await fetchHeader(source.url);
    if (!head || !sameDataLayout(head.header, source.version.header) || head.whole) {
      throw new Error("the array was rewritten with another shape or dtype while this frame loaded; the new version is shown in a moment", { cause: e });
    }
    planeSource = new PlaneSource(source.url, head);
    planes.clear();
    return read(planeSource);
  }
}

/**
 * Starts fetching a partial array's plane without waiting for it: a step's views ask for it once
 * the page has rendered the step, and find it on its way. Huge planes are shown by windows, not fetched.
 */
function fetchPlane(choice: PlaneChoice): null {
  const source = planeSource;
  if (!source || isHugePlane(source, choice.xAxis, choice.yAxis)) return null;
  const { shape, fortranOrder } = source.version.header;
  const layout = contiguousPlane(shape, fortranOrder, choice.xAxis, choice.yAxis) ?? gatheredPlane(shape, fortranOrder, choice.xAxis, choice.yAxis);
  // A failure is the views' to report, when they ask.
  if (layout) source.plane(layout, choice.indices).catch(() => undefined);
  return null;
}

/** A plane of a partial array too big to fetch whole: the heatmap is given the window on screen, sampled by the server. */
function isHugePlane(source: PlaneSource, xAxis: number, yAxis: number): boolean {
  const { shape, dtype } = source.version.header;
  return shape[xAxis] * shape[yAxis] * dtype.itemsize > HUGE_PLANE_BYTES;
}

/** How a window of a huge plane is asked of the server: its rows and columns (rows along the lower-numbered axis), every stepY-th / stepX-th. */
function serverWindow(
  request: PlaneRequest,
  window: ElementWindow,
  stepX: number,
  stepY: number,
): { axes: [number, number]; cut: PlaneWindow; rowsAlongY: boolean } {
  const rowsAxis = Math.min(request.xAxis, request.yAxis);
  const xRange = { start: window.x[0], stop: window.x[1], step: stepX };
  const yRange = { start: window.y[0], stop: window.y[1], step: stepY };
  const rowsAlongY = rowsAxis === request.yAxis;
  const cut = rowsAlongY ? { rows: yRange, columns: xRange } : { rows: xRange, columns: yRange };
  return { axes: [rowsAxis, Math.max(request.xAxis, request.yAxis)], cut, rowsAlongY };
}

/** The window every stepX-th column and stepY-th row, gathered by the server; null when it will not gather this plane. */
async function sampledPlane(source: PlaneSource, request: PlaneRequest, window: ElementWindow, stepX: number, stepY: number): Promise<PlaneCut | null> {
  const { axes, cut, rowsAlongY } = serverWindow(request, window, stepX, stepY);
  const sample = await onCurrentVersion(source, (s) => s.window(axes, request.indices, cut)).catch(notServedAsNull);
  if (!sample) return null;
  const localX = rowsAlongY ? 1 : 0;
  return sampledCut({ array: sample, view: planeView(sample, request), xAxis: localX, yAxis: 1 - localX, indices: [0, 0] }, window, stepX, stepY);
}

/** The refinement of a huge plane's window in progress, stopped when the view moves to another window or frame. */
let refining: { window: string; abort: AbortController } | null = null;
/** Counts the refinements that landed, so a sample cut before one is not answered from `planes` after it. */
let refinementsLanded = 0;

/** A refinement's view so far: the sample with the refined bands painted over it, and the share of blocks refined. */
type PartialCut = (cut: PlaneCut, progress: Progress) => void;

/** The least time between two views of a refinement so far: each is cut, coloured and painted again. */
const PARTIAL_EVERY_MS = 150;

/**
 * The window's blocks reduced by the server (see PlaneRequest.detail), when
 * asked for or already fetched; null when neither (the sample is shown).
 * `onPartial` is shown the sample refined so far as bands arrive (at most every PARTIAL_EVERY_MS).
 */
async function blocksPlane(
  source: PlaneSource,
  request: PlaneRequest,
  window: ElementWindow,
  stepX: number,
  stepY: number,
  onPartial?: PartialCut,
): Promise<PlaneCut | null> {
  const { axes, cut, rowsAlongY } = serverWindow(request, window, stepX, stepY);
  const placed = JSON.stringify([request.indices, axes, cut]);
  stopRefiningOtherThan(placed);
  let blocks = source.cachedBlocks(axes, request.indices, cut);
  if (!blocks && request.detail === "blocks") {
    refining ??= { window: placed, abort: new AbortController() };
    const showSoFar = (array: NpyArray, progress: Progress) => onPartial?.(refinedSoFar(array), progress);
    const partial = onPartial ? await partialBlocks(source, request, cut, showSoFar) : undefined;
    const options = { signal: refining?.abort.signal, onBand: partial?.onBand, startFrom: partial?.planes };
    blocks = await onCurrentVersion(source, (s) => s.blocks(axes, request.indices, cut, options)).finally(() => partial?.stop());
    refinementsLanded++;
  }
  if (!blocks) return null;
  return summarized(blocks);

  function summarized(array: NpyArray): PlaneCut {
    return summarizedCut(array, numericView(array)!, rowsAlongY, window, stepX, stepY, request.reduce);
  }
  /** Part sample, part blocks: still a sample as a whole (and hovered as one, so without the blocks' extremes, which cost two more passes). */
  function refinedSoFar(array: NpyArray): PlaneCut {
    const [xAxis, yAxis] = rowsAlongY ? [2, 1] : [1, 2];
    const shown = request.reduce === "min" ? 0 : request.reduce === "max" ? 1 : 2;
    return sampledCut({ array, view: numericView(array)!, xAxis, yAxis, indices: [shown, 0, 0] }, window, stepX, stepY);
  }
}

/**
 * The window's sample as (3, rows, columns) blocks (min, max and mean all the
 * sampled element), for the refinement to write each band of blocks over as
 * it arrives (PlaneSource.blocks' startFrom); `show` is given it at most every
 * PARTIAL_EVERY_MS, the last band included.
 */
async function partialBlocks(
  source: PlaneSource,
  request: PlaneRequest,
  cut: PlaneWindow,
  show: (array: NpyArray, progress: Progress) => void,
): Promise<{ planes: Float64Array; onBand: (band: BlockBand) => void; stop: () => void }> {
  const sample = await source.window([Math.min(request.xAxis, request.yAxis), Math.max(request.xAxis, request.yAxis)], request.indices, cut);
  const shape: [number, number] = [rangeLength(cut.rows), rangeLength(cut.columns)];
  const cells = shape[0] * shape[1];
  const values = planeView(sample, request).values;
  const planes = new Float64Array(3 * cells);
  for (let k = 0; k < 3; k++) for (let i = 0; i < cells; i++) planes[k * cells + i] = Number(values[i]);
  const array = blocksArray(shape, new Uint8Array(planes.buffer));
  let refined = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let shownAt = -Infinity;
  const flush = () => {
    timer = null;
    shownAt = performance.now();
    show(array, { received: refined, total: cells });
  };
  return {
    planes,
    onBand(band) {
      refined += band.rows * band.columns;
      timer ??= setTimeout(flush, Math.max(0, shownAt + PARTIAL_EVERY_MS - performance.now()));
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
    },
  };
}

/** The view moved to another window or frame (`placed`; null: not a huge plane's sample): the old window's refinement is no longer wanted. */
function stopRefiningOtherThan(placed: string | null): void {
  if (refining && refining.window !== placed) {
    refining.abort.abort();
    refining = null;
  }
}

/** The part of the plane the heatmap draws, at most maxWidth × maxHeight cells. */
async function planeCut(request: PlaneRequest, id: number, onPartial?: PartialCut): Promise<PlaneCut> {
  const shape = currentShape();
  const window = clampWindow(request.window, shape[request.xAxis], shape[request.yAxis]);
  if (planeSource && isHugePlane(planeSource, request.xAxis, request.yAxis)) {
    const stepX = strideFor(window.x, request.maxWidth);
    const stepY = strideFor(window.y, request.maxHeight);
    if (stepX === 1 && stepY === 1) stopRefiningOtherThan(null);
    const refined = stepX > 1 || stepY > 1 ? await blocksPlane(planeSource, request, window, stepX, stepY, onPartial) : null;
    const sampled = refined ?? (await sampledPlane(planeSource, request, window, stepX, stepY));
    if (sampled) return sampled;
  }
  stopRefiningOtherThan(null);
  const target = await planeTarget(request, request, id, request.step);
  return reducedCut(target, window, request.maxWidth, request.maxHeight, request.reduce);
}

function planeResult(cut: PlaneCut, clipPercent: number): PlaneResult {
  // Values are transferred with their whole buffer, so a view into a bigger one is copied first.
  const values = cut.values.byteLength === cut.values.buffer.byteLength ? cut.values : cut.values.slice();
  return { ...cut.grid, values, ...displayRange(values, clipPercent) };
}

/** The cut for a request, from `planes` or cut now, with its value ranges. */
async function cachedPlane(request: PlaneRequest, id: number, onPartial?: PartialCut): Promise<{ cut: PlaneCut; result: PlaneResult; refinements: number }> {
  const { field, complexPart, xAxis, yAxis, indices, window, maxWidth, maxHeight, reduce, clipPercent, detail } = request;
  const key = JSON.stringify([field, complexPart, xAxis, yAxis, indices, window ?? null, maxWidth, maxHeight, reduce, clipPercent, detail ?? null]);
  let entry = planes.get(key);
  // A sample whose window was refined since is cut again: from the blocks now (cut from the window kept in planeSource).
  if (entry?.cut.grid.sampled && entry.refinements !== refinementsLanded) entry = undefined;
  if (entry) planes.delete(key);
  else {
    const refinements = refinementsLanded;
    const cut = await planeCut(request, id, onPartial);
    entry = { cut, result: planeResult(cut, clipPercent), refinements };
  }
  planes.set(key, entry);
  if (planes.size > PLANE_CACHE_SIZE) planes.delete(planes.keys().next().value!);
  return entry;
}

/** The heatmap of a request; a refinement (detail "blocks") posts its view so far as progress meanwhile. */
async function heatmap(request: HeatmapRequest, id: number): Promise<HeatmapResult> {
  // The stages of a frame (bench:ui splits a step's time with them and the fetch's resource timing);
  // a few frames' worth are kept, so hours of playback do not pile them up.
  if (performance.getEntriesByType("mark").length > MARKS_KEPT) performance.clearMarks();
  performance.mark("frame:asked");
  const onPartial: PartialCut | undefined =
    request.detail === "blocks"
      ? (cut, progress) =>
          void heatmapOf(request, planeResult(cut, request.clipPercent)).then((partial) => {
            const message: WorkerResponse = { id, progress, partial };
            self.postMessage(message, transferables(partial));
          })
      : undefined;
  const plane = (await cachedPlane(request, id, onPartial)).result;
  performance.mark("frame:cut");
  return heatmapOf(request, plane);
}

async function heatmapOf(request: HeatmapRequest, p: PlaneResult): Promise<HeatmapResult> {
  const typed = resolveDomain(request.scale, request.domainMin, request.domainMax, p);
  const auto = typed.ok ? typed : resolveDomain(request.scale, "", "", p);
  const domainError = typed.ok ? null : typed.error;
  const { width, height, factorX, factorY, originX, originY, window, sampled } = p;
  const base = { width, height, factorX, factorY, originX, originY, window, sampled };
  if (!auto.ok) return { ...base, domain: null, domainAuto: true, domainError: domainError ?? auto.error, image: null };
  const rgba = colorizePlane(p.values, request.scale, auto.domain, request.colormap, request.reverse);
  performance.mark("frame:coloured");
  const image = await createImageBitmap(new ImageData(rgba, width, height));
  performance.mark("frame:bitmap");
  return { ...base, domain: auto.domain, domainAuto: auto.auto, domainError, image };
}

async function hover(request: HoverRequest, id: number): Promise<HoverResult | null> {
  const { cut } = await cachedPlane(request, id);
  return hoverCell(cut, request, request.cellX, request.cellY);
}

/** Where a line's values are read: the 1-D array, or the plane holding the profiles (fetched alone when partial). */
async function lineTarget(request: LineRequest, id: number): Promise<{ view: NumericView; axis: number; acrossAxis: number; indices: number[] }> {
  if (request.acrossAxis === null) return { view: viewOf(request), axis: request.axis, acrossAxis: -1, indices: request.indices };
  const target = await planeTarget(request, { xAxis: request.axis, yAxis: request.acrossAxis, indices: request.indices }, id);
  return { view: target.view, axis: target.xAxis, acrossAxis: target.yAxis, indices: target.indices };
}

async function line(request: LineRequest, id: number): Promise<LineResult> {
  const { view, ...lines } = await lineTarget(request, id);
  // A plane's profiles are as short as the plane is wide; only the array's own long lines are worth a pyramid.
  const pyramidOf = request.acrossAxis === null ? (indices: number[]) => linePyramid(request, view, lines.axis, indices) : undefined;
  return lineEnvelopes(view, { ...lines, lines: request.rows }, request.maxPoints, { start: request.start, end: request.end }, pyramidOf);
}

/** The loaded array's pyramid of one long line, built on its first request and kept for the zooms after it; null for a short line. */
function linePyramid(source: NumericSource, view: NumericView, axis: number, indices: number[]): LinePyramid | null {
  if (view.shape[axis] < PYRAMID_MIN_ELEMENTS) return null;
  const key = JSON.stringify([source.field, source.complexPart, axis, indices.map((index, i) => (i === axis ? 0 : index))]);
  const pyramid = pyramids.get(key) ?? buildLinePyramid(view, axis, indices);
  pyramids.delete(key);
  pyramids.set(key, pyramid);
  if (pyramids.size > PYRAMID_CACHE_SIZE) pyramids.delete(pyramids.keys().next().value!);
  return pyramid;
}

/** The exact text of a block of the plane on screen; a partial array's plane is fetched alone, as for the heatmap. */
async function cells(request: CellsRequest, id: number): Promise<CellsResult> {
  const target = planeSource ? await planeTarget({}, request, id) : { array: loaded(), ...request };
  return planeBlockTexts(target.array, target, request);
}

/** The plane's statistics when it was fetched alone (of a sample when it is too big for that); otherwise (and without a plane) the whole array's. */
async function stats(request: StatsRequest, id: number): Promise<StatsResult> {
  const choice = request.plane;
  if (choice && planeSource && isHugePlane(planeSource, choice.xAxis, choice.yAxis)) {
    const shape = currentShape();
    const window = clampWindow(null, shape[choice.xAxis], shape[choice.yAxis]);
    const step = Math.max(strideFor(window.x, STATS_SAMPLE_CELLS), strideFor(window.y, STATS_SAMPLE_CELLS));
    const sample = await sampledPlane(planeSource, { ...request, ...choice, maxWidth: 0, maxHeight: 0, reduce: "mean", clipPercent: 0 }, window, step, step);
    if (sample) return statsResult(computeStats(sample.source.view), "sample", [step, step]);
  }
  const plane = choice && planeSource ? await planeTarget(request, choice, id) : null;
  if (!plane) await ensureWhole(id);
  return statsResult(computeStats(plane?.fetched ? plane.view : viewOf(request)), plane?.fetched ? "plane" : "array");
}

function transferables(result: unknown): Transferable[] {
  if (!result || typeof result !== "object") return [];
  const list: Transferable[] = [];
  for (const v of Object.values(result)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) list.push(v.buffer);
    else if (v instanceof ImageBitmap) list.push(v);
  }
  return list;
}

type Result<K extends WorkerCall> = WorkerCalls[K]["result"];
/** Answers one call; `id` is its request's, under which progress messages are posted. */
type Handler<K extends WorkerCall> = (args: WorkerCalls[K]["request"], id: number) => Result<K> | Promise<Result<K>>;

const handlers: { [K in WorkerCall]: Handler<K> } = {
  warm: async () => {
    await warmUp();
    return null;
  },
  load: ({ url, prefixBytes }, id) => load(url, id, prefixBytes),
  refresh: ({ url, ifNoneMatch }, id) => refresh(url, id, ifNoneMatch),
  sha256: (_, id) => sha256(id),
  whole: async (_, id) => {
    await ensureWhole(id);
    return null;
  },
  cancelWhole: () => {
    wholeDownload?.abort.abort();
    return null;
  },
  stats,
  fetchPlane,
  heatmap,
  hover,
  cells,
  line,
  // The other views read values from all over the array.
  histogram: async (args, id) => {
    await ensureWhole(id);
    const h = histogram(viewOf(args), args.bins);
    return { edges: Float64Array.from(h.edges), counts: Float64Array.from(h.counts) };
  },
  rgb: async ({ indices }, id) => {
    await ensureWhole(id);
    return imageRgba(viewOf({}), loaded().header.dtype, indices);
  },
  rows: async ({ start, count }, id) => {
    await ensureWhole(id);
    return { start, rows: tableRows(loaded(), start, count) };
  },
};

function answer<K extends WorkerCall>(request: WorkerRequest<K>): Result<K> | Promise<Result<K>> {
  const handler: Handler<K> = handlers[request.call];
  return handler(request.args, request.id);
}

async function respond(request: WorkerRequest): Promise<void> {
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
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void respond(event.data);
};
