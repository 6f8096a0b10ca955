"use client";
// Plays an array's frames along one axis: the next frame is asked for once the
// current one has been painted and its frame time has passed, so playback never
// outruns the screen (a slow frame slows playback instead of being skipped
// unseen). The keyboard steps (←/→, Shift by ten) and plays (Space) from
// anywhere on the page except text fields.
import { useCallback, useEffect, useRef, useState } from "react";
import { clampFps, DEFAULT_PLAYBACK, nextFrame, steppedFrame, type PlaybackSettings } from "./playback";

const BIG_STEP = 10;

export interface Playback {
  playing: boolean;
  settings: PlaybackSettings;
  toggle: () => void;
  setSettings: (patch: Partial<PlaybackSettings>) => void;
}

interface Options {
  /** Frames on the played axis; 0 when nothing can be played. */
  length: number;
  index: number;
  /** The frame now on screen (null while none is). */
  paintedIndex: number | null;
  onIndex: (index: number) => void;
  /** Listen to the keyboard (only while the stack's view is shown). */
  keyboard: boolean;
}

/** Keys typed into these elements are theirs (a range slider's arrows are taken over). */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && (target as HTMLInputElement).type !== "range" && (target as HTMLInputElement).type !== "checkbox";
}

export function usePlayback({ length, index, paintedIndex, onIndex, keyboard }: Options): Playback {
  const [playing, setPlaying] = useState(false);
  const [settings, setAll] = useState<PlaybackSettings>(DEFAULT_PLAYBACK);
  const lastAdvance = useRef(0);
  const latest = useRef({ index, length, onIndex });
  useEffect(() => {
    latest.current = { index, length, onIndex };
  });

  const toggle = useCallback(() => setPlaying((p) => !p && latest.current.length > 1), []);
  const setSettings = useCallback((patch: Partial<PlaybackSettings>) => setAll((s) => ({ ...s, ...patch, fps: clampFps(patch.fps ?? s.fps) })), []);

  useEffect(() => {
    if (!playing || paintedIndex !== index) return;
    const wait = Math.max(0, lastAdvance.current + 1000 / settings.fps - performance.now());
    const timer = setTimeout(() => {
      lastAdvance.current = performance.now();
      const next = nextFrame(index, length, settings);
      if (next === null) setPlaying(false);
      else onIndex(next);
    }, wait);
    return () => clearTimeout(timer);
  }, [playing, paintedIndex, index, length, settings, onIndex]);

  useEffect(() => {
    if (!keyboard) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTextEntry(event.target)) return;
      const { index, length, onIndex } = latest.current;
      if (event.key === " " && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        toggle();
      } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        event.preventDefault();
        setPlaying(false);
        const delta = (event.key === "ArrowRight" ? 1 : -1) * (event.shiftKey ? BIG_STEP : 1);
        onIndex(steppedFrame(index, length, delta));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [keyboard, toggle]);

  return { playing, settings, toggle, setSettings };
}
