/**
 * A parser for the Python literal subset that numpy writes in .npy headers
 * (what `ast.literal_eval` accepts): strings with either quote and escapes,
 * ints (decimal, hex, octal, binary), floats, True/False/None, tuples, lists
 * and dicts with trailing commas. It never evaluates anything: a name, call or
 * operator that is not a literal is an error naming it and its position.
 */

import { formatBytes } from "./text";

interface Span {
  /** Character index of the first character of this literal in the source. */
  start: number;
  /** Character index just past its last character. */
  end: number;
}

export type PyLiteral =
  | (Span & { type: "str"; value: string })
  | (Span & { type: "bytes"; value: Uint8Array })
  | (Span & { type: "int"; value: bigint })
  | (Span & { type: "float"; value: number })
  | (Span & { type: "bool"; value: boolean })
  | (Span & { type: "none" })
  | (Span & { type: "tuple" | "list"; items: PyLiteral[] })
  | (Span & { type: "dict"; entries: Array<[PyLiteral, PyLiteral]> });

/** A literal parse failure at a character index of the source text. */
export class LiteralError extends Error {
  constructor(
    readonly problem: string,
    readonly index: number,
  ) {
    super(`${problem} at character ${index}`);
    this.name = "LiteralError";
  }
}

export interface LiteralOptions {
  /** Accept Python 2 long suffixes (`3L`), which numpy strips from v1/v2 headers. */
  allowLongSuffix?: boolean;
}

// Deep enough for any nested structured dtype, shallow enough that a hostile
// header cannot exhaust the stack.
const MAX_DEPTH = 100;

/** Parse `text` as one Python literal, surrounded by optional whitespace. */
export function parseLiteral(text: string, options: LiteralOptions = {}): PyLiteral {
  const parser = new LiteralParser(text, options.allowLongSuffix ?? false);
  const value = parser.parseValue(0);
  parser.skipSpace();
  if (parser.pos < text.length) {
    throw new LiteralError(`unexpected ${describeAt(text, parser.pos)} after the literal`, parser.pos);
  }
  return value;
}

/** Python's spelling of a literal tree, for messages: `(1000,)`, `'<f8'`. */
export function pythonRepr(value: PyLiteral): string {
  switch (value.type) {
    case "str":
      return pythonStringRepr(value.value);
    case "bytes":
      return formatBytes(value.value);
    case "int":
      return value.value.toString();
    case "float":
      return pythonFloatRepr(value.value);
    case "bool":
      return value.value ? "True" : "False";
    case "none":
      return "None";
    case "tuple":
      return value.items.length === 1 ? `(${pythonRepr(value.items[0])},)` : `(${value.items.map(pythonRepr).join(", ")})`;
    case "list":
      return `[${value.items.map(pythonRepr).join(", ")}]`;
    case "dict":
      return `{${value.entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  }
}

function pythonFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "inf" : x < 0 ? "-inf" : "nan";
  if (Object.is(x, -0)) return "-0.0";
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** Python's repr of a str: single quotes unless the text holds a ' and no ". */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** A string equal for keys Python considers equal: 1, 1.0 and True are the same key. */
function keyIdentity(key: PyLiteral): string {
  switch (key.type) {
    case "int":
      return `n${key.value}`;
    case "bool":
      return key.value ? "n1" : "n0";
    case "float":
      return Number.isInteger(key.value) ? `n${BigInt(key.value)}` : `f${key.value}`;
    case "str":
      return `s${JSON.stringify(key.value)}`;
    case "bytes":
      return `b${Array.from(key.value).join(",")}`;
    case "none":
      return "none";
    case "tuple":
      return `t(${key.items.map(keyIdentity).join(",")})`;
    default:
      return `?${key.start}`;
  }
}

function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return "end of text";
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos, pos + 64));
  if (word) return `name '${word[0]}'`;
  return `character ${JSON.stringify(text[pos])}`;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

const NON_ASCII = /[\u0080-\uffff]/;

class LiteralParser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly allowLongSuffix: boolean,
  ) {}

  skipSpace(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      // space, tab, newline, carriage return, form feed; a backslash-newline continues a line
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) this.pos++;
      else if (c === 92 && text[this.pos + 1] === "\n") this.pos += 2;
      else if (c === 35)
        this.skipComment(); // #
      else break;
    }
  }

  /** A comment runs to the end of its line. */
  private skipComment(): void {
    const end = this.text.indexOf("\n", this.pos);
    this.pos = end < 0 ? this.text.length : end;
  }

  private fail(problem: string, at = this.pos): never {
    throw new LiteralError(problem, at);
  }

  parseValue(depth: number): PyLiteral {
    if (depth > MAX_DEPTH) this.fail(`literal nested deeper than ${MAX_DEPTH} levels`);
    this.skipSpace();
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if (code === 40) return this.parseParenthesised(depth); // (
    if (code === 39 || code === 34) return this.parseStrings(start); // ' "
    if (code === 91) return this.parseSequence("list", "]", depth); // [
    if (code === 123) return this.parseDict(depth); // {
    const c = text[start];
    if (c === undefined) this.fail("unexpected end of text, a value was expected");
    if (this.stringPrefixLength(start) > 0) return this.parseStrings(start);
    if (c === "-" || c === "+" || c === "." || (c >= "0" && c <= "9")) return this.parseNumber(start);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(start, start + 256));
    if (word) {
      const name = word[0];
      this.pos = start + name.length;
      if (name === "True" || name === "False") return { type: "bool", value: name === "True", start, end: this.pos };
      if (name === "None") return { type: "none", start, end: this.pos };
      this.fail(`unexpected name '${name}' (only literals are allowed)`, start);
    }
    this.fail(`unexpected ${describeAt(text, start)}`, start);
  }

  private expect(ch: string, what: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) this.fail(`expected ${what} but found ${describeAt(this.text, this.pos)}`);
    this.pos++;
  }

  private parseDict(depth: number): PyLiteral {
    const start = this.pos;
    this.pos++;
    const entries: Array<[PyLiteral, PyLiteral]> = [];
    const seen = new Map<string, number>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === "}") break;
      const key = this.parseValue(depth + 1);
      if (key.type === "list" || key.type === "dict") this.fail(`a ${key.type} cannot be a dict key`, key.start);
      this.expect(":", "':' after a dict key");
      const value = this.parseValue(depth + 1);
      // Python keeps the first key and the last value of equal keys.
      const identity = keyIdentity(key);
      const earlier = seen.get(identity);
      if (earlier === undefined) {
        seen.set(identity, entries.length);
        entries.push([key, value]);
      } else entries[earlier] = [entries[earlier][0], value];
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== "}") this.fail(`expected ',' or '}' in a dict but found ${describeAt(this.text, this.pos)}`);
    }
    this.pos++;
    return { type: "dict", entries, start, end: this.pos };
  }

  /** A list or tuple; a tuple may arrive with its first item already parsed. */
  private parseSequence(type: "list" | "tuple", close: string, depth: number, start = this.pos, items: PyLiteral[] = []): PyLiteral {
    if (items.length === 0) this.pos++;
    for (let first = items.length > 0; ; first = false) {
      if (!first) {
        this.skipSpace();
        if (this.text[this.pos] === close) break;
        items.push(this.parseValue(depth + 1));
      }
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] !== close) {
        this.fail(`expected ',' or '${close}' in a ${type} but found ${describeAt(this.text, this.pos)}`);
      }
    }
    this.pos++;
    return { type, items, start, end: this.pos };
  }

  /** `()` and `(a,)` and `(a, b)` are tuples; `(a)` is just a. */
  private parseParenthesised(depth: number): PyLiteral {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { type: "tuple", items: [], start, end: this.pos };
    }
    const first = this.parseValue(depth + 1);
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return first;
    }
    if (this.text[this.pos] !== ",") return this.parseSequence("tuple", ")", depth, start, [first]);
    // Pairs such as a (name, dtype) field are most tuples: give them an exactly
    // sized array, where pushing onto [first] would reserve 17 slots.
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { type: "tuple", items: [first], start, end: this.pos };
    }
    const second = this.parseValue(depth + 1);
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { type: "tuple", items: [first, second], start, end: this.pos };
    }
    return this.parseSequence("tuple", ")", depth, start, [first, second]);
  }

  /** Length of a string prefix (r, b, u, rb, br in any case) followed by a quote at pos, or -1. */
  private stringPrefixLength(pos: number): number {
    const text = this.text;
    for (let length = 0; length <= 2; length++) {
      const c = text.charCodeAt(pos + length);
      if (c === 39 || c === 34) return length;
      // r R b B u U
      if (c !== 114 && c !== 82 && c !== 98 && c !== 66 && c !== 117 && c !== 85) return -1;
    }
    return -1;
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  private parseStrings(start: number): PyLiteral {
    let kind: "str" | "bytes" | undefined;
    let value = "";
    for (;;) {
      const prefixLength = this.stringPrefixLength(this.pos);
      if (prefixLength < 0) break;
      if (prefixLength === 0 && kind !== "bytes") {
        const piece = this.parseOneString(false, false);
        value = kind === undefined ? piece : value + piece;
        kind = "str";
        this.skipSpace();
        continue;
      }
      const prefix = this.text.slice(this.pos, this.pos + prefixLength).toLowerCase();
      // Python 3 allows u'…' alone, and r/b once each in either order.
      if ((prefix.length === 2 && (prefix[0] === prefix[1] || prefix.includes("u"))) || prefix === "") {
        this.fail(`invalid string prefix '${prefix}'`);
      }
      const isBytes = prefix.includes("b");
      const thisKind = isBytes ? "bytes" : "str";
      if (kind !== undefined && kind !== thisKind) this.fail("cannot mix bytes and str literals");
      kind = thisKind;
      this.pos += prefixLength;
      value += this.parseOneString(prefix.includes("r"), isBytes);
      this.skipSpace();
    }
    const end = this.pos;
    if (kind === "bytes") {
      const bytes = new Uint8Array(value.length);
      for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
      return { type: "bytes", value: bytes, start, end };
    }
    return { type: "str", value, start, end };
  }

  private parseOneString(raw: boolean, isBytes: boolean): string {
    const text = this.text;
    const open = this.pos;
    const quote = text.charCodeAt(open);
    const triple = text.charCodeAt(open + 1) === quote && text.charCodeAt(open + 2) === quote;
    if (!triple) {
      // Most strings hold no backslash and no newline and are short (field
      // names, type strings): scanning here beats calling out to indexOf.
      let end = open + 1;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === quote || c === 92 || c === 10) break; // \ and newline take the full path below
        end++;
      }
      if (text.charCodeAt(end) === quote) {
        const value = text.slice(open + 1, end);
        if (isBytes && NON_ASCII.test(value)) this.fail("bytes literals can only contain ASCII characters", open);
        this.pos = end + 1;
        return value;
      }
    }
    let pos = open + (triple ? 3 : 1);
    let out = "";
    let run = pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === quote && (!triple || (text.charCodeAt(pos + 1) === quote && text.charCodeAt(pos + 2) === quote))) {
        this.pos = pos + (triple ? 3 : 1);
        return out + text.slice(run, pos);
      }
      if (c !== c) this.fail("unterminated string", open); // NaN: past the end
      if (c === 10 && !triple) this.fail("unterminated string (a newline inside a one-line string)", open);
      if (c > 0x7f && isBytes) this.fail("bytes literals can only contain ASCII characters", pos);
      if (c !== 92) {
        pos++;
        continue;
      }
      out += text.slice(run, pos);
      if (pos + 1 >= text.length) this.fail("unterminated string", open);
      if (raw) {
        out += text.slice(pos, pos + 2);
        pos += 2;
      } else {
        this.pos = pos;
        out += this.parseEscape(isBytes);
        pos = this.pos;
      }
      run = pos;
    }
  }

  private parseEscape(isBytes: boolean): string {
    const text = this.text;
    const at = this.pos;
    const next = text[at + 1];
    this.pos += 2;
    if (next === "\n") return "";
    if (next in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[next];
    if (next >= "0" && next <= "7") {
      let digits = next;
      while (digits.length < 3 && text[this.pos] >= "0" && text[this.pos] <= "7") digits += text[this.pos++];
      return String.fromCodePoint(parseInt(digits, 8));
    }
    const hexLength = next === "x" ? 2 : !isBytes && next === "u" ? 4 : !isBytes && next === "U" ? 8 : 0;
    if (hexLength > 0) {
      const digits = text.slice(this.pos, this.pos + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(digits)) this.fail(`truncated \\${next} escape`, at);
      this.pos += hexLength;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) this.fail(`\\${next} escape beyond U+10FFFF`, at);
      return String.fromCodePoint(code);
    }
    if (!isBytes && next === "N") this.fail("\\N{...} escapes are not supported", at);
    // Python keeps an unknown escape as written, backslash included.
    return `\\${next}`;
  }

  private parseNumber(start: number): PyLiteral {
    const text = this.text;
    let sign = 1;
    while (text[this.pos] === "-" || text[this.pos] === "+") {
      if (text[this.pos] === "-") sign = -sign;
      this.pos++;
      this.skipSpace();
    }
    const rest = text.slice(this.pos, this.pos + 512);
    const radix = /^0([xX])(_?[0-9a-fA-F])+|^0([oO])(_?[0-7])+|^0([bB])(_?[01])+/.exec(rest);
    if (radix) {
      this.pos += radix[0].length;
      const digits = radix[0].replace(/_/g, "");
      const value = BigInt(digits.toLowerCase());
      return this.finishInt(start, sign < 0 ? -value : value);
    }
    const decimal = /^(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][-+]?\d(?:_?\d)*)?/.exec(rest)![0];
    if (decimal === "" || decimal === "." || /^\.?[eE]/.test(decimal)) this.fail(`unexpected ${describeAt(text, this.pos)}`);
    this.pos += decimal.length;
    const clean = decimal.replace(/_/g, "");
    if (/[.eE]/.test(clean)) {
      if (text[this.pos] === "j" || text[this.pos] === "J") this.fail("complex literals are not supported", start);
      return { type: "float", value: sign * Number(clean), start, end: this.pos };
    }
    if (/^0\d/.test(clean) && /[1-9]/.test(clean)) this.fail("leading zeros in a decimal integer are not allowed", start);
    const value = BigInt(clean);
    return this.finishInt(start, sign < 0 ? -value : value);
  }

  /**
   * numpy re-reads a v1/v2 header that fails to parse with every 'L' token after a number dropped
   * (Python 2 longs), so '2L' and '2 L' read as 2; a tokenizer sees spaces, tabs and line
   * continuations between the two. A lower-case 'l' is not dropped.
   */
  private skipLongSuffix(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c !== 76 && c !== 32 && c !== 9 && c !== 12 && c !== 92) return; // L, space, tab, form feed, backslash
    const suffix = /^(?:[ \t\f]|\\\n)*L(?![A-Za-z0-9_])/.exec(this.text.slice(this.pos, this.pos + 64));
    if (suffix) this.pos += suffix[0].length;
  }

  private finishInt(start: number, value: bigint): PyLiteral {
    const suffix = this.text[this.pos];
    if (suffix === "j" || suffix === "J") this.fail("complex literals are not supported", start);
    if (this.allowLongSuffix) this.skipLongSuffix();
    if (/[A-Za-z0-9_]/.test(this.text[this.pos] ?? "")) this.fail(`invalid number literal`, start);
    return { type: "int", value, start, end: this.pos };
  }
}
