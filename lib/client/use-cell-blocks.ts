"use client";
// The matrix view's values, asked of the worker in blocks of rows × columns as
// they scroll into view and kept for a while. A block remembers the worker
// (the array version) it came from: after a rewrite the old texts stay on
// screen until the new version's arrive.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ArrayWorker } from "./array-worker";
import type { PlaneChoice } from "./worker-protocol";

export const BLOCK_ROWS = 64;
export const BLOCK_COLS = 16;
const CACHED_BLOCKS = 256;

interface Block {
  worker: ArrayWorker;
  texts: string[];
  cols: number;
}

export interface CellBlocks {
  /** The exact text of element (row, col) of the plane, or undefined while it loads. */
  text: (row: number, col: number) => string | undefined;
  /** Asks for every block that covers rows [rowFrom, rowTo) × columns [colFrom, colTo). */
  ensure: (rowFrom: number, rowTo: number, colFrom: number, colTo: number) => void;
  /** Why the last block failed, if it did. */
  error: string | null;
}

/** `plane` should keep its identity while it names the same plane (memoise it), or blocks are asked for on every render. */
export function useCellBlocks(worker: ArrayWorker, plane: PlaneChoice): CellBlocks {
  const blocks = useRef(new Map<string, Block>());
  const requested = useRef(new Set<string>());
  const [, setReceived] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const planeKey = `${plane.xAxis}/${plane.yAxis}/${plane.indices.join(",")}`;

  // Requests to the previous version may never be answered (see ArrayWorker): ask again.
  useEffect(() => requested.current.clear(), [worker]);

  const keyOf = useCallback((blockRow: number, blockCol: number) => `${planeKey}|${blockRow}|${blockCol}`, [planeKey]);

  const fetchBlock = useCallback(
    (blockRow: number, blockCol: number) => {
      const key = keyOf(blockRow, blockCol);
      if (blocks.current.get(key)?.worker === worker || requested.current.has(key)) return;
      requested.current.add(key);
      const request = { ...plane, rowStart: blockRow * BLOCK_ROWS, rowCount: BLOCK_ROWS, colStart: blockCol * BLOCK_COLS, colCount: BLOCK_COLS };
      worker.call("cells", request).then(
        (result) => {
          requested.current.delete(key);
          blocks.current.delete(key);
          blocks.current.set(key, { worker, texts: result.texts, cols: result.cols });
          if (blocks.current.size > CACHED_BLOCKS) blocks.current.delete(blocks.current.keys().next().value!);
          setError(null);
          setReceived((n) => n + 1);
        },
        (e: unknown) => {
          requested.current.delete(key);
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    },
    [worker, keyOf, plane],
  );

  const ensure = useCallback(
    (rowFrom: number, rowTo: number, colFrom: number, colTo: number) => {
      for (let br = Math.floor(rowFrom / BLOCK_ROWS); br * BLOCK_ROWS < rowTo; br++) {
        for (let bc = Math.floor(colFrom / BLOCK_COLS); bc * BLOCK_COLS < colTo; bc++) fetchBlock(br, bc);
      }
    },
    [fetchBlock],
  );

  const text = useCallback(
    (row: number, col: number) => {
      const block = blocks.current.get(keyOf(Math.floor(row / BLOCK_ROWS), Math.floor(col / BLOCK_COLS)));
      return block?.texts[(row % BLOCK_ROWS) * block.cols + (col % BLOCK_COLS)];
    },
    [keyOf],
  );

  return { text, ensure, error };
}
