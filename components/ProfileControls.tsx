"use client";
// Which lines of a plane the line view draws: rows or columns, and which one
// (or all of them overlaid, when there are few).
import { useEffect, useState } from "react";
import { MAX_OVERLAID, type Profile } from "@/lib/client/lineProfile";
import type { ProfileDirection } from "@/lib/client/viewState";
import { Checkbox } from "./Checkbox";
import { inputClass, secondaryTextClass } from "./styles";

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
  const [text, setText] = useState(String(at));
  useEffect(() => setText(String(at)), [at]);
  const commitText = () => {
    const v = Number(text);
    if (Number.isInteger(v) && v >= 0 && v < count) onAt(v);
    else setText(String(at));
  };
  return (
    <div className="flex flex-col gap-2 text-sm" role="group" aria-label="Lines">
      <div className="flex flex-wrap items-center gap-3">
        <span className={secondaryTextClass}>Lines</span>
        <div role="radiogroup" aria-label="Lines along" className="flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
          {(["row", "column"] as const).map((direction) => (
            <button
              key={direction}
              type="button"
              role="radio"
              aria-checked={profile.direction === direction}
              className={`rounded px-3 py-1 ${profile.direction === direction ? "bg-sky-700 text-white dark:bg-sky-500 dark:text-slate-950" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
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
      {!profile.all && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <label htmlFor="profile-slider" className={`w-16 shrink-0 ${secondaryTextClass}`}>
            {noun}
          </label>
          <input
            id="profile-slider"
            type="range"
            min={0}
            max={count - 1}
            value={at}
            className="min-w-0 flex-1 basis-48 accent-sky-600"
            onChange={(e) => onAt(Number(e.target.value))}
          />
          <input
            type="number"
            min={0}
            max={count - 1}
            value={text}
            aria-label={`${noun} index`}
            className={`${inputClass} w-24 tabular-nums`}
            onChange={(e) => setText(e.target.value)}
            onBlur={commitText}
            onKeyDown={(e) => e.key === "Enter" && commitText()}
          />
          <span className={`w-16 shrink-0 text-xs ${secondaryTextClass}`}>of {count}</span>
        </div>
      )}
    </div>
  );
}
