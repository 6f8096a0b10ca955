import { describe, expect, it } from "vitest";
import { ttlFields, ttlSeconds } from "./ttl-input";

describe("the TTL editor's input", () => {
  it("turns a number and unit into whole seconds", () => {
    expect(ttlSeconds("90", "s")).toBe(90);
    expect(ttlSeconds("1.5", "min")).toBe(90);
    expect(ttlSeconds(" 2 ", "d")).toBe(172800);
  });

  it("says what is wrong with an input it cannot use", () => {
    expect(ttlSeconds("", "s")).toBe("enter a number above 0");
    expect(ttlSeconds("-3", "h")).toBe("enter a number above 0");
    expect(ttlSeconds("abc", "h")).toBe("enter a number above 0");
    expect(ttlSeconds("0.2", "s")).toBe("the TTL must be at least 1 second");
  });

  it("starts from the current TTL in the largest unit that divides it", () => {
    expect(ttlFields(-1)).toEqual({ amount: "1", unit: "h" });
    expect(ttlFields(7_200_000)).toEqual({ amount: "2", unit: "h" });
    expect(ttlFields(90_000)).toEqual({ amount: "90", unit: "s" });
    expect(ttlFields(89_400)).toEqual({ amount: "89", unit: "s" });
  });
});
