import { describe, expect, it } from "vitest";
import { formatTtl } from "./format";
import { expiryOf, remainingMs } from "./ttl";

describe("formatTtl reads the API's milliseconds", () => {
  it("says none for -1", () => expect(formatTtl(-1)).toBe("—"));
  it("shows 90 s as a minute and a half, not hours", () => expect(formatTtl(90_000)).toBe("1 min 30 s"));
  it("rounds a part second up, so a live key never shows 0 s", () => {
    expect(formatTtl(400)).toBe("1 s");
    expect(formatTtl(0)).toBe("0 s");
  });
  it("drops a zero second unit", () => expect(formatTtl(3_600_000)).toBe("1 h"));
  it("shows three days as days and hours", () => expect(formatTtl(3 * 86_400_000 + 5 * 3_600_000)).toBe("3 d 5 h"));
  it("keeps seconds under a minute", () => expect(formatTtl(45_000)).toBe("45 s"));
});

describe("a TTL counts down from its reading", () => {
  it("has no deadline without a TTL", () => expect(remainingMs(expiryOf(-1, 1000), 50_000)).toBe(-1));
  it("loses the time elapsed since it was read", () => expect(remainingMs(expiryOf(90_000, 1000), 11_000)).toBe(80_000));
  it("stops at zero", () => expect(remainingMs(expiryOf(5_000, 0), 9_000)).toBe(0));
});
