// The live array page's rules: events, pacing and back-off, metadata of a refreshed version.
import { describe, expect, it } from "vitest";
import type { ArrayInfo } from "@/lib/api-types";
import { changeFor, FIRST_RETRY_MS, infoOfVersion, MAX_RETRY_MS, MIN_CHECK_INTERVAL_MS, nextCheckDelay, removalText } from "./live-array";
import type { ArrayDescription } from "./worker-protocol";

describe("changeFor", () => {
  it("reads writes, removals and renames of the key on screen", () => {
    expect(changeFor({ type: "set", key: "a" }, "a")).toEqual({ kind: "written" });
    expect(changeFor({ type: "renamed", key: "a", from: "b" }, "a")).toEqual({ kind: "written" });
    expect(changeFor({ type: "del", key: "a" }, "a")).toEqual({ kind: "removed", removal: { how: "deleted" } });
    expect(changeFor({ type: "expired", key: "a" }, "a")).toEqual({ kind: "removed", removal: { how: "expired" } });
    expect(changeFor({ type: "renamed", key: "b", from: "a" }, "a")).toEqual({ kind: "removed", removal: { how: "renamed", to: "b" } });
  });

  it("ignores other keys", () => {
    expect(changeFor({ type: "set", key: "ab" }, "a")).toBeNull();
    expect(changeFor({ type: "renamed", key: "c", from: "b" }, "a")).toBeNull();
  });
});

describe("nextCheckDelay", () => {
  it("checks at once the first time, then at most every MIN_CHECK_INTERVAL_MS from the last start", () => {
    expect(nextCheckDelay({ lastStartedAt: null, lastEndedAt: null, failures: 0 }, 1000)).toBe(0);
    expect(nextCheckDelay({ lastStartedAt: 1000, lastEndedAt: 1050, failures: 0 }, 1100)).toBe(MIN_CHECK_INTERVAL_MS - 100);
    expect(nextCheckDelay({ lastStartedAt: 1000, lastEndedAt: 1900, failures: 0 }, 2000)).toBe(0);
  });

  it("backs off from the end of the failed check, doubling up to MAX_RETRY_MS", () => {
    const after = (failures: number) => nextCheckDelay({ lastStartedAt: 0, lastEndedAt: 500, failures }, 500);
    expect(after(1)).toBe(FIRST_RETRY_MS);
    expect(after(2)).toBe(2 * FIRST_RETRY_MS);
    expect(after(3)).toBe(4 * FIRST_RETRY_MS);
    expect(after(30)).toBe(MAX_RETRY_MS);
  });
});

describe("infoOfVersion", () => {
  it("describes the bytes the worker parsed and keeps what only NP.INFO knows", () => {
    const previous: ArrayInfo = {
      key: "k",
      version: "1.0",
      header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
      descr: "'<f8'",
      shape: [2],
      fortranOrder: false,
      dataOffset: 128,
      bytes: 144,
      itemsize: 8,
      size: 2,
      etag: '"1"',
      ttl: 5000,
    };
    const summary = {
      etag: '"2"',
      headerText: "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }",
      descr: "'<f4'",
      shape: [3, 4],
      itemsize: 4,
      fortranOrder: false,
      version: "1.0",
      dataOffset: 128,
      size: 12,
      totalBytes: 176,
    } as ArrayDescription;
    expect(infoOfVersion(previous, summary)).toEqual({
      key: "k",
      version: "1.0",
      header: summary.headerText,
      descr: "'<f4'",
      shape: [3, 4],
      fortranOrder: false,
      dataOffset: 128,
      bytes: 176,
      itemsize: 4,
      size: 12,
      etag: '"2"',
      ttl: 5000,
    });
  });
});

describe("removalText", () => {
  it("says what happened to the key", () => {
    expect(removalText("k", { how: "deleted" })).toBe("k was deleted from Redis.");
    expect(removalText("k", { how: "expired" })).toMatch(/expired/);
    expect(removalText("k", { how: "renamed", to: "k2" })).toBe("k was renamed to k2.");
  });
});
