// Play/pause through the frames of a stack, with speed, stride, loop, which
// axis to play along, and whether the colours stay the same across frames.
import type { PlaybackSettings } from "@/lib/client/playback";
import { Checkbox } from "./Checkbox";
import { LabelledSelect } from "./LabelledSelect";
import { buttonClass, inputClass, secondaryTextClass } from "./styles";

interface Props {
  playing: boolean;
  settings: PlaybackSettings;
  onToggle: () => void;
  onSettings: (patch: Partial<PlaybackSettings>) => void;
  /** Axes that can be played (the sliced ones) and the one chosen. */
  axes: number[];
  axis: number;
  onAxis: (axis: number) => void;
  /** The colour domain stays that of the frame shown when it was turned on. */
  holdColours: boolean;
  onHoldColours: (hold: boolean) => void;
}

export function PlaybackControls({ playing, settings, onToggle, onSettings, axes, axis, onAxis, holdColours, onHoldColours }: Props) {
  return (
    <div role="group" aria-label="Playback" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <button
        type="button"
        className={`${buttonClass} w-24`}
        aria-label="Play"
        aria-pressed={playing}
        aria-keyshortcuts="Space"
        onClick={onToggle}
        data-testid="play"
      >
        {playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      {axes.length > 1 && <LabelledSelect label="along" value={axis} options={axes} optionLabel={(a) => `axis ${a}`} onChange={onAxis} />}
      <label className="flex items-center gap-2">
        <span className={secondaryTextClass}>frames/s</span>
        <input
          type="number"
          min={1}
          max={60}
          className={`${inputClass} w-16 tabular-nums`}
          value={settings.fps}
          onChange={(e) => onSettings({ fps: Number(e.target.value) })}
        />
      </label>
      <label className="flex items-center gap-2">
        <span className={secondaryTextClass}>stride</span>
        <input
          type="number"
          min={1}
          className={`${inputClass} w-16 tabular-nums`}
          value={settings.stride}
          onChange={(e) => onSettings({ stride: Math.max(1, Math.floor(Number(e.target.value)) || 1) })}
        />
      </label>
      <Checkbox checked={settings.loop} onChange={(loop) => onSettings({ loop })}>
        loop
      </Checkbox>
      <Checkbox checked={holdColours} onChange={onHoldColours}>
        same colours for every frame
      </Checkbox>
      <span className={`text-xs ${secondaryTextClass}`}>←/→ step · Shift+←/→ by 10 · Space plays</span>
    </div>
  );
}
