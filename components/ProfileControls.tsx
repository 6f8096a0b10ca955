"use client";
// Which lines of a plane the line view draws: rows or columns, and which one
// (or all of them overlaid, when there are few).
import { MAX_OVERLAID, type Profile } from "@/lib/client/line-profile";
import type { ProfileDirection } from "@/lib/client/view-state";
import { Checkbox } from "./Checkbox";
import { IndexSlider } from "./IndexSlider";
import { secondaryTextClass, segmentClass, segmentedGroupClass } from "./styles";

interface Props {
  profile: Profile;
  /** How many rows (columns) the plane has: the length of the axis they are picked on. */
  count: number;
  onDirection: (direction: ProfileDirection) => void;
  onAt: (at: number | "all") => void;
}

export function ProfileControls({ profile, count, onDirection, onAt }: Props) {
  const noun = profile.direction === "row" ? "Row" : "Column";
  const at = profile.rows[0] ?? 0;
  return (
    <div className="flex flex-col gap-2 text-sm" role="group" aria-label="Lines">
      <div className="flex flex-wrap items-center gap-3">
        <span className={secondaryTextClass}>Lines</span>
        <div role="radiogroup" aria-label="Lines along" className={segmentedGroupClass}>
          {(["row", "column"] as const).map((direction) => (
            <button
              key={direction}
              type="button"
              role="radio"
              aria-checked={profile.direction === direction}
              className={segmentClass(profile.direction === direction)}
              onClick={() => onDirection(direction)}
            >
              {direction === "row" ? "Rows" : "Columns"}
            </button>
          ))}
        </div>
        <span className={`font-mono ${secondaryTextClass}`} data-testid="profile-name">
          {profile.all ? `${profile.names[0]} … ${profile.names[profile.names.length - 1]}` : profile.names[0]}
        </span>
        {count <= MAX_OVERLAID && (
          <Checkbox checked={profile.all} onChange={(all) => onAt(all ? "all" : at)}>
            all {count} overlaid
          </Checkbox>
        )}
      </div>
      {!profile.all && <IndexSlider id="profile-slider" label={noun} fieldLabel={`${noun} index`} length={count} value={at} onCommit={onAt} />}
    </div>
  );
}
