// Which frame playback shows next along the slider axis.

export interface PlaybackSettings {
  /** Frames per second, 1–60. */
  fps: number;
  /** Frames advanced per step. */
  stride: number;
  /** Start again at frame 0 after the last frame (otherwise stop there). */
  loop: boolean;
}

export const DEFAULT_PLAYBACK: PlaybackSettings = { fps: 24, stride: 1, loop: true };

/** The frame after `index` on an axis of `length` frames, or null when playback ends. */
export function nextFrame(index: number, length: number, settings: Pick<PlaybackSettings, "stride" | "loop">): number | null {
  const next = index + Math.max(1, Math.floor(settings.stride));
  if (next < length) return next;
  return settings.loop && length > 1 ? 0 : null;
}

/** The frame `delta` steps away from `index`, kept on the axis. */
export function steppedFrame(index: number, length: number, delta: number): number {
  return Math.min(length - 1, Math.max(0, index + delta));
}

/** Frames per second as typed, kept within 1–60. */
export function clampFps(fps: number): number {
  return Number.isFinite(fps) ? Math.min(60, Math.max(1, Math.round(fps))) : DEFAULT_PLAYBACK.fps;
}
