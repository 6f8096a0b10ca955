"use client";
// The line view: a 1-D array as one line; a plane of a 2-D or N-D array as
// its rows or columns (one, or all of a short axis overlaid).
import type { ArrayWorker } from "@/lib/client/array-worker";
import { profileOf } from "@/lib/client/line-profile";
import type { ViewState } from "@/lib/client/view-state";
import type { NumericSource } from "@/lib/client/worker-protocol";
import { ArrayLinePlot } from "./ArrayLinePlot";
import { ProfileControls } from "./ProfileControls";
import { SliceControls } from "./SliceControls";

interface Props {
  worker: ArrayWorker;
  shape: number[];
  source: NumericSource;
  state: ViewState;
  onChange: (patch: Partial<ViewState>) => void;
  /** The plane shown (as the heatmap would show it), for arrays of two or more axes. */
  xAxis: number;
  yAxis: number;
  indices: number[];
  onIndex: (axis: number, index: number) => void;
}

export function LineView({ worker, shape, source, state, onChange, xAxis, yAxis, indices, onIndex }: Props) {
  if (shape.length === 1) {
    return <ArrayLinePlot worker={worker} source={source} length={shape[0]} axis={0} acrossAxis={null} rows={[0]} names={["value"]} indices={indices} />;
  }
  const profile = profileOf(shape, xAxis, yAxis, indices, state.profile, state.profileAt);
  return (
    <>
      {shape.length > 2 && (
        <SliceControls
          shape={shape}
          xAxis={xAxis}
          yAxis={yAxis}
          indices={state.indices}
          onAxes={(x, y) => onChange({ xAxis: x, yAxis: y })}
          onIndex={onIndex}
        />
      )}
      <ProfileControls
        profile={profile}
        count={shape[profile.acrossAxis]}
        onDirection={(direction) => onChange({ profile: direction, profileAt: null })}
        onAt={(at) => onChange({ profile: profile.direction, profileAt: at })}
      />
      <ArrayLinePlot
        worker={worker}
        source={source}
        length={shape[profile.axis]}
        axis={profile.axis}
        acrossAxis={profile.acrossAxis}
        rows={profile.rows}
        names={profile.names}
        indices={indices}
      />
    </>
  );
}
