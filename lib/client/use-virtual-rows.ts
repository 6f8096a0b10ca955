"use client";
// Which rows of a fixed-row-height list to render, from its scroll container's
// position and size (read at most once per animation frame while it scrolls).
import type { RefObject } from "react";
import { useScrollViewport } from "./use-scroll-viewport";
import { visibleRows, type RowWindow } from "./virtual-rows";

export function useVirtualRows(container: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 8): RowWindow {
  const viewport = useScrollViewport(container);
  return visibleRows(count, rowHeight, viewport.top, viewport.height, overscan);
}
