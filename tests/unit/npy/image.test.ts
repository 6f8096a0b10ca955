/** Which arrays are pictures, and their RGBA bytes, against numpy. */
import { describe, expect, test } from "vitest";
import { imageRgba, isUint8Image, looksLikeImage, numericView } from "@/lib/npy";
import { numpyArrays } from "./numpy-arrays";

interface Expected {
  names: string[];
  /** matplotlib's imshow convention, decided from numpy's nanmin and nanmax. */
  image: Record<string, boolean>;
  /** The picture at `indices` as RGBA bytes: floats × 255, NaN as 0, clipped and rounded half to even, alpha 255 when absent. */
  rgba: Record<string, { indices: number[]; width: number; height: number; bytes: number[] }>;
}

const { array, expected } = numpyArrays<Expected>(`
rng = np.random.default_rng(11)
unit = rng.random((5, 6, 3))
unit[1, 2, 0] = np.nan
arrays = {
    "u1_rgb": rng.integers(0, 256, (4, 5, 3), dtype=np.uint8),
    "u1_rgba_stack": rng.integers(0, 256, (2, 3, 4, 5, 4), dtype=np.uint8),
    "u1_rgba_fortran": np.asfortranarray(rng.integers(0, 256, (4, 5, 4), dtype=np.uint8)),
    "u1_two_channels": rng.integers(0, 256, (4, 5, 2), dtype=np.uint8),
    "u1_plane": rng.integers(0, 256, (4, 3), dtype=np.uint8),
    "i2_rgb": rng.integers(0, 256, (4, 5, 3), dtype=np.int16),
    "f4_unit": unit.astype(np.float32),
    "f8_unit_stack": rng.random((3, 4, 5, 4)),
    "f8_above_one": rng.random((4, 5, 3)) * 1.5,
    "f8_negative": rng.random((4, 5, 3)) - 0.01,
    "f8_infinity": np.where(np.arange(60).reshape(4, 5, 3) == 7, np.inf, 0.5),
    "f8_all_nan": np.full((2, 2, 3), np.nan),
}
def is_image(a):
    if a.ndim < 3 or a.shape[-1] not in (3, 4):
        return False
    if a.dtype == np.uint8:
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return a.dtype.kind == "f" and bool(np.isfinite(a).any()) and bool(np.nanmin(a) >= 0) and bool(np.nanmax(a) <= 1)
def rgba(a, indices):
    picture = a[tuple(indices[: a.ndim - 3])].astype(np.float64) * (255 if a.dtype.kind == "f" else 1)
    picture = np.clip(np.round(np.nan_to_num(picture, nan=0.0)), 0, 255).astype(np.uint8)
    if picture.shape[-1] == 3:
        picture = np.concatenate([picture, np.full(picture.shape[:-1] + (1,), 255, np.uint8)], axis=-1)
    return dict(indices=indices, width=picture.shape[1], height=picture.shape[0], bytes=picture.ravel().tolist())
pictures = {"u1_rgb": [], "u1_rgba_stack": [1, 2], "u1_rgba_fortran": [], "f4_unit": [], "f8_unit_stack": [2], "f8_above_one": []}
expected = dict(
    names=list(arrays),
    image={name: is_image(a) for name, a in arrays.items()},
    rgba={name: rgba(arrays[name], indices) for name, indices in pictures.items()},
)
`);

describe("looksLikeImage", () => {
  test.each(expected.names)("%s", (name) => {
    expect(looksLikeImage(array(name))).toBe(expected.image[name]);
  });

  test("from the header alone, only uint8 pictures are known", () => {
    for (const name of expected.names) expect(isUint8Image(array(name).header)).toBe(expected.image[name] && name.startsWith("u1"));
  });
});

describe("imageRgba", () => {
  test.each(Object.keys(expected.rgba))("%s", (name) => {
    const a = array(name);
    const { indices, width, height, bytes } = expected.rgba[name];
    const picture = imageRgba(numericView(a)!, a.header.dtype, indices);
    expect([picture.width, picture.height]).toEqual([width, height]);
    expect(Array.from(picture.rgba)).toEqual(bytes);
  });
});
