"use client";
// The flat value list's rows (index text, then one text per column), fetched
// from the worker a page at a time for the rows on screen and kept for the
// most recent pages. A newer version's rows replace a page when they arrive,
// so the old ones stay on screen meanwhile.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ArrayWorker } from "./arrayWorker";

const PAGE_ROWS = 200;
const CACHED_PAGES = 64;

/** The cells of row i once its page is here (null until then), asking for the pages of rows [firstRow, lastRow). */
export function useRowPages(worker: ArrayWorker, firstRow: number, lastRow: number): (row: number) => string[] | null {
  /** Pages of rows with the worker handle (the version) they came from. */
  const pages = useRef(new Map<number, { worker: ArrayWorker; rows: string[][] }>());
  const requested = useRef(new Set<number>());
  const [, setVersion] = useState(0);

  const ensurePage = useCallback(
    (page: number) => {
      if (pages.current.get(page)?.worker === worker || requested.current.has(page)) return;
      requested.current.add(page);
      worker.call("rows", { start: page * PAGE_ROWS, count: PAGE_ROWS }).then(
        (result) => {
          requested.current.delete(page);
          pages.current.delete(page);
          pages.current.set(page, { worker, rows: result.rows });
          if (pages.current.size > CACHED_PAGES) pages.current.delete(pages.current.keys().next().value!);
          setVersion((v) => v + 1);
        },
        () => requested.current.delete(page),
      );
    },
    [worker],
  );

  // Requests for the previous version's rows may never be answered (see ArrayWorker): ask again.
  useEffect(() => requested.current.clear(), [worker]);

  useEffect(() => {
    for (let page = Math.floor(Math.max(0, firstRow) / PAGE_ROWS); page <= Math.floor(Math.max(0, lastRow - 1) / PAGE_ROWS); page++) ensurePage(page);
  }, [firstRow, lastRow, ensurePage]);

  return (row) => pages.current.get(Math.floor(row / PAGE_ROWS))?.rows[row % PAGE_ROWS] ?? null;
}
