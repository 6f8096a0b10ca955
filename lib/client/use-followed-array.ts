"use client";
// Follows the array on the page: writes reported by the event stream bring the
// new version in (through ArrayFollower's paced, conditional checks) while the
// view state stays as the user set it; deletions, expiries and renames are
// reported but the last version stays on screen. A paused page only notes that
// a newer version exists.
import { useCallback, useEffect, useRef, useState } from "react";
import { ArrayFollower } from "./array-follower";
import { changeFor, type Removal } from "./live-array";
import { useArrayEvents } from "./use-array-events";
import type { LoadedArray, LoadPhase } from "./use-loaded-array";

export interface RefreshFailure {
  message: string;
  /** Checks that failed in a row. */
  failures: number;
}

export interface FollowedArray {
  following: boolean;
  setFollowing: (on: boolean) => void;
  /** Paused, and the key was written since the version on screen was loaded. */
  newerAvailable: boolean;
  /** Set when the version on screen is no longer in Redis. */
  removal: Removal | null;
  /** The last check failed; the view still shows the last good version. */
  failure: RefreshFailure | null;
  /** When the version on screen arrived by refresh (null: the first load). */
  updatedAt: Date | null;
  /** Check for a newer version now (Retry, or "load it" while paused). */
  checkNow: () => void;
  /** The event stream is connected. */
  connected: boolean;
}

/** A version is on screen: its bytes (ready) or, for pickled arrays, its metadata. */
const SHOWS_A_VERSION = new Set<LoadPhase>(["ready", "object"]);

export function useFollowedArray(key: string, loaded: LoadedArray): FollowedArray {
  const [following, setFollowing] = useState(true);
  const [newerAvailable, setNewerAvailable] = useState(false);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [failure, setFailure] = useState<RefreshFailure | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const latest = useRef({ loaded, following });
  useEffect(() => {
    latest.current = { loaded, following };
  });

  // Made in an effect, so that a remount (React's StrictMode does one) gets a follower that is not stopped.
  const [follower, setFollower] = useState<ArrayFollower | null>(null);
  useEffect(() => {
    const made = new ArrayFollower({
      check: () => latest.current.loaded.refresh(),
      onOutcome: (outcome, overtaken) => {
        setFailure(null);
        setNewerAvailable(false);
        if (outcome === "new") setUpdatedAt(new Date());
        if (outcome === "missing") setRemoval((r) => r ?? { how: "deleted" });
        // A check that read the array before a delete must not hide the delete's notice: the next check decides.
        else if (!overtaken) setRemoval(null);
      },
      onFailure: (message, failures) => setFailure({ message, failures }),
    });
    setFollower(made);
    return () => made.stop();
  }, []);
  // Only a loaded array can be refreshed; following (re)starts with a check, which
  // also catches writes made while the first download was still running.
  useEffect(() => follower?.setFollowing(following && loaded.phase === "ready"), [follower, following, loaded.phase]);

  const connected = useArrayEvents(
    (event) => {
      const change = changeFor(event, key);
      const { loaded, following } = latest.current;
      if (!change) return;
      if (change.kind === "removed") {
        if (SHOWS_A_VERSION.has(loaded.phase)) setRemoval(change.removal);
        // A check running now may have read the array before it went; the follower then checks again.
        follower?.changed();
        return;
      }
      // Nothing refreshable on screen (no array yet, a failed load, or a pickle's metadata): load afresh.
      if (loaded.phase === "missing" || loaded.phase === "error" || loaded.phase === "object") {
        if (following) loaded.reload();
      } else if (following) follower?.changed();
      else if (loaded.phase === "ready") {
        setRemoval(null);
        setNewerAvailable(true);
      }
    },
    () => follower?.changed(),
  );

  const checkNow = useCallback(() => follower?.checkNow(), [follower]);
  return { following, setFollowing, newerAvailable, removal, failure, updatedAt, checkNow, connected };
}
