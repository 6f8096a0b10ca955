// Every plot's toolbar keeps the data on this machine: plotly.js offers a
// "Share chart…" button that uploads the figure (the array's values) to a
// third-party cloud, on by default. It is switched off here for all plots.
import type { Config } from "plotly.js-dist-min";

/** Toolbar buttons that would send the figure off the machine, by plotly's names. */
export const CLOUD_BUTTONS = ["sendChartToCloud"] as const;

export function privateConfig(config: Config = {}): Config {
  const removed = Array.isArray(config.modeBarButtonsToRemove) ? (config.modeBarButtonsToRemove as string[]) : [];
  return {
    ...config,
    showSendToCloud: false,
    showEditInChartStudio: false,
    displaylogo: false,
    modeBarButtonsToRemove: [...new Set([...removed, ...CLOUD_BUTTONS])],
  };
}
