// Fetches the planes of a big array one at a time, in the worker, instead of
// the whole array: the header first (a small Range), then each plane's bytes
// with one Range pinned to the version on screen by If-Range, so a plane never
// mixes two versions. Planes are kept in a byte-bounded cache, and the frames
// next to the one shown are fetched ahead so stepping and playback find them.
import { headerByteLength, inMemoryArray, parseHeader, type NpyArray, type NpyHeader } from "@/lib/npy";
import { BlockRecordReader, placeBand, type BlockBand, type Ending } from "@/lib/npy/block-records";
import { ByteBudgetCache } from "./byte-budget-cache";
import { errorFromResponse, HttpError } from "./fetch-bytes";
import { planeId, planeSpan, rangeLength, type AxisRange, type PlaneLayout, type PlaneWindow } from "@/lib/npy/plane-layout";

/** Enough for the header of any ordinary array; longer headers cost one more request. */
const HEADER_PREFIX_BYTES = 1 << 16;
/** The bytes of planes a worker keeps (the bench compares the tab's memory with it). */
export const PLANE_CACHE_BUDGET = 64 << 20;
/** Frames fetched ahead of the one shown (in the direction of travel) and behind it. */
const PREFETCH_AHEAD = 4;
const PREFETCH_BEHIND = 1;

/** The header of the array's current version, read without its data. */
export interface HeaderVersion {
  header: NpyHeader;
  etag: string | null;
  totalBytes: number;
  /** The whole file, when the server sent it all (a small array, or a server that ignores Range). */
  whole: ArrayBuffer | null;
}

/** A header as read: its version, and the bytes read from the file's start with it. */
export interface HeaderRead extends HeaderVersion {
  /** At least the header (see fetchHeader's prefixBytes); not kept with the version, so a plane cut from it is freed with the plane. */
  prefix: Uint8Array;
}

/** The server would not gather this plane (a dtype it does not serve as planes): the whole array is needed. */
export class PlaneNotServed extends Error {}

/** A plane's bytes changed under us: the array now holds another version. */
export class VersionChanged extends Error {
  constructor() {
    super("the array was rewritten while a frame was loading");
  }
}

function totalFromContentRange(response: Response): number | null {
  const match = /\/(\d+)$/.exec(response.headers.get("Content-Range") ?? "");
  return match ? Number(match[1]) : null;
}

async function fetchPrefix(url: string, length: number, ifNoneMatch: string | null, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Range: `bytes=0-${length - 1}` };
  if (ifNoneMatch) headers["If-None-Match"] = ifNoneMatch;
  const response = await fetch(url, { headers, cache: "no-store", signal });
  if (response.status !== 304 && !response.ok) throw await errorFromResponse(response);
  return response;
}

/**
 * Reads the current version's header; null when it still is `ifNoneMatch`. `prefixBytes` reads
 * that much of the file's start in the same request (a first plane that follows the header).
 */
export async function fetchHeader(url: string, ifNoneMatch: string | null = null, prefixBytes = HEADER_PREFIX_BYTES): Promise<HeaderRead | null> {
  let response = await fetchPrefix(url, Math.max(prefixBytes, HEADER_PREFIX_BYTES), ifNoneMatch);
  if (response.status === 304) return null;
  let prefix = new Uint8Array(await response.arrayBuffer());
  const etag = response.headers.get("ETag");
  const needed = headerByteLength(prefix);
  if (response.status === 206 && needed !== null && needed > prefix.length) {
    response = await fetchPrefix(url, needed, null);
    prefix = new Uint8Array(await response.arrayBuffer());
    if (response.headers.get("ETag") !== etag) throw new VersionChanged();
  }
  const header = parseHeader(prefix);
  const totalBytes = response.status === 200 ? prefix.length : (totalFromContentRange(response) ?? prefix.length);
  const whole = response.status === 200 || prefix.length === totalBytes ? prefix.buffer : null;
  return { header, etag, totalBytes, whole, prefix };
}

/** The plane endpoint's spelling of a range, start:stop:step. */
function rangeText(range: AxisRange): string {
  return `${range.start}:${range.stop}:${range.step}`;
}

/** A 2-D array of one plane's bytes, readable by lib/npy like any array. */
function planeArray(header: NpyHeader, layout: PlaneLayout, data: Uint8Array): NpyArray {
  const size = layout.shape[0] * layout.shape[1];
  return { header: { ...header, shape: [...layout.shape], fortranOrder: layout.fortranOrder, size, dataBytes: data.length }, data };
}

function blocksId(axes: [number, number], indices: readonly number[], window: PlaneWindow): string {
  return `${indices.map((index, axis) => (axes.includes(axis) ? ":" : String(index))).join(",")}|${rangeText(window.rows)}|${rangeText(window.columns)}|blocks`;
}

/** The server's three float64 planes of block min, max and mean as one (3, rows, columns) array. */
export function blocksArray(shape: [number, number], data: Uint8Array): NpyArray {
  return inMemoryArray("<f8", [3, ...shape], data);
}

/** How a refinement is followed while it arrives. */
export interface RefinementOptions {
  /** Stops it (the view moved on). */
  signal?: AbortSignal;
  /** Told of each band of blocks once it is in `startFrom`. */
  onBand?: (band: BlockBand) => void;
  /** The (3, rows, columns) planes to write the bands into, e.g. filled with the sample they replace; NaN-filled when left out. */
  startFrom?: Float64Array;
}

/** A response's body, chunk by chunk as it arrives. */
async function* bodyChunks(response: Response): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
  } finally {
    reader.releaseLock();
  }
}

/** A fetch ahead (one with a signal to stop it) goes out at low priority, behind what the view waits for. */
function fetchOptions(signal: AbortSignal | undefined): RequestInit {
  return signal ? { signal, priority: "low" } : {};
}

export class PlaneSource {
  private readonly cache = new ByteBudgetCache<NpyArray>(PLANE_CACHE_BUDGET);
  private readonly inFlight = new Map<string, Promise<NpyArray>>();
  /** Fetches started ahead that nobody has asked for yet, so a jump elsewhere can stop them. */
  private readonly ahead = new Map<string, AbortController>();

  constructor(
    readonly url: string,
    readonly version: HeaderVersion,
  ) {}

  /**
   * The plane at `indices`, from the cache or fetched now. A plane neither cached nor
   * on its way means the view jumped: the frames fetched ahead around the old place
   * are stopped, so the one asked for does not share the connection with them.
   */
  plane(layout: PlaneLayout, indices: readonly number[]): Promise<NpyArray> {
    const id = planeId(layout, indices);
    if (this.inFlight.has(id)) this.ahead.delete(id);
    else if (!this.cache.has(id)) this.stopFetchingAhead();
    return this.once(id, () => this.fetchPlane(layout, indices));
  }

  /**
   * The array named `id`: from the cache, or the fetch of it already on its
   * way, or `fetch` started now and cached when it lands. Every plane and
   * window goes through here, so one is never fetched twice at once.
   */
  private once(id: string, fetch: () => Promise<NpyArray>): Promise<NpyArray> {
    const cached = this.cache.get(id);
    if (cached) return Promise.resolve(cached);
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const started = fetch()
      .then((array) => {
        this.cache.set(id, array, array.data.length);
        return array;
      })
      .finally(() => {
        this.inFlight.delete(id);
        this.ahead.delete(id);
      });
    this.inFlight.set(id, started);
    return started;
  }

  private stopFetchingAhead(): void {
    for (const controller of this.ahead.values()) controller.abort();
    this.ahead.clear();
  }

  /**
   * A window of a plane too big to fetch whole, every few rows and columns
   * (C-ordered rows × columns, rows along the lower-numbered axis), gathered
   * by the server from the version on screen and kept in the same cache.
   */
  window(axes: [number, number], indices: readonly number[], window: PlaneWindow): Promise<NpyArray> {
    const layout: PlaneLayout = { shape: [rangeLength(window.rows), rangeLength(window.columns)], axes, fortranOrder: false, gathered: true };
    const id = `${planeId(layout, indices)}|${rangeText(window.rows)}|${rangeText(window.columns)}`;
    return this.once(id, async () => planeArray(this.version.header, layout, await this.fetchGathered(layout, indices, window)));
  }

  /**
   * The window's blocks of window.rows.step × window.columns.step elements,
   * each as its min, max and mean, reduced by the server from every element of
   * the version on screen: a (3, rows, columns) float64 array on the grid of
   * the sample with the same steps, followed as `options` say.
   */
  blocks(axes: [number, number], indices: readonly number[], window: PlaneWindow, options: RefinementOptions = {}): Promise<NpyArray> {
    return this.once(blocksId(axes, indices, window), async () => {
      const shape: [number, number] = [rangeLength(window.rows), rangeLength(window.columns)];
      const data = await this.fetchBlocks(shape, axes, indices, window, options);
      return blocksArray(shape, data);
    });
  }

  /** Keeps a plane whose bytes came another way (with the header, from the same response, so of this version). */
  keep(layout: PlaneLayout, indices: readonly number[], data: Uint8Array): void {
    this.cache.set(planeId(layout, indices), planeArray(this.version.header, layout, data), data.length);
  }

  /** The window's blocks when they were fetched already (see blocks), else null. */
  cachedBlocks(axes: [number, number], indices: readonly number[], window: PlaneWindow): NpyArray | null {
    return this.cache.get(blocksId(axes, indices, window)) ?? null;
  }

  /** Starts fetching the frames around `indices` along each sliced axis; failures are left for the real request to report. */
  prefetch(layout: PlaneLayout, indices: readonly number[], step: number): void {
    const { shape } = this.version.header;
    const sliced = shape.map((_, axis) => axis).filter((axis) => !layout.axes.includes(axis));
    const stride = Math.max(1, Math.abs(step));
    const direction = step < 0 ? -1 : 1;
    for (const axis of sliced) {
      const offsets = [
        ...Array.from({ length: PREFETCH_AHEAD }, (_, i) => direction * stride * (i + 1)),
        ...Array.from({ length: PREFETCH_BEHIND }, (_, i) => -direction * stride * (i + 1)),
      ];
      for (const offset of offsets) {
        const index = (indices[axis] ?? 0) + offset;
        if (index < 0 || index >= shape[axis]) continue;
        const neighbour = [...indices];
        neighbour[axis] = index;
        const id = planeId(layout, neighbour);
        if (this.cache.has(id) || this.inFlight.has(id)) continue;
        const controller = new AbortController();
        this.ahead.set(id, controller);
        this.once(id, () => this.fetchPlane(layout, neighbour, controller.signal)).catch(() => undefined);
      }
    }
  }

  /** `signal` marks a fetch ahead: it may be stopped, and the browser serves it after the frames asked for. */
  private async fetchPlane(layout: PlaneLayout, indices: readonly number[], signal?: AbortSignal): Promise<NpyArray> {
    const data = layout.gathered ? await this.fetchGathered(layout, indices, undefined, signal) : await this.fetchSpan(layout, indices, signal);
    return planeArray(this.version.header, layout, data);
  }

  /** A plane the server gathers from one version; If-Match keeps it the version on screen. */
  private async fetchGathered(layout: PlaneLayout, indices: readonly number[], window?: PlaneWindow, signal?: AbortSignal): Promise<Uint8Array> {
    const response = await this.fetchPlaneQuery(layout.axes, indices, window, signal, false);
    const data = new Uint8Array(await response.arrayBuffer());
    const expected = layout.shape[0] * layout.shape[1] * this.version.header.dtype.itemsize;
    if (data.length !== expected) throw new Error(`a frame arrived cut off: ${data.length} of ${expected} bytes; retry`);
    return data;
  }

  /** GET …/plane for the version on screen (If-Match), its refusals turned into errors the views know. */
  private async fetchPlaneQuery(
    axes: [number, number],
    indices: readonly number[],
    window: PlaneWindow | undefined,
    signal: AbortSignal | undefined,
    reduced: boolean,
  ): Promise<Response> {
    const { etag } = this.version;
    const query = new URLSearchParams({ x: String(axes[1]), y: String(axes[0]), index: indices.join(",") });
    if (window) {
      query.set("rows", rangeText(window.rows));
      query.set("cols", rangeText(window.columns));
    }
    if (reduced) query.set("reduce", "min,max,mean");
    const response = await fetch(`${this.url}/plane?${query}`, { headers: etag ? { "If-Match": etag } : {}, cache: "no-store", ...fetchOptions(signal) });
    if (response.status === 412) throw new VersionChanged();
    if (response.status === 422) throw new PlaneNotServed((await errorFromResponse(response)).message);
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /**
   * The server's block reductions, read band by band as they are streamed
   * (lib/npy/block-records.ts), each placed into three rows × columns planes
   * as it comes: once a whole answer has come, every block in them is the server's.
   */
  private async fetchBlocks(
    shape: [number, number],
    axes: [number, number],
    indices: readonly number[],
    window: PlaneWindow,
    { signal, onBand, startFrom }: RefinementOptions,
  ): Promise<Uint8Array> {
    const response = await this.fetchPlaneQuery(axes, indices, window, signal, true);
    const planes = startFrom ?? new Float64Array(3 * shape[0] * shape[1]).fill(NaN);
    const records = new BlockRecordReader();
    let ending: Ending | null = null;
    for await (const chunk of bodyChunks(response)) {
      for (const record of records.push(chunk)) {
        if (record.kind === "end") ending = record.ending;
        else {
          placeBand(planes, shape, record);
          onBand?.(record);
        }
      }
    }
    // Blocks of two versions would be a picture of neither: ask again, of the new one.
    if (ending === "rewritten") throw new VersionChanged();
    if (!records.complete) throw new Error("the block reductions arrived cut off; retry");
    return new Uint8Array(planes.buffer);
  }

  /** A contiguous plane: one Range, pinned to the version on screen by If-Range. */
  private async fetchSpan(layout: PlaneLayout, indices: readonly number[], signal?: AbortSignal): Promise<Uint8Array> {
    const { header, etag } = this.version;
    const span = planeSpan(header.shape, layout, header.dtype.itemsize, header.dataOffset, indices);
    const headers: Record<string, string> = { Range: `bytes=${span.start}-${span.start + span.length - 1}` };
    if (etag) headers["If-Range"] = etag;
    const response = await fetch(this.url, { headers, cache: "no-store", ...fetchOptions(signal) });
    if (response.status === 200) {
      // If-Range fell through: the whole newer version is coming. Stop it and let the caller start again.
      await response.body?.cancel();
      throw new VersionChanged();
    }
    if (response.status !== 206)
      throw response.ok
        ? new HttpError(response.status, `expected 206 Partial Content for a frame, got ${response.status}`)
        : await errorFromResponse(response);
    const data = new Uint8Array(await response.arrayBuffer());
    if (data.length !== span.length) throw new Error(`a frame arrived cut off: ${data.length} of ${span.length} bytes; retry`);
    return data;
  }
}
