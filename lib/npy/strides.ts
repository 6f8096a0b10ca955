// Strides in elements: how far apart, in a flat list of the array's elements,
// two neighbours along each axis are. The same arithmetic serves flat C-order
// element numbers (formatElement, getValue) and positions in a NumericView.

/**
 * The strides of a contiguous array of `shape` (C order, or Fortran order),
 * followed by those of a subarray field of `subshape` inside each element,
 * which numpy always lays out in C order.
 */
export function contiguousStrides(shape: readonly number[], fortran = false, subshape: readonly number[] = []): number[] {
  const subSize = subshape.reduce((a, b) => a * b, 1);
  const outer = new Array<number>(shape.length);
  let step = subSize;
  if (fortran) {
    for (let axis = 0; axis < shape.length; axis++) {
      outer[axis] = step;
      step *= shape[axis];
    }
  } else {
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      outer[axis] = step;
      step *= shape[axis];
    }
  }
  const inner = new Array<number>(subshape.length);
  step = 1;
  for (let axis = subshape.length - 1; axis >= 0; axis--) {
    inner[axis] = step;
    step *= subshape[axis];
  }
  return [...outer, ...inner];
}

/** Where the element at an N-D `index` lies: the sum of index times stride over the axes. */
export function elementOffset(strides: readonly number[], index: readonly number[]): number {
  let offset = 0;
  for (let i = 0; i < index.length; i++) offset += index[i] * strides[i];
  return offset;
}
