/** numpy's spelling of the plane shown, e.g. [12, :, :]: the index on every sliced axis, ":" on the two shown. */
export function planeName(indices: readonly number[], xAxis: number, yAxis: number): string {
  return `[${indices.map((index, axis) => (axis === xAxis || axis === yAxis ? ":" : String(index))).join(", ")}]`;
}
