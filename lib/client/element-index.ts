// "Go to element": numpy's index tuple as typed, e.g. (199, 255, 255), or a
// flat index in C order (what np.ravel_multi_index gives), checked against the shape.

/** One index per axis, or a sentence saying what is wrong with the input. */
export function parseElementIndex(text: string, shape: readonly number[]): number[] | string {
  const parts = text
    .trim()
    .replace(/^[([]\s*/, "")
    .replace(/\s*[)\]]$/, "")
    .split(/\s*[,\s]\s*/)
    .filter((p) => p !== "");
  if (parts.length === 0) return "type an index such as " + example(shape);
  if (!parts.every((p) => /^-?\d+$/.test(p))) return `"${text.trim()}" is not an index; type whole numbers, e.g. ${example(shape)}`;
  const numbers = parts.map(Number);
  if (numbers.length === 1 && shape.length !== 1) return unravel(numbers[0], shape);
  if (numbers.length !== shape.length) return `the array has ${shape.length} axes, so give ${shape.length} indices (or one flat index), e.g. ${example(shape)}`;
  const index = numbers.map((n, axis) => (n < 0 ? n + shape[axis] : n));
  const bad = index.findIndex((n, axis) => n < 0 || n >= shape[axis]);
  if (bad >= 0) return `index ${numbers[bad]} is out of range for axis ${bad} of length ${shape[bad]}`;
  return index;
}

/** The N-D index of a flat C-order index. */
export function unravel(flat: number, shape: readonly number[]): number[] | string {
  const size = shape.reduce((a, b) => a * b, 1);
  const position = flat < 0 ? flat + size : flat;
  if (!Number.isSafeInteger(position) || position < 0 || position >= size)
    return `flat index ${flat} is out of range for ${size.toLocaleString("en-US")} elements`;
  const index = new Array<number>(shape.length);
  let rest = position;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = rest % shape[axis];
    rest = Math.floor(rest / shape[axis]);
  }
  return index;
}

function example(shape: readonly number[]): string {
  return `(${shape.map((n) => n - 1).join(", ")})`;
}
