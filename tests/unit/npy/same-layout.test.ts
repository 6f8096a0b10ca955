/** Whether two versions of an array lay out their data alike, on headers numpy wrote. */
import { expect, test } from "vitest";
import { sameDataLayout } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

const { array } = numpyArrays(`
from numpy.lib import format as npy_format
def version_2(a):
    def write(path):
        with open(path, "wb") as f:
            npy_format.write_array(f, a, version=(2, 0))
    return write
base = np.arange(12, dtype="<f4").reshape(3, 4)
arrays = {
    "base": base,
    "new_values": base * 2,
    "transposed_shape": base.reshape(4, 3),
    "fortran": np.asfortranarray(base),
    "big_endian": base.astype(">f4"),
    "version_2": version_2(base),
}
`);

test.each(["new_values", "version_2"])("%s: the same dtype, order, data offset and shape lay out alike, whatever the values or header version", (name) => {
  expect(array(name).header.dataOffset).toBe(array("base").header.dataOffset);
  expect(sameDataLayout(array("base").header, array(name).header)).toBe(true);
});

test.each(["transposed_shape", "fortran", "big_endian"])("%s does not lay out like the original", (name) => {
  expect(sameDataLayout(array("base").header, array(name).header)).toBe(false);
});
