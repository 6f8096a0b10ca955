import { describe, expect, it } from "vitest";
import { decodeKeySegment, encodeKeySegment } from "./key-segment";

describe("key segments", () => {
  const keys = ["", ".", "..", "...", "~", "~.", "~~", "a~b", "frame:latest", "a/b", "100%", "naïve 🌊", " .."];

  it.each(keys)("%j survives URL parsing and decodes to itself", (key) => {
    const segment = encodeKeySegment(key);
    const parsed = new URL(`http://h/api/arrays/${segment}`).pathname;
    expect(parsed).toBe(`/api/arrays/${segment}`);
    expect(decodeKeySegment(parsed.slice("/api/arrays/".length))).toBe(key);
  });

  it("leaves ordinary keys as encodeURIComponent writes them", () => {
    expect(encodeKeySegment("sim:run-7/frame 3")).toBe(encodeURIComponent("sim:run-7/frame 3"));
  });

  it("throws on a segment that is not UTF-8", () => {
    expect(() => decodeKeySegment("%FF")).toThrow(URIError);
  });
});
