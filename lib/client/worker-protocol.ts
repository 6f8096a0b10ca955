// The messages the array page exchanges with npy.worker.ts. Every request
// carries an id; the worker answers with the same id and either a result or
// an error message a person can read, possibly after progress messages.
import type {
  CellGrid,
  DisplayRange,
  ElementWindow,
  HeaderDescription,
  HoveredCell,
  LineEnvelopes,
  PlaneBlock,
  PlaneBlockTexts,
  RgbaImage,
  Stats,
} from "@/lib/npy";
import type { ColormapName } from "./colormaps";
import type { Progress } from "./fetch-bytes";
import type { ColorScale, ComplexPart, ReduceMode } from "./view-state";

export type { CellGrid, ElementWindow };

/** Which numeric values the plots read: a structured field and/or a complex part. */
export interface NumericSource {
  field?: string;
  complexPart?: ComplexPart;
}

/**
 * What the page needs to know about the version of an array the worker holds
 * to choose its views: its header described, and what only the worker can tell.
 */
export interface ArrayDescription extends HeaderDescription {
  /** The ETag of the version downloaded (null if the server sent none): a refresh asks for anything else. */
  etag: string | null;
  /** Bytes of the whole .npy file. */
  totalBytes: number;
  /** H×W×3/4 of uint8, or of floats all within [0, 1]: a picture (of a partial array, only uint8 ones are known). */
  isImage: boolean;
  /** The exact text of the only element, for 0-d arrays. */
  scalarText: string | null;
  /**
   * A big N-D array whose planes are fetched one at a time as they are shown;
   * anything that needs all of it (array statistics, histogram, table, lines)
   * downloads the whole array when it is asked for.
   */
  partial: boolean;
}

/** lib/npy's Stats with the exact int64/uint64 extremes already spelled as decimal text. */
export type StatsResult = Omit<Stats, "exactMin" | "exactMax"> & {
  exactMin?: string;
  exactMax?: string;
  /**
   * What the numbers describe: the plane asked about, the whole array, or a
   * sample of a plane too big to fetch (every `sampleStep[0]`-th row and
   * `sampleStep[1]`-th column of it).
   */
  scope: "plane" | "array" | "sample";
  sampleStep?: [number, number];
};

/** The statistics of one view, with what they describe (see StatsResult). */
export function statsResult(stats: Stats, scope: StatsResult["scope"], sampleStep?: [number, number]): StatsResult {
  return { ...stats, exactMin: stats.exactMin?.toString(), exactMax: stats.exactMax?.toString(), scope, ...(sampleStep ? { sampleStep } : {}) };
}

/** The plane on screen: which axes are shown and the index on every other axis. */
export interface PlaneChoice {
  xAxis: number;
  yAxis: number;
  indices: number[];
}

export interface StatsRequest extends NumericSource {
  /** Statistics of this plane when the array is partial (its planes are fetched as shown); the whole array's otherwise. */
  plane?: PlaneChoice;
}

export interface PlaneRequest extends NumericSource {
  xAxis: number;
  yAxis: number;
  /** Only this part of the plane, at the resolution the plot can show; the whole plane when absent. */
  window?: ElementWindow | null;
  /** One index per axis; the entries for xAxis and yAxis are ignored. */
  indices: number[];
  maxWidth: number;
  maxHeight: number;
  reduce: ReduceMode;
  /** Percentile to clip at each end when the domain is automatic. */
  clipPercent: number;
  /** Frames the page moves per step (negative: backwards), so the right neighbours are fetched ahead. */
  step?: number;
  /**
   * "blocks": a plane too big to fetch is shown with each cell the min, max or
   * mean (as `reduce` says) of its whole block, reduced by the server, rather
   * than the strided sample a first answer gives (its `sampled`). Slower: the
   * server reads every element of the window.
   */
  detail?: "blocks";
}

/** The cells' values and their range (clipped at the request's clipPercent). */
export interface PlaneResult extends CellGrid, DisplayRange {
  values: Float32Array;
}

export interface HeatmapRequest extends PlaneRequest {
  colormap: ColormapName;
  reverse: boolean;
  scale: ColorScale;
  /** Manual bounds as typed; "" for automatic. */
  domainMin: string;
  domainMax: string;
}

export interface HeatmapResult extends CellGrid {
  /** The domain coloured, in data units; null when no usable domain exists. */
  domain: [number, number] | null;
  domainAuto: boolean;
  /** Why the typed bounds were not used (the automatic domain was). */
  domainError: string | null;
  /** The cells coloured, one pixel per cell (transferred, so the page only draws it). */
  image: ImageBitmap | null;
}

/** A cell of the heatmap drawn for `PlaneRequest`: answered from the same cut, so it describes the picture shown. */
export interface HoverRequest extends PlaneRequest {
  cellX: number;
  cellY: number;
}

export type HoverResult = HoveredCell;

/**
 * Lines along one axis, each bucketed into at most maxPoints min/max pairs over
 * the window [start, end). A 1-D array has one line (acrossAxis null); a plane's
 * profiles are its rows or columns: `rows` are indices along acrossAxis, and the
 * plane is fetched by itself when the array is partial.
 */
export interface LineRequest extends NumericSource {
  axis: number;
  acrossAxis: number | null;
  rows: number[];
  /** One index per axis; the entries for axis and acrossAxis are ignored. */
  indices: number[];
  start: number;
  end: number;
  maxPoints: number;
}

export type LineResult = LineEnvelopes;

export interface HistogramRequest extends NumericSource {
  bins: number;
}

export interface HistogramResult {
  edges: Float64Array;
  counts: Float64Array;
}

export interface RgbRequest {
  /** Index along the leading axes for arrays with more than 3 dimensions. */
  indices: number[];
}

export type RgbResult = RgbaImage;

export interface RowsRequest {
  start: number;
  count: number;
}

export interface RowsResult {
  start: number;
  /** Per row: the N-D index text, then one exact text per column. */
  rows: string[][];
}

/** A block of the plane on screen for the matrix view: rows along yAxis, columns along xAxis. */
export interface CellsRequest extends PlaneChoice, PlaneBlock {}

export type CellsResult = PlaneBlockTexts;

/** A conditional re-download of the array: another version (now in the worker), the same one, or none any more. */
export type RefreshResult = { kind: "new"; summary: ArrayDescription; sha256: string | null } | { kind: "unchanged" } | { kind: "missing" };

export interface WorkerCalls {
  /** Runs a frame's computations once on a plane of its own, so that the first array's first frame finds them compiled (see warm-up.ts). */
  warm: { request: Record<string, never>; result: null };
  /** Downloads the array itself (so its bytes never touch the page's thread) and parses it. */
  load: {
    /** prefixBytes: how much of the file's start the header's request reads (a big stack opened from the list: through its first plane). */
    request: { url: string; prefixBytes?: number };
    result: ArrayDescription;
  };
  /** Replaces the array with the current version if it has another ETag; calls answered afterwards see the new one. */
  refresh: { request: { url: string; ifNoneMatch: string | null }; result: RefreshResult };
  sha256: { request: Record<string, never>; result: string };
  /** Downloads all of a partial array (what array statistics, histogram and table need), with progress; planes stay usable meanwhile. */
  whole: { request: Record<string, never>; result: null };
  /** Stops that download; the calls waiting for it fail with "cancelled". */
  cancelWhole: { request: Record<string, never>; result: null };
  stats: { request: StatsRequest; result: StatsResult | null };
  /** Starts fetching the plane a move along an axis is about to show, before the page renders the move (its views ask for it next). */
  fetchPlane: { request: PlaneChoice; result: null };
  heatmap: { request: HeatmapRequest; result: HeatmapResult };
  hover: { request: HoverRequest; result: HoverResult | null };
  line: { request: LineRequest; result: LineResult };
  histogram: { request: HistogramRequest; result: HistogramResult };
  rgb: { request: RgbRequest; result: RgbResult };
  rows: { request: RowsRequest; result: RowsResult };
  cells: { request: CellsRequest; result: CellsResult };
}

export type WorkerCall = keyof WorkerCalls;

/** A call to the worker; `WorkerRequest<K>` is one of call K. */
export type WorkerRequest<K extends WorkerCall = WorkerCall> = {
  [P in K]: { id: number; call: P; args: WorkerCalls[P]["request"] };
}[K];

/** `partial`: a result so far, of the call's result type (a refining heatmap's bands painted over its sample). */
export type WorkerResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string } | { id: number; progress: Progress; partial?: unknown };
