import { describe, expect, it } from "vitest";
import { dashboardTokenProblem, isLoopbackHostname } from "./access-rules.mjs";

describe("one loopback rule for npm start and the app", () => {
  it.each(["127.0.0.1", "127.0.0.2", "127.255.0.9", "localhost", "app.localhost", "::1", "[::1]", "LOCALHOST"])("%s is loopback", (host) => {
    expect(isLoopbackHostname(host)).toBe(true);
  });

  it.each(["0.0.0.0", "10.0.0.1", "128.0.0.1", "localhost.example", "::", "192.168.1.2", "1270.0.0.1"])("%s is not", (host) => {
    expect(isLoopbackHostname(host)).toBe(false);
  });
});

describe("dashboard token", () => {
  it("names the length and the minimum when too short", () => {
    expect(dashboardTokenProblem("abc")).toMatch(/3 characters long; use at least 16/);
  });

  it("accepts 16 characters or more", () => {
    expect(dashboardTokenProblem("0123456789abcdef")).toBeNull();
  });
});
