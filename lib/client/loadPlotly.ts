// plotly.js is large: it is fetched once, on the client only, the first time
// a plot is needed (or earlier, while the array downloads).
type PlotlyModule = typeof import("plotly.js-dist-min").default;

let loading: Promise<PlotlyModule> | null = null;

export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= import("plotly.js-dist-min").then((m) => (m.default ?? m) as PlotlyModule);
  return loading;
}
