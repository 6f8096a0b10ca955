// Keeps the array on screen up to date without flooding: a write only marks it
// as possibly changed; one check (a conditional GET) runs at a time, at most
// every MIN_CHECK_INTERVAL_MS, so writes in between collapse into one; a
// failed check is retried with a growing back-off until one succeeds.
import { nextCheckDelay, type CheckTiming } from "./live-array";

/** What a check found: another version (now shown), the same one, or no array any more. */
export type CheckOutcome = "new" | "unchanged" | "missing";

export interface FollowerHooks {
  check: () => Promise<CheckOutcome>;
  /**
   * `overtaken`: something changed while the check ran, so another one follows;
   * its outcome may already be out of date (a delete that came after the read).
   */
  onOutcome: (outcome: CheckOutcome, overtaken: boolean) => void;
  /** `failures`: checks that failed in a row; another follows on its own while following. */
  onFailure: (message: string, failures: number) => void;
}

export class ArrayFollower {
  private following = false;
  /** Something may have changed since the last check started. */
  private dirty = false;
  /** The user asked for a check: run it now, following or not. */
  private forced = false;
  private inFlight = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly timing: CheckTiming = { lastStartedAt: null, lastEndedAt: null, failures: 0 };

  constructor(
    private readonly hooks: FollowerHooks,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A write or a resync: the array may differ from the version shown. */
  changed(): void {
    this.dirty = true;
    this.pump();
  }

  /** Following starts with a check, since writes may have been missed while it was off. */
  setFollowing(on: boolean): void {
    if (on === this.following) return;
    this.following = on;
    if (on) return this.changed();
    this.clearTimer();
  }

  /** Check at once (Retry, or loading the newer version while paused). */
  checkNow(): void {
    this.forced = true;
    this.timing.failures = 0;
    this.clearTimer();
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.stopped || this.inFlight || !this.dirty || !(this.following || this.forced)) return;
    const delay = this.forced ? 0 : nextCheckDelay(this.timing, this.now());
    if (delay > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, delay);
      return;
    }
    this.clearTimer();
    this.dirty = false;
    this.forced = false;
    this.inFlight = true;
    this.timing.lastStartedAt = this.now();
    this.hooks
      .check()
      .then(
        (outcome) => {
          this.settle();
          this.timing.failures = 0;
          if (!this.stopped) this.hooks.onOutcome(outcome, this.dirty);
        },
        (e: unknown) => {
          this.settle();
          this.timing.failures++;
          this.dirty = true;
          if (!this.stopped) this.hooks.onFailure(e instanceof Error ? e.message : String(e), this.timing.failures);
        },
      )
      .finally(() => this.pump());
  }

  private settle(): void {
    this.inFlight = false;
    this.timing.lastEndedAt = this.now();
  }
}
