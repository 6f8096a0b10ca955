/**
 * lib/npy: an exact reader for NumPy's .npy files, plus the math the views
 * need. Plain TypeScript with no Node-only or DOM-only APIs: the same code runs
 * in React pages, Web Workers, route handlers and the CLI.
 *
 * - Header: versions 1.0, 2.0 (latin1) and 3.0 (UTF-8), parsed by a real
 *   Python-literal parser that never evaluates anything.
 * - Dtypes: bool, int/uint 8–64 (64-bit as bigint), float16/32/64, x87 long
 *   double (approximate, marked "≈"), complex, datetime64/timedelta64 with
 *   units and NaT, S bytes, U text, V raw, structured (nested, subarrays,
 *   padding, titles), object (the data is a pickle: detected, never decoded).
 * - Values in logical C order whatever the byte order or Fortran order;
 *   typed-array views without copying when the data allows, one copy when not.
 * - Statistics, planes, downsampling, envelopes and histograms computed
 *   straight from the typed view, never from JS arrays of the whole data;
 *   what the views show of them: a plane's display range (percentile
 *   clipping), RGBA pictures of image arrays, value-table rows and blocks of
 *   exact texts, and a header described for choosing views.
 *
 * Every failure is an NpyError whose message names the problem and the byte
 * offset, e.g. "header declares shape (1000000000,) of <f8 = 8000000000 bytes
 * (7.45 GiB) but 64 bytes follow the header".
 *
 * @example
 * ```ts
 * import { readNpy, describeDtype, formatElement, numericView, computeStats, downsamplePlane } from "@/lib/npy";
 *
 * const array = readNpy(bytes);                         // Uint8Array or ArrayBuffer of a whole .npy file
 * describeDtype(array.header.dtype);                    // "float32"
 * array.header.shape;                                   // [4096, 4096]
 * formatElement(array, 0);                              // "0.1": exact, at float32 precision
 * const view = numericView(array);                      // null for text, datetimes, objects
 * if (view) {
 *   const stats = computeStats(view);                   // { min, max, mean, std, nanCount, … }
 *   const plane = downsamplePlane(view, { xAxis: 1, yAxis: 0, indices: [0, 0] }, 1024, 1024, "mean");
 * }
 *
 * // Only the header, from the first bytes of a file (e.g. a range request):
 * const need = headerByteLength(prefix);               // null: fetch more bytes first
 * const header = parseHeader(prefix);
 * ```
 *
 * Conventions worth knowing:
 * - header.pickled: object dtypes (anywhere in a structured dtype too) make the
 *   data a pickle; getValue throws, numericView returns null, and
 *   readNpy(...).data is the whole pickle.
 * - NumericView.values holds one number per element in storage order; index it
 *   through `strides` (Fortran order is handled there).
 * - PlaneSelection: yAxis -1 is a single row (1-D arrays); xAxis and yAxis -1
 *   for 0-d arrays.
 * - summarizeArray gives the CLI's head and exact min/max strings (a ValueSummary).
 * - Strides and offsets are in elements: contiguousStrides(shape) with
 *   elementOffset gives the flat C-order number formatElement takes.
 */
export { NpyError } from "./errors";
export type { ByteOrder, Dtype, Field } from "./dtype";
export { describeDtype, dtypeName, byteOrderWords, shortCode } from "./dtype";
export type { NpyHeader, HeaderOptions } from "./header";
export { parseHeader, parseHeaderText, headerByteLength, DEFAULT_MAX_HEADER_SIZE } from "./header";
export type { NpyArray } from "./read";
export { readNpy } from "./read";
export { inMemoryArray } from "./in-memory";
export type { NpyValue } from "./values";
export { getValue, formatValue, formatElement } from "./values";
export { formatFloat } from "./decimal";
export type { ComplexPart, NumericView, NumericViewOptions } from "./numeric";
export { numericView, isNumericDtype } from "./numeric";
export { contiguousStrides, elementOffset } from "./strides";
export type { Stats } from "./stats";
export { computeStats } from "./stats";
export type { PlaneSelection, Plane, Reduction, LineEnvelope, LineRange } from "./plane";
export { extractPlane, downsamplePlane, lineEnvelope } from "./plane";
export type { CellGrid, ElementSource, ElementWindow, HoveredCell, PlaneCut } from "./plane-cut";
export { clampWindow, hoverCell, reducedCut, sampledCut, strideFor, summarizedCut } from "./plane-cut";
export type { LineEnvelopes, LinesSelection } from "./line-envelopes";
export { lineEnvelopes } from "./line-envelopes";
export type { LinePyramid } from "./line-pyramid";
export { buildLinePyramid, pyramidBytes, pyramidEnvelope, pyramidExtremes } from "./line-pyramid";
export type { DisplayRange } from "./display-range";
export { displayRange } from "./display-range";
export type { PlaneBlock, PlaneBlockTexts } from "./plane-block-texts";
export { planeBlockTexts } from "./plane-block-texts";
export { isUint8Image, looksLikeImage } from "./image";
export type { RgbaImage } from "./image-rgba";
export { imageRgba } from "./image-rgba";
export { tableRows } from "./table-rows";
export type { HeaderDescription } from "./header-description";
export { describeHeader } from "./header-description";
export { namedFields } from "./named-fields";
export { sameDataLayout } from "./same-layout";
export type { Histogram } from "./histogram";
export { histogram, percentile, EXACT_PERCENTILE_LIMIT } from "./histogram";
export type { ValueSummary } from "./summary";
export { summarizeArray } from "./summary";
export type { DescrValue, DescrEntry } from "./descr";
export { numpyDescr } from "./descr";
