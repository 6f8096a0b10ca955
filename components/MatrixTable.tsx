"use client";
// The plane on screen as a matrix of exact values: rows along the y axis,
// columns along the x axis, the other axes fixed by the slice sliders. Only the
// cells in view are drawn (both directions), with the row and column indices
// kept in view; "Go to" takes numpy's index tuple or a flat index and brings
// that element into view, highlighted, moving the slice when it must.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/array-worker";
import { axisWindow, scrollToCell } from "@/lib/client/axis-window";
import { cellChars } from "@/lib/client/cell-width";
import { parseElementIndex } from "@/lib/client/element-index";
import { planeName } from "@/lib/client/plane-name";
import { useCellBlocks } from "@/lib/client/use-cell-blocks";
import { useScrollViewport } from "@/lib/client/use-scroll-viewport";
import { ErrorNote } from "./ErrorNote";
import { SliceControls } from "./SliceControls";
import { buttonClass, inputClass, secondaryTextClass } from "./styles";

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 28;
/** Horizontal padding of a cell, both sides together. */
const CELL_PADDING = 16;
/** Cells shown before the one gone to, so it does not sit against the edge. */
const CONTEXT_ROWS = 3;
const CONTEXT_COLS = 1;
const NUMERIC_KINDS = new Set(["bool", "int", "uint", "float", "complex"]);

/** The plane shown and how to change it (the page keeps it in the URL, shared with the heatmap). */
export interface MatrixSlice {
  xAxis: number;
  yAxis: number;
  indices: number[];
  onAxes: (xAxis: number, yAxis: number) => void;
  onIndices: (indices: number[]) => void;
}

interface Props {
  worker: ArrayWorker;
  shape: number[];
  dtypeKind: string;
  itemsize: number;
  slice: MatrixSlice;
}

export function MatrixTable({ worker, shape, dtypeKind, itemsize, slice }: Props) {
  const { xAxis, yAxis, indices, onIndices } = slice;
  const plane = useMemo(() => ({ xAxis, yAxis, indices }), [xAxis, yAxis, indices]);
  const rowCount = shape[yAxis];
  const colCount = shape[xAxis];
  const scroller = useRef<HTMLDivElement>(null);
  const charPx = useCharWidth(scroller);
  const viewport = useScrollViewport(scroller);
  const blocks = useCellBlocks(worker, plane);
  const [jump, setJump] = useState("");
  const [jumpError, setJumpError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<number[] | null>(null);

  const corner = planeName(indices, xAxis, yAxis);
  const indexPx = Math.ceil(Math.max(corner.length, String(rowCount - 1).length) * charPx) + CELL_PADDING;
  const colPx = Math.ceil(Math.max(cellChars(dtypeKind, itemsize), String(colCount - 1).length) * charPx) + CELL_PADDING;
  const rows = axisWindow(rowCount, ROW_HEIGHT, viewport.top, viewport.height - HEADER_HEIGHT, 4);
  const cols = axisWindow(colCount, colPx, viewport.left, viewport.width - indexPx, 2);
  const { ensure } = blocks;
  useEffect(() => ensure(rows.first, rows.end, cols.first, cols.end), [ensure, rows.first, rows.end, cols.first, cols.end]);

  const sameSlice = highlight !== null && highlight.every((v, axis) => axis === xAxis || axis === yAxis || v === (indices[axis] ?? 0));
  const marked = sameSlice && highlight ? { row: highlight[yAxis], col: highlight[xAxis] } : null;

  const goTo = () => {
    const target = parseElementIndex(jump, shape);
    if (typeof target === "string") {
      setJumpError(target);
      return;
    }
    setJumpError(null);
    setHighlight(target);
    const sliced = target.map((v, axis) => (axis === xAxis || axis === yAxis ? (indices[axis] ?? 0) : v));
    if (sliced.some((v, axis) => v !== (indices[axis] ?? 0))) onIndices(sliced);
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = scrollToCell(Math.max(0, target[yAxis] - CONTEXT_ROWS), rowCount, ROW_HEIGHT, el.clientHeight - HEADER_HEIGHT);
    el.scrollLeft = scrollToCell(Math.max(0, target[xAxis] - CONTEXT_COLS), colCount, colPx, el.clientWidth - indexPx);
    el.scrollIntoView({ block: "nearest" });
  };

  const rowList = range(rows.first, rows.end);
  const colList = range(cols.first, cols.end);
  const colLeft = (c: number) => indexPx + cols.start + (c - cols.first) * colPx;
  const width = indexPx + cols.totalPx;
  const numeric = NUMERIC_KINDS.has(dtypeKind);
  const align = numeric ? "text-right" : "text-left";
  const markedText = marked && highlight ? blocks.text(marked.row, marked.col) : undefined;

  return (
    <div className="flex flex-col gap-2">
      <SliceControls
        shape={shape}
        xAxis={xAxis}
        yAxis={yAxis}
        indices={indices}
        onAxes={slice.onAxes}
        onIndex={(axis, index) => onIndices(indices.map((v, a) => (a === axis ? index : v)))}
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className={secondaryTextClass}>
          The plane <code className="font-mono">{corner}</code>: {rowCount.toLocaleString("en-US")} rows (axis {yAxis}) × {colCount.toLocaleString("en-US")}{" "}
          columns (axis {xAxis}), exact values
        </span>
        <form
          className="ml-auto flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            goTo();
          }}
        >
          <label className="flex items-center gap-2">
            <span className={secondaryTextClass}>Go to element</span>
            <input
              className={`${inputClass} w-40 font-mono`}
              placeholder={`(${shape.map((n) => n - 1).join(", ")})`}
              value={jump}
              aria-invalid={jumpError !== null}
              aria-describedby={jumpError ? "matrix-goto-error" : undefined}
              onChange={(e) => setJump(e.target.value)}
            />
          </label>
          <button type="submit" className={buttonClass}>
            Go
          </button>
        </form>
      </div>
      {jumpError && <ErrorNote id="matrix-goto-error">{jumpError}</ErrorNote>}
      {highlight && (
        <p className="text-sm" data-testid="goto-value" aria-live="polite">
          <code className="font-mono">({highlight.join(", ")})</code> ={" "}
          <code className="font-mono">{sameSlice ? (markedText ?? "…") : "(another plane is shown)"}</code>
        </p>
      )}
      {blocks.error && <ErrorNote>Could not read the values: {blocks.error}</ErrorNote>}
      <div
        ref={scroller}
        tabIndex={0}
        className="h-[60vh] overflow-auto rounded border border-slate-200 font-mono text-sm tabular-nums dark:border-slate-800"
        role="table"
        aria-label={`Values of the plane ${corner}`}
        aria-rowcount={rowCount + 1}
        aria-colcount={colCount + 1}
        data-testid="matrix"
      >
        <div style={{ width, height: HEADER_HEIGHT + rows.totalPx, position: "relative" }}>
          <div role="rowgroup" className="sticky top-0 z-20" style={{ width, height: HEADER_HEIGHT }}>
            <div
              role="row"
              aria-rowindex={1}
              className="relative h-full border-b border-slate-200 bg-slate-50 text-xs font-semibold dark:border-slate-700 dark:bg-slate-800"
            >
              <span
                role="columnheader"
                aria-colindex={1}
                className="sticky left-0 z-10 flex h-full items-center border-r border-slate-200 bg-slate-100 px-2 dark:border-slate-700 dark:bg-slate-800"
                style={{ width: indexPx }}
              >
                {corner}
              </span>
              {colList.map((c) => (
                <span
                  key={c}
                  role="columnheader"
                  aria-colindex={c + 2}
                  className={`absolute top-0 flex h-full items-center px-2 ${numeric ? "justify-end" : "justify-start"}`}
                  style={{ left: colLeft(c), width: colPx }}
                >
                  {c}
                </span>
              ))}
            </div>
          </div>
          <div role="rowgroup" style={{ position: "relative", height: rows.totalPx }}>
            {rowList.map((r) => (
              <div
                key={r}
                role="row"
                aria-rowindex={r + 2}
                className="absolute left-0 border-b border-slate-100 dark:border-slate-800/60"
                style={{ top: rows.start + (r - rows.first) * ROW_HEIGHT, width, height: ROW_HEIGHT }}
              >
                <span
                  role="rowheader"
                  className="sticky left-0 z-10 flex h-full items-center justify-end border-r border-slate-200 bg-slate-50 px-2 text-xs font-semibold text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-300"
                  style={{ width: indexPx }}
                >
                  {r}
                </span>
                {colList.map((c) => {
                  const text = blocks.text(r, c);
                  const isMarked = marked !== null && marked.row === r && marked.col === c;
                  return (
                    <span
                      key={c}
                      role="cell"
                      aria-colindex={c + 2}
                      data-cell={`${r},${c}`}
                      aria-current={isMarked ? "true" : undefined}
                      title={text}
                      className={`absolute top-0 truncate px-2 leading-7 ${align} ${isMarked ? "bg-amber-200 text-slate-950 outline outline-2 -outline-offset-2 outline-amber-600 dark:bg-amber-300" : ""}`}
                      style={{ left: colLeft(c), width: colPx, height: ROW_HEIGHT }}
                    >
                      {text ?? "…"}
                    </span>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** The width of one character of the element's (monospace) font, measured once it is on screen. */
function useCharWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(8.4);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const probe = document.createElement("span");
    probe.textContent = "0".repeat(100);
    probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre";
    el.appendChild(probe);
    setWidth(probe.getBoundingClientRect().width / 100);
    probe.remove();
  }, [ref]);
  return width;
}
