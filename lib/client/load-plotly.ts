// plotly.js is large: it is fetched once, on the client only, the first time
// a plot is needed (or earlier, while the array downloads). Every figure drawn
// through it gets the private toolbar (plot-config.ts), whoever built its config.
import { privateConfig } from "./plot-config";

type PlotlyModule = typeof import("plotly.js-dist-min").default;

let loading: Promise<PlotlyModule> | null = null;

export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= import("plotly.js-dist-min").then((m) => withPrivateToolbar(m.default ?? m));
  return loading;
}

/** plotly.js with `react` always applying privateConfig; everything else is plotly's own. */
function withPrivateToolbar(Plotly: PlotlyModule): PlotlyModule {
  const wrapped = Object.create(Plotly) as PlotlyModule;
  wrapped.react = (root, data, layout, config) => Plotly.react(root, data, layout, privateConfig(config));
  return wrapped;
}

/** The last drawing queued for each plot's div. */
const drawings = new WeakMap<HTMLElement, Promise<unknown>>();

/**
 * Runs `draw` once plotly is loaded and every earlier drawing into `el` has
 * finished. plotly.js draws asynchronously, and a react or purge that starts
 * while another is still drawing into the same div leaves that one reading a
 * layout already replaced (it throws, e.g. on `_rangeSliderData`); a live
 * array redraws a few times a second, so this happens.
 */
export function drawInto<T>(el: HTMLElement, draw: (Plotly: PlotlyModule) => Promise<T> | T): Promise<T> {
  const previous = drawings.get(el) ?? Promise.resolve();
  const next = previous.then(loadPlotly).then(draw);
  drawings.set(
    el,
    next.catch(() => undefined),
  );
  return next;
}
