"use client";
// Plays an array's frames along one axis: the next frame is asked for once the
// current one has been painted and its frame time has passed, so playback never
// outruns the screen (a slow frame slows playback instead of being skipped
// unseen). The painted frame is reported by a callback, not through React
// state, so a played frame costs the page one render (its new index), not
// another for the paint. The keyboard steps (←/→, Shift by ten) and plays
// (Space) from anywhere on the page except text fields.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { clampFps, DEFAULT_PLAYBACK, nextFrame, steppedFrame, type PlaybackSettings } from "./playback";

const BIG_STEP = 10;

export interface Playback {
  playing: boolean;
  settings: PlaybackSettings;
  toggle: () => void;
  setSettings: (patch: Partial<PlaybackSettings>) => void;
  /** Says which frame (index on the played axis) is now on screen; the page calls it for every frame it paints. */
  framePainted: (index: number) => void;
  /** The frame playback shows after `index`; null when it is not playing or would stop there. */
  frameAfter: (index: number) => number | null;
}

interface Options {
  /** Frames on the played axis; 0 when nothing can be played. */
  length: number;
  index: number;
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

export function usePlayback({ length, index, onIndex, keyboard }: Options): Playback {
  const [playing, setPlaying] = useState(false);
  const [settings, setAll] = useState<PlaybackSettings>(DEFAULT_PLAYBACK);
  const lastAdvance = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The frame last reported painted, so pressing Play on a frame already shown starts at once. */
  const painted = useRef<number | null>(null);
  // Read by the timer and the paint callback, which outlive the render that made them.
  // Updated in a layout effect: a paint reported in the same commit sees this render's index.
  const latest = useRef({ index, length, onIndex, playing, settings });
  useLayoutEffect(() => {
    latest.current = { index, length, onIndex, playing, settings };
  });

  const toggle = useCallback(() => setPlaying((p) => !p && latest.current.length > 1), []);
  const setSettings = useCallback((patch: Partial<PlaybackSettings>) => setAll((s) => ({ ...s, ...patch, fps: clampFps(patch.fps ?? s.fps) })), []);

  /** Advances to the next frame once the frame time since the last advance has passed. */
  const scheduleAdvance = useCallback(() => {
    clearTimeout(timer.current);
    const wait = Math.max(0, lastAdvance.current + 1000 / latest.current.settings.fps - performance.now());
    timer.current = setTimeout(() => {
      const now = latest.current;
      if (!now.playing) return;
      lastAdvance.current = performance.now();
      const next = nextFrame(now.index, now.length, now.settings);
      if (next === null) setPlaying(false);
      else now.onIndex(next);
    }, wait);
  }, []);

  const framePainted = useCallback(
    (shown: number) => {
      painted.current = shown;
      if (latest.current.playing && shown === latest.current.index) scheduleAdvance();
    },
    [scheduleAdvance],
  );

  const frameAfter = useCallback((shown: number) => {
    const { playing, length, settings } = latest.current;
    return playing ? nextFrame(shown, length, settings) : null;
  }, []);

  useEffect(() => {
    if (!playing) return;
    if (painted.current === latest.current.index) scheduleAdvance();
    return () => clearTimeout(timer.current);
  }, [playing, scheduleAdvance]);

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

  return { playing, settings, toggle, setSettings, framePainted, frameAfter };
}
