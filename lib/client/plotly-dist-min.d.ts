// The slice of plotly.js's API the dashboard uses; the package ships no types.
declare module "plotly.js-dist-min" {
  export type PlotData = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  export interface PlotlyHTMLElement extends HTMLElement {
    on(event: "plotly_hover", handler: (event: { points: { pointNumber: number | number[]; x: number; y: number }[] }) => void): void;
    on(event: "plotly_unhover", handler: () => void): void;
    /** The axis attributes a zoom, pan or double-click changed (relayouting: while it is dragged), e.g. {"xaxis.range[0]": 10, "xaxis.range[1]": 20}. */
    on(event: "plotly_relayout" | "plotly_relayouting", handler: (event: Record<string, unknown>) => void): void;
    removeAllListeners?(event: string): void;
  }
  export function react(root: HTMLElement, data: PlotData[], layout?: Layout, config?: Config): Promise<PlotlyHTMLElement>;
  export function purge(root: HTMLElement): void;
  export const Plots: { resize(root: HTMLElement): void };
  const Plotly: {
    react: typeof react;
    purge: typeof purge;
    Plots: typeof Plots;
  };
  export default Plotly;
}
