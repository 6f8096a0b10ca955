"use client";
// Exact values: a matrix of the plane on screen for arrays of two or more
// axes, and for 1-D and structured arrays every element with its N-D index
// and value (one column per field), fetched from the worker a page at a time
// as the list scrolls. Past a few million rows the list's scrollbar is scaled
// so any element stays reachable; "Go to" jumps to an element directly.
import { useRef, useState } from "react";
import type { ArrayWorker } from "@/lib/client/array-worker";
import { parseElementIndex } from "@/lib/client/element-index";
import { useRowPages } from "@/lib/client/use-row-pages";
import { useScrollViewport } from "@/lib/client/use-scroll-viewport";
import { visibleRows } from "@/lib/client/virtual-rows";
import { ErrorNote } from "./ErrorNote";
import { MatrixTable, type MatrixSlice } from "./MatrixTable";
import { inputClass, secondaryTextClass } from "./styles";

const ROW_HEIGHT = 28;
const MAX_SPACER_PX = 8_000_000;

interface Props {
  worker: ArrayWorker;
  shape: number[];
  /** One per structured field, or ["value"]. */
  columns: string[];
  dtypeKind: string;
  itemsize: number;
  slice: MatrixSlice;
}

export function ValueTable({ worker, shape, columns, dtypeKind, itemsize, slice }: Props) {
  if (shape.length >= 2 && dtypeKind !== "structured")
    return <MatrixTable worker={worker} shape={shape} dtypeKind={dtypeKind} itemsize={itemsize} slice={slice} />;
  return <FlatValueList worker={worker} shape={shape} columns={columns} />;
}

function FlatValueList({ worker, shape, columns }: { worker: ArrayWorker; shape: number[]; columns: string[] }) {
  const size = shape.reduce((a, b) => a * b, 1);
  const scroller = useRef<HTMLDivElement>(null);
  const [jump, setJump] = useState("");

  const scale = size * ROW_HEIGHT > MAX_SPACER_PX ? MAX_SPACER_PX / (size * ROW_HEIGHT) : 1;
  const spacerRows = scale === 1 ? size : Math.floor(MAX_SPACER_PX / ROW_HEIGHT);
  // The scaled mode needs the scroll position itself, not only the rows it shows.
  const viewport = useScrollViewport(scroller);
  const window = visibleRows(spacerRows, ROW_HEIGHT, viewport.top, viewport.height, 4);
  const viewportHeight = viewport.height;
  // Scaled mode: the scrollbar position picks the first row; exactly a screenful follows it.
  const fitRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT));
  const maxScroll = Math.max(1, window.totalHeight - viewportHeight);
  const scrolled = Math.min(1, viewport.top / maxScroll);
  const firstRow = scale === 1 ? window.start : Math.round(scrolled * Math.max(0, size - fitRows));
  const lastRow = scale === 1 ? Math.min(size, window.end) : Math.min(size, firstRow + fitRows);
  const top = scale === 1 ? window.start * ROW_HEIGHT : viewport.top;

  const rowCells = useRowPages(worker, firstRow, lastRow);

  const [jumpError, setJumpError] = useState<string | null>(null);
  const goTo = () => {
    const index = parseElementIndex(jump, shape);
    setJumpError(typeof index === "string" ? index : null);
    const el = scroller.current;
    if (!el || typeof index === "string") return;
    const target = index.reduce((flat, v, axis) => flat * shape[axis] + v, 0);
    el.scrollTop = scale === 1 ? target * ROW_HEIGHT : (target / Math.max(1, size - fitRows)) * maxScroll;
  };

  // One fixed width for the index column, from the longest index the shape has: each row is a grid
  // of its own, so a column sized by its content would line up with neither the header nor the other rows.
  const indexChars = `(${shape.map((n) => n - 1).join(", ")})`.length;
  // In rem, not ch: the header's font is not the cells' monospace one, and ch follows the font. 0.6 rem a character covers the monospace digits at text-sm.
  const indexWidth = `${(Math.max(5, indexChars) * 0.6 + 1.5).toFixed(2)}rem`;
  const grid = { gridTemplateColumns: `${indexWidth} repeat(${columns.length}, minmax(8rem, 1fr))` };
  const minWidth = `calc(${indexWidth} + ${columns.length * 8}rem)`;
  const rows: { index: number; cells: string[] | null }[] = [];
  for (let i = Math.max(0, firstRow); i < lastRow; i++) rows.push({ index: i, cells: rowCells(i) });

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className={secondaryTextClass}>{size.toLocaleString("en-US")} elements, exact values in C order</span>
        <label className="ml-auto flex items-center gap-2">
          <span className={secondaryTextClass}>Go to element</span>
          <input
            className={`${inputClass} w-40 font-mono`}
            value={jump}
            placeholder={shape.length > 1 ? `(${shape.map((n) => n - 1).join(", ")})` : String(size - 1)}
            aria-invalid={jumpError !== null}
            onChange={(e) => setJump(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && goTo()}
          />
        </label>
      </div>
      {jumpError && <ErrorNote>{jumpError}</ErrorNote>}
      <div
        ref={scroller}
        className="h-[60vh] overflow-auto rounded border border-slate-200 dark:border-slate-800"
        role="table"
        aria-label="Values"
        data-testid="value-table"
        tabIndex={0}
      >
        <div
          role="row"
          className="sticky top-0 z-10 grid border-b border-slate-200 bg-slate-50 text-xs font-semibold dark:border-slate-800 dark:bg-slate-800"
          style={{ ...grid, minWidth }}
        >
          <span role="columnheader" className="px-3 py-1.5">
            index
          </span>
          {columns.map((c) => (
            <span key={c} role="columnheader" className="px-3 py-1.5 font-mono">
              {c}
            </span>
          ))}
        </div>
        <div style={{ height: window.totalHeight, minWidth, position: "relative", overflow: "hidden" }}>
          {rows.map((row, k) => (
            <div
              key={row.index}
              role="row"
              className="grid border-b border-slate-100 font-mono text-sm tabular-nums dark:border-slate-800/60"
              style={{ ...grid, position: "absolute", top: top + k * ROW_HEIGHT, left: 0, right: 0, height: ROW_HEIGHT }}
            >
              <span role="cell" className={`truncate px-3 py-1 ${secondaryTextClass}`}>
                {row.cells?.[0] ?? row.index}
              </span>
              {columns.map((c, j) => (
                <span key={c} role="cell" className="truncate px-3 py-1" title={row.cells?.[j + 1]}>
                  {row.cells ? row.cells[j + 1] : "…"}
                </span>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
