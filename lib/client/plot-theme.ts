// Plot colours that follow the page's light or dark scheme.
export interface PlotTheme {
  text: string;
  grid: string;
  line: string;
  fill: string;
}

export function currentPlotTheme(): PlotTheme {
  const dark = typeof window !== "undefined" && window.matchMedia("(prefers-color-scheme: dark)").matches;
  return dark
    ? { text: "#cbd5e1", grid: "#334155", line: "#38bdf8", fill: "rgba(56,189,248,0.35)" }
    : { text: "#334155", grid: "#e2e8f0", line: "#0284c7", fill: "rgba(2,132,199,0.25)" };
}

export function baseLayout(theme: PlotTheme): Record<string, unknown> {
  const axis = { color: theme.text, gridcolor: theme.grid, zerolinecolor: theme.grid };
  return {
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: "ui-sans-serif, system-ui, DejaVu Sans, sans-serif", size: 12, color: theme.text },
    // The top margin holds the toolbar, so on touch screens (where it always shows) it never covers the plot.
    margin: { l: 56, r: 16, t: 36, b: 40 },
    xaxis: { ...axis },
    yaxis: { ...axis },
    dragmode: "pan",
  };
}
