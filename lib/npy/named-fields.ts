import type { Dtype, Field } from "./dtype";

/** A structured dtype's fields that have names (numpy names no padding); none for any other dtype. */
export function namedFields(dtype: Dtype): Field[] {
  return dtype.kind === "structured" ? dtype.fields.filter((f) => f.name !== "") : [];
}
