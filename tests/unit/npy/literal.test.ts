import { describe, expect, test } from "vitest";
import { parseLiteral, pythonRepr, type PyLiteral } from "@/lib/npy/literal";
import { python } from "./corpus";
import { Random } from "./random";

/** A literal as plain data, the same shape Python's side below produces. */
type Plain =
  | ["str", string]
  | ["bytes", number[]]
  | ["int", string]
  | ["float", number]
  | ["bool", boolean]
  | ["none", null]
  | ["tuple" | "list", Plain[]]
  | ["dict", Array<[Plain, Plain]>];

function plain(value: PyLiteral): Plain {
  switch (value.type) {
    case "str":
      return ["str", value.value];
    case "bytes":
      return ["bytes", Array.from(value.value)];
    case "int":
      return ["int", value.value.toString()];
    case "float":
      return ["float", value.value];
    case "bool":
      return ["bool", value.value];
    case "none":
      return ["none", null];
    case "tuple":
    case "list":
      return [value.type, value.items.map(plain)];
    case "dict":
      return ["dict", value.entries.map(([k, v]) => [plain(k), plain(v)] as [Plain, Plain])];
  }
}

const ALPHABET = ["a", "Z", "0", " ", "'", '"', "\\", "\n", "\t", "\r", "\x00", "\x07", "\x7f", "é", "ÿ", "Ā", "日", "😀", "𝄞", "\u2028"];

function spellChar(r: Random, ch: string, quote: string): string {
  const code = ch.codePointAt(0)!;
  if (ch === quote || ch === "\\") return `\\${ch}`;
  if (ch === "\n") return r.pick(["\\n", "\\x0a", "\\012", "\\u000a"]);
  if (ch === "\t") return r.pick(["\\t", "\\x09", "\\011"]);
  if (ch === "\r") return "\\r";
  if (code < 0x20 || code === 0x7f) return r.pick([`\\x${code.toString(16).padStart(2, "0")}`, `\\${code.toString(8).padStart(3, "0")}`]);
  if (code > 0x7f && r.chance(0.3)) return code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  if (code < 0x80 && r.chance(0.05)) return `\\x${code.toString(16).padStart(2, "0")}`;
  return ch;
}

function space(r: Random): string {
  return r.pick(["", "", " ", "  ", "\n", " \n\t"]);
}

/** A random literal value and one of the many ways Python could spell it. */
function generate(r: Random, depth: number): { text: string; value: Plain } {
  const kind = r.int(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
    case 1: {
      const chars = Array.from({ length: r.int(8) }, () => r.pick(ALPHABET));
      const quote = r.pick(["'", '"']);
      const text = quote + chars.map((c) => spellChar(r, c, quote)).join("") + quote;
      return { text, value: ["str", chars.join("")] };
    }
    case 2: {
      const magnitude = BigInt(Math.floor(r.next() * 2 ** 30)) * BigInt(r.pick([1, 3, 2 ** 20, 2 ** 40]));
      const negative = r.chance(0.3);
      const value = negative ? -magnitude : magnitude;
      const body = r.pick([magnitude.toString(), `0x${magnitude.toString(16)}`, `0o${magnitude.toString(8)}`, `0b${magnitude.toString(2)}`]);
      return { text: (negative ? "-" : "") + body, value: ["int", value.toString()] };
    }
    case 3: {
      const x = r.pick([0.5, -1.25, 1e-7, 6.02e23, 123.456, -0.0, 3.0]) * r.pick([1, 10, 0.001]);
      let text = String(x);
      if (!/[.e]/.test(text)) text += ".0";
      return { text: Object.is(x, -0) ? "-0.0" : text, value: ["float", x] };
    }
    case 4: {
      const which = r.int(3);
      return which === 2 ? { text: "None", value: ["none", null] } : { text: which ? "True" : "False", value: ["bool", which === 1] };
    }
    case 5: {
      const bytes = Array.from({ length: r.int(5) }, () => r.pick([0, 7, 39, 65, 92, 127, 200, 255]));
      const quote = r.pick(["'", '"']);
      const body = bytes.map((b) =>
        b === quote.charCodeAt(0) || b === 92
          ? `\\${String.fromCharCode(b)}`
          : b >= 32 && b < 127
            ? String.fromCharCode(b)
            : `\\x${b.toString(16).padStart(2, "0")}`,
      );
      return { text: `b${quote}${body.join("")}${quote}`, value: ["bytes", bytes] };
    }
    case 6:
    case 7: {
      const items = Array.from({ length: r.int(4) }, () => generate(r, depth + 1));
      const tuple = kind === 6;
      const inner = items.map((i) => space(r) + i.text + space(r)).join(",");
      const trailing = items.length === 1 && tuple ? "," : items.length > 0 && r.chance(0.5) ? "," : "";
      const text = tuple ? `(${inner}${trailing}${space(r)})` : `[${inner}${trailing}${space(r)}]`;
      return { text, value: [tuple ? "tuple" : "list", items.map((i) => i.value)] };
    }
    default: {
      // Unique string keys: duplicate keys collapse, which has its own test below.
      const entries = Array.from({ length: r.int(4) }, (_, i) => {
        const key = generate(r, 99);
        const text = key.value[0] === "str" ? key.text.slice(0, 1) + String(i) + key.text.slice(1) : `'${i}'`;
        const value: Plain = key.value[0] === "str" ? ["str", String(i) + key.value[1]] : ["str", String(i)];
        return [{ text, value }, generate(r, depth + 1)] as const;
      });
      const text = `{${entries.map(([k, v]) => `${space(r)}${k.text}${space(r)}:${space(r)}${v.text}`).join(",")}${entries.length && r.chance(0.5) ? "," : ""}}`;
      return { text, value: ["dict", entries.map(([k, v]) => [k.value, v.value] as [Plain, Plain])] };
    }
  }
}

// Python's side: literal_eval each text and describe the result in the same plain shape.
const PYTHON_PLAIN = `
import ast, json, sys
def plain(v):
    if isinstance(v, bool): return ["bool", v]
    if v is None: return ["none", None]
    if isinstance(v, int): return ["int", str(v)]
    if isinstance(v, float): return ["float", v]
    if isinstance(v, str): return ["str", v]
    if isinstance(v, bytes): return ["bytes", list(v)]
    if isinstance(v, tuple): return ["tuple", [plain(x) for x in v]]
    if isinstance(v, list): return ["list", [plain(x) for x in v]]
    if isinstance(v, dict): return ["dict", [[plain(k), plain(x)] for k, x in v.items()]]
    raise TypeError(type(v))
out = []
for text in json.load(sys.stdin):
    try:
        out.append(plain(ast.literal_eval(text)))
    except Exception as e:
        out.append(["error", type(e).__name__])
print(json.dumps(out))
`;

describe("the literal parser", () => {
  const r = new Random(0x5eed);
  const samples = Array.from({ length: 600 }, () => generate(r, 0));

  test("round-trips 600 generated literals in many spellings", () => {
    for (const sample of samples) expect(plain(parseLiteral(sample.text)), sample.text).toEqual(sample.value);
  });

  test("agrees with Python's ast.literal_eval on every generated literal", () => {
    const expected = python<Plain[]>(PYTHON_PLAIN, JSON.stringify(samples.map((s) => s.text)));
    samples.forEach((sample, i) => expect(plain(parseLiteral(sample.text)), sample.text).toEqual(expected[i]));
  });

  test("pythonRepr spells what the parser reads back", () => {
    for (const sample of samples) {
      const parsed = parseLiteral(sample.text);
      expect(plain(parseLiteral(pythonRepr(parsed))), sample.text).toEqual(plain(parsed));
    }
  });

  const rejected = [
    "__import__('os').system('x')",
    "os.system",
    "{'a': b}",
    "[1, 2",
    "(1, 2",
    "'abc",
    "'abc\ndef'",
    "1 + 2",
    "lambda: 1",
    "f'x'",
    "{**a}",
    "[x for x in y]",
    "{'a': 1}{",
    "1_",
    "0x",
    "01",
    "{'a': 1,,}",
    "(,)",
    "[,]",
    "'\\x4'",
    "True()",
    "None.x",
    "~1",
    "not True",
    "-'a'",
    "{[1]: 2}",
    "b'é'",
    "'a' b'b'",
    "1j",
    "",
  ];

  test.each(rejected)("rejects %j, as Python does", (text) => {
    expect(() => parseLiteral(text)).toThrow();
  });

  test("Python rejects the same texts", () => {
    const verdicts = python<Plain[]>(PYTHON_PLAIN, JSON.stringify(rejected.filter((t) => t !== "1j")));
    for (const verdict of verdicts) expect(verdict[0]).toBe("error");
  });

  test("refuses nesting deep enough to threaten the stack", () => {
    expect(() => parseLiteral("[".repeat(5000) + "]".repeat(5000))).toThrow(/nested deeper than 100 levels/);
  });

  test("names the offending name and its position", () => {
    expect(() => parseLiteral("{'descr': evil}")).toThrow("unexpected name 'evil' (only literals are allowed) at character 10");
  });

  test("collapses duplicate dict keys as Python does (1, 1.0 and True are one key)", () => {
    const text = "{1: 'a', True: 'b', 1.0: 'c', 'x': 1, 'x': 2, (1, 'y'): 3, (True, 'y'): 4, -0.0: 5, 0: 6}";
    expect(plain(parseLiteral(text))).toEqual(python<Plain[]>(PYTHON_PLAIN, JSON.stringify([text]))[0]);
  });

  test("accepts Python 2 long suffixes only when asked", () => {
    expect(plain(parseLiteral("(3L,)", { allowLongSuffix: true }))).toEqual(["tuple", [["int", "3"]]]);
    expect(() => parseLiteral("(3L,)")).toThrow();
  });

  test("u'…' is a str, as in Python 3; ur'…' and bu'…' are errors", () => {
    expect(plain(parseLiteral("u'a' U\"b\""))).toEqual(["str", "ab"]);
    expect(() => parseLiteral("ur'a'")).toThrow(/invalid string prefix/);
    expect(() => parseLiteral("bu'a'")).toThrow(/invalid string prefix/);
  });

  test("concatenates adjacent strings and keeps unknown escapes", () => {
    expect(plain(parseLiteral("'a' \"b\" '\\q'"))).toEqual(["str", "ab\\q"]);
  });
});
