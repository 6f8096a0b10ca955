"use client";
// The flat value list's rows (index text, then one text per column), fetched
// from the worker a page at a time for the rows on screen and kept for the
// most recent pages. A newer version's rows replace a page when they arrive,
// so the old ones stay on screen meanwhile.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ArrayWorker } from "./array-worker";

const PAGE_ROWS = 200;
const CACHED_PAGES = 64;

/** The cells of row i once its page is here (null until then), asking for the pages of rows [firstRow, lastRow). */
export function useRowPages(worker: ArrayWorker, firstRow: number, lastRow: number): (row: number) => string[] | null {
  /** Pages of rows with the worker handle (the version) they came from, oldest first. */
  const [pages, setPages] = useState<ReadonlyMap<number, RowPage>>(new Map());
  const requested = useRef(new Set<number>());

  const ensurePage = useCallback(
    (page: number) => {
      if (pages.get(page)?.worker === worker || requested.current.has(page)) return;
      requested.current.add(page);
      worker.call("rows", { start: page * PAGE_ROWS, count: PAGE_ROWS }).then(
        (result) => {
          requested.current.delete(page);
          setPages((current) => withPage(current, page, { worker, rows: result.rows }));
        },
        () => requested.current.delete(page),
      );
    },
    [worker, pages],
  );

  // Requests for the previous version's rows may never be answered (see ArrayWorker): ask again.
  useEffect(() => requested.current.clear(), [worker]);

  useEffect(() => {
    for (let page = Math.floor(Math.max(0, firstRow) / PAGE_ROWS); page <= Math.floor(Math.max(0, lastRow - 1) / PAGE_ROWS); page++) ensurePage(page);
  }, [firstRow, lastRow, ensurePage]);

  return (row) => pages.get(Math.floor(row / PAGE_ROWS))?.rows[row % PAGE_ROWS] ?? null;
}

interface RowPage {
  worker: ArrayWorker;
  rows: string[][];
}

/** The pages with `page` added as the newest, dropping the oldest past CACHED_PAGES. */
function withPage(pages: ReadonlyMap<number, RowPage>, page: number, rows: RowPage): ReadonlyMap<number, RowPage> {
  const next = new Map(pages);
  next.delete(page);
  next.set(page, rows);
  if (next.size > CACHED_PAGES) next.delete(next.keys().next().value!);
  return next;
}
