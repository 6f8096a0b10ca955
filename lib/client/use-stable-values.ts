"use client";
// The same array object for as long as its elements stay the same, so a list that
// a parent builds anew on each render can be an effect's or a memo's dependency.
import { useState } from "react";

export function useStableValues<A extends readonly unknown[]>(values: A): A {
  const [stable, setStable] = useState(values);
  if (stable.length === values.length && stable.every((v, i) => Object.is(v, values[i]))) return stable;
  setStable(values);
  return values;
}
