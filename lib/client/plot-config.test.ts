import { describe, expect, it } from "vitest";
import { privateConfig } from "./plot-config";

describe("privateConfig", () => {
  it("switches off every way to send a figure to a cloud, keeping the caller's settings", () => {
    const config = privateConfig({ scrollZoom: true, modeBarButtonsToRemove: ["lasso2d"] });
    expect(config).toMatchObject({ scrollZoom: true, showSendToCloud: false, showEditInChartStudio: false, displaylogo: false });
    expect(config.modeBarButtonsToRemove).toEqual(["lasso2d", "sendChartToCloud"]);
  });
  it("works without a config", () => expect(privateConfig().showSendToCloud).toBe(false));
});
