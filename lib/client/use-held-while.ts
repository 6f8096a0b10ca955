"use client";
// A value that stops following its source while `held` is true (e.g. the
// plane whose statistics are shown, held during playback so the worker does
// not recompute them for every frame), and catches up once released.
import { useState } from "react";

export function useHeldWhile<T>(value: T, held: boolean): T {
  const [kept, setKept] = useState(value);
  // Storing what an earlier render saw: React's documented pattern of a guarded update during render.
  if (!held && kept !== value) setKept(value);
  return held ? kept : value;
}
