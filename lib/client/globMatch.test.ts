import { describe, expect, it } from "vitest";
import { globMatches } from "./globMatch";

describe("Redis glob matching", () => {
  it.each([
    ["frame:*", "frame:1", true],
    ["frame:*", "frames:1", false],
    ["f?o", "foo", true],
    ["f[ae]o", "feo", true],
    ["f[^ae]o", "feo", false],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["run.1", "runx1", false],
    ["*", "anything/with spaces", true],
  ])("%s against %s", (pattern, key, want) => {
    expect(globMatches(pattern, key)).toBe(want);
  });
});
