import { describe, expect, it } from "vitest";
import { filterToGlob, globMatches, prefixGlob } from "./glob-match";

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

describe("what the filter box searches for", () => {
  it.each([
    ["frame", "*frame*"],
    ["  frame ", "*frame*"],
    ["frame:*", "frame:*"],
    ["f?o", "f?o"],
    ["[ab]c", "[ab]c"],
    ["a\\b", "a\\b"],
    ["", ""],
  ])("%s searches %s", (typed, glob) => {
    expect(filterToGlob(typed)).toBe(glob);
  });

  it("finds a key by a plain substring", () => {
    expect(globMatches(filterToGlob("frame"), "myframe:7")).toBe(true);
    expect(globMatches(filterToGlob("frame"), "myfram:7")).toBe(false);
  });
});

describe("prefixGlob", () => {
  it.each(["sim:run-7:", "odd*[key]?\\:", ""])("matches exactly the keys under %j", (prefix) => {
    const glob = prefixGlob(prefix);
    expect(globMatches(glob, `${prefix}frame`)).toBe(true);
    expect(globMatches(glob, prefix)).toBe(true);
    expect(globMatches(glob, `x${prefix}y`)).toBe(prefix === "");
  });
});
