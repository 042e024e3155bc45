/**
 * Python's `json.dumps(value, sort_keys=True, separators=(",", ":"),
 * ensure_ascii=False, default=str)`, the canonical form the CLI hashes a work
 * package's projection in (docs/indexer.md, "Work packages: the projection and
 * its JSON").
 *
 * @module
 */

import {
  PyDict,
  PyFloat,
  type PyTemporal,
  pyTypeName,
  type PyValue,
} from "./python_value.ts";
import { pyFloatRepr, pyStr } from "./python_repr.ts";

/** Python 3.11 refuses to write an `int` of more decimal digits than this (`sys.get_int_max_str_digits()`). */
const MAX_INT_DIGITS = 4300;

// Only these characters are escaped with ensure_ascii=False: the two JSON
// specials and the C0 controls; everything else, U+2028 included, is raw.
// deno-lint-ignore no-control-regex
const ESCAPED = /["\\\u0000-\u001f]/g;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

function escapeCharacter(char: string): string {
  return SHORT_ESCAPES[char] ??
    `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * A JSON string literal as Python writes it with `ensure_ascii=False`.
 *
 * @param text The string.
 * @returns The quoted literal.
 * @throws {TypeError} When the string holds a lone surrogate, which Python
 *   writes but then cannot encode as UTF-8 (the hash input).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonString } from "./python_json.ts";
 * assert.equal(pythonJsonString('a"\u0001é\u2028'), '"a\\"\\u0001é\u2028"');
 * ```
 */
export function pythonJsonString(text: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new TypeError(
      `Cannot encode a string as UTF-8: it holds a lone surrogate: received ${
        JSON.stringify(text)
      }`,
    );
  }
  return `"${text.replace(ESCAPED, escapeCharacter)}"`;
}

function intText(value: bigint): string {
  const text = value.toString();
  if (text.length - (value < 0n ? 1 : 0) > MAX_INT_DIGITS) {
    throw new RangeError(
      `Cannot write an integer of ${text.length} digits: Python's limit for integer string conversion is ${MAX_INT_DIGITS} digits`,
    );
  }
  return text;
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return pyFloatRepr(x);
}

/** The sort class of a key: Python can order numbers among numbers and strings among strings, nothing across. */
function sortClass(key: PyValue): string {
  if (typeof key === "string") return "str";
  if (
    typeof key === "bigint" || typeof key === "boolean" ||
    key instanceof PyFloat
  ) return "number";
  return pyTypeName(key);
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function numberOf(key: PyValue): number | bigint {
  if (typeof key === "boolean") return key ? 1n : 0n;
  return key instanceof PyFloat ? key.value : key as bigint;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  // Mixed int/float comparisons are exact in Python, as they are in JS.
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyText(key: PyValue): string {
  if (typeof key === "string") return key;
  if (typeof key === "boolean") return key ? "true" : "false";
  if (key === null) return "null";
  if (typeof key === "bigint") return intText(key);
  if (key instanceof PyFloat) return floatText(key.value);
  throw new TypeError(
    `Cannot write a dict key of type ${
      pyTypeName(key)
    }: keys must be str, int, float, bool or None`,
  );
}

function sortedIndexes(dict: PyDict): number[] {
  const order = dict.keys.map((_, i) => i);
  if (order.length < 2) return order;
  const classes = new Set(dict.keys.map(sortClass));
  if (classes.size > 1 || classes.has("NoneType") || classes.has("list")) {
    const [a, b] = [...classes];
    throw new TypeError(
      `Cannot sort dict keys: '<' not supported between instances of '${a}' and '${
        b ?? a
      }'`,
    );
  }
  const [only] = classes;
  if (only === "str") {
    return order.sort((i, j) =>
      compareCodePoints(dict.keys[i] as string, dict.keys[j] as string)
    );
  }
  if (only === "number") {
    return order.sort((i, j) =>
      compareNumbers(numberOf(dict.keys[i]), numberOf(dict.keys[j]))
    );
  }
  return order.sort((i, j) => {
    const a = (dict.keys[i] as PyTemporal).text;
    const b = (dict.keys[j] as PyTemporal).text;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function write(value: PyValue, out: string[], seen: Set<object>): void {
  if (value === null) out.push("null");
  else if (typeof value === "boolean") out.push(value ? "true" : "false");
  else if (typeof value === "string") out.push(pythonJsonString(value));
  else if (typeof value === "bigint") out.push(intText(value));
  else if (value instanceof PyFloat) out.push(floatText(value.value));
  else if (Array.isArray(value) || value instanceof PyDict) {
    if (seen.has(value)) {
      throw new TypeError("Cannot write a circular structure as JSON");
    }
    seen.add(value);
    if (Array.isArray(value)) {
      out.push("[");
      value.forEach((item, i) => {
        if (i > 0) out.push(",");
        write(item, out, seen);
      });
      out.push("]");
    } else {
      out.push("{");
      sortedIndexes(value).forEach((at, i) => {
        if (i > 0) out.push(",");
        out.push(pythonJsonString(keyText(value.keys[at])), ":");
        write(value.values[at], out, seen);
      });
      out.push("}");
    }
    seen.delete(value);
  } else out.push(pythonJsonString(pyStr(value)));
}

/**
 * Writes a value as the CLI's `json.dumps(value, sort_keys=True,
 * separators=(",", ":"), ensure_ascii=False, default=str)` does: keys sorted
 * by code point at every level, no whitespace, non-ASCII raw, integers exact,
 * floats as Python's `repr` (`Infinity`, `NaN` bare), dates and bytes through
 * `str()`.
 *
 * @param value A value of the Python model.
 * @returns The JSON text.
 * @throws {TypeError} For a dict whose keys Python cannot sort (mixed `str`
 *   and `int` keys) or write (a date key), for a circular structure and for a
 *   lone surrogate: the cases where the CLI's serialiser raises.
 * @throws {RangeError} For an integer beyond Python's 4300-digit limit.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonDumps } from "./python_json.ts";
 * import { PyDict, PyFloat } from "./python_value.ts";
 * const dict = new PyDict();
 * dict.set("b", new PyFloat(1000));
 * dict.set("a", [12345678901234567890n, "é"]);
 * assert.equal(pythonJsonDumps(dict), '{"a":[12345678901234567890,"é"],"b":1000.0}');
 * ```
 */
export function pythonJsonDumps(value: PyValue): string {
  const out: string[] = [];
  write(value, out, new Set());
  return out.join("");
}
