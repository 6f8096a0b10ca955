// A min/max envelope as one closed polygon (along the maxima, back along the
// minima), which Plotly fills reliably; filling between two WebGL lines
// ("tonexty" on scattergl) left the band empty, so a dense sine looked like two
// flat lines. Bins with no finite value are left out.

export function envelopeBand(x: ArrayLike<number>, min: ArrayLike<number>, max: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  const kept: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(min[i]) && Number.isFinite(max[i])) kept.push(i);
  const n = kept.length;
  const bandX = new Float64Array(2 * n);
  const bandY = new Float64Array(2 * n);
  kept.forEach((i, k) => {
    bandX[k] = x[i];
    bandY[k] = max[i];
    bandX[2 * n - 1 - k] = x[i];
    bandY[2 * n - 1 - k] = min[i];
  });
  return { x: bandX, y: bandY };
}
