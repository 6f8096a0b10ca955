// The follower: one check at a time, paced, writes in between collapsed, failures retried with back-off.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ArrayFollower, type CheckOutcome } from "./array-follower";
import { FIRST_RETRY_MS, MIN_CHECK_INTERVAL_MS } from "./live-array";

/** A follower whose checks answer when the test says so. */
function controlledFollower() {
  const checks: { answer: (outcome: CheckOutcome) => void; fail: (error: Error) => void }[] = [];
  const outcomes: CheckOutcome[] = [];
  const overtaken: boolean[] = [];
  const failures: [string, number][] = [];
  const follower = new ArrayFollower(
    {
      check: () => new Promise<CheckOutcome>((answer, fail) => checks.push({ answer, fail })),
      onOutcome: (outcome, late) => {
        outcomes.push(outcome);
        overtaken.push(late);
      },
      onFailure: (message, count) => failures.push([message, count]),
    },
    () => Date.now(),
  );
  return { follower, checks, outcomes, overtaken, failures };
}

describe("ArrayFollower", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("checks once when following starts, and not while paused", () => {
    const { follower, checks } = controlledFollower();
    follower.changed();
    expect(checks).toHaveLength(0);
    follower.setFollowing(true);
    expect(checks).toHaveLength(1);
  });

  it("runs one check at a time and collapses the writes made meanwhile into one more", async () => {
    const { follower, checks, outcomes } = controlledFollower();
    follower.setFollowing(true);
    for (let i = 0; i < 10; i++) follower.changed();
    expect(checks).toHaveLength(1);
    checks[0].answer("new");
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(["new"]);
    await vi.advanceTimersByTimeAsync(MIN_CHECK_INTERVAL_MS);
    expect(checks).toHaveLength(2);
    checks[1].answer("unchanged");
    await vi.advanceTimersByTimeAsync(10 * MIN_CHECK_INTERVAL_MS);
    expect(checks).toHaveLength(2);
  });

  it("says when a change arrived while the check ran (its outcome may be out of date)", async () => {
    const { follower, checks, overtaken } = controlledFollower();
    follower.setFollowing(true);
    follower.changed();
    checks[0].answer("new");
    await vi.advanceTimersByTimeAsync(MIN_CHECK_INTERVAL_MS);
    checks[1].answer("unchanged");
    await vi.advanceTimersByTimeAsync(0);
    expect(overtaken).toEqual([true, false]);
  });

  it("waits MIN_CHECK_INTERVAL_MS between the starts of two checks", async () => {
    const { follower, checks } = controlledFollower();
    follower.setFollowing(true);
    checks[0].answer("new");
    await vi.advanceTimersByTimeAsync(10);
    follower.changed();
    await vi.advanceTimersByTimeAsync(MIN_CHECK_INTERVAL_MS - 20);
    expect(checks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(checks).toHaveLength(2);
  });

  it("retries a failed check with a growing back-off and reports each failure", async () => {
    const { follower, checks, failures, outcomes } = controlledFollower();
    follower.setFollowing(true);
    checks[0].fail(new Error("network error"));
    await vi.advanceTimersByTimeAsync(FIRST_RETRY_MS - 1);
    expect(checks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(checks).toHaveLength(2);
    checks[1].fail(new Error("network error"));
    await vi.advanceTimersByTimeAsync(2 * FIRST_RETRY_MS - 1);
    expect(checks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    checks[2].answer("unchanged");
    await vi.advanceTimersByTimeAsync(0);
    expect(failures).toEqual([
      ["network error", 1],
      ["network error", 2],
    ]);
    expect(outcomes).toEqual(["unchanged"]);
  });

  it("pausing stops retries and paced checks; checkNow runs one anyway", async () => {
    const { follower, checks } = controlledFollower();
    follower.setFollowing(true);
    checks[0].fail(new Error("gone"));
    follower.setFollowing(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(checks).toHaveLength(1);
    follower.checkNow();
    expect(checks).toHaveLength(2);
  });

  it("reports nothing after stop", async () => {
    const { follower, checks, outcomes } = controlledFollower();
    follower.setFollowing(true);
    follower.stop();
    checks[0].answer("new");
    follower.changed();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcomes).toEqual([]);
    expect(checks).toHaveLength(1);
  });
});
