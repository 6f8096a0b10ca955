/** The duplicate check of structured field names and titles, and NameSet itself. */
import { describe, expect, test } from "vitest";
import { NpyError, parseHeaderText } from "@/lib/npy";
import { NameSet } from "@/lib/npy/name-set";

const header = (descr: string) => `{'descr': ${descr}, 'fortran_order': False, 'shape': (1,), }`;
const fields = (names: string[]) => `[${names.map((n) => `(${n}, '<f4')`).join(", ")}]`;

describe("field names", () => {
  test("a repeated name is refused, however it is spelled", () => {
    expect(() => parseHeaderText(header(fields(["'a'", "'b'", `"\\x61"`])))).toThrow(/duplicate field name 'a'/);
  });

  test("a duplicate among thousands of names is found, and distinct names pass", () => {
    const names = Array.from({ length: 10000 }, (_, i) => `'f${i}'`);
    expect(parseHeaderText(header(fields(names))).dtype).toMatchObject({ itemsize: 40000 });
    expect(() => parseHeaderText(header(fields([...names, "'f9999'"])))).toThrow(NpyError);
  });

  test("a title may not repeat a name or another title", () => {
    expect(() => parseHeaderText(header("[('x', '<f4'), (('x', 'y'), '<f4')]"))).toThrow(/field title 'x' clashes/);
    expect(() => parseHeaderText(header("[(('t', 'a'), '<f4'), (('t', 'b'), '<f4')]"))).toThrow(/field title 't' clashes/);
  });

  test("the type-string memo never answers for a string it has not seen", () => {
    expect(() => parseHeaderText(header("[('a', '<f8'), ('b', '<f4'), ('c', '')]"))).toThrow(/unknown dtype ''/);
  });
});

describe("NameSet", () => {
  test("add says whether the name was new, past many growths", () => {
    const set = new NameSet(0);
    for (let i = 0; i < 5000; i++) expect(set.add(`n${i}`)).toBe(true);
    for (let i = 0; i < 5000; i += 7) expect(set.add(`n${i}`)).toBe(false);
    expect(set.add("")).toBe(true);
    expect(set.add("")).toBe(false);
  });
});
