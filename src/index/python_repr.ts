/**
 * Python's `repr()` and `str()` of the values of the Python model, as the
 * CLI's code writes them: floats, bytes, strings, dates and ruamel's
 * containers.
 *
 * @module
 */

import {
  PyDict,
  PyFloat,
  PyOpaque,
  PyTemporal,
  type PyValue,
} from "./python_value.ts";

/**
 * Python's `repr(float)`: the shortest text that reads back as the same
 * double, always with a `.0` or an exponent (`1000.0`, `1e+16`, `1e-07`),
 * `inf`, `-inf` and `nan` for the special values.
 *
 * @param x The float.
 * @returns Its Python `repr`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyFloatRepr } from "./python_repr.ts";
 * assert.equal(pyFloatRepr(1000), "1000.0");
 * assert.equal(pyFloatRepr(1e16), "1e+16");
 * assert.equal(pyFloatRepr(1e-7), "1e-07");
 * assert.equal(pyFloatRepr(0.0001), "0.0001");
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${head}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) {
    return `${sign}${digits.padEnd(exponent + 1, "0")}.0`;
  }
  return `${sign}${digits.slice(0, exponent + 1)}.${
    digits.slice(exponent + 1)
  }`;
}

/**
 * Python's `repr(bytes)`: `b'...'` with printable ASCII as is, `\\t`, `\\n`,
 * `\\r`, `\\\\` and `\\xNN` for the rest, double quotes when the bytes hold
 * a `'` and no `"`.
 *
 * @param bytes The bytes.
 * @returns Their Python `repr`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyBytesRepr } from "./python_repr.ts";
 * assert.equal(pyBytesRepr(new TextEncoder().encode("hi\n")), "b'hi\\n'");
 * ```
 */
export function pyBytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = "";
  for (const byte of bytes) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte < 0x20 || byte >= 0x7f) {
      out += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else out += String.fromCharCode(byte);
  }
  return `b${quote}${out}${quote}`;
}

/**
 * Python's `str()` of a value of the model (`str(True)` is `True`,
 * `str(1.50)` is `1.5`, a date its ISO text), as the schema's `phase`
 * coercion and `json.dumps(default=str)` apply it; containers never reach
 * it there.
 *
 * @param value A value of the model.
 * @returns Its Python `str()` (for containers their `repr`, as ruamel's types write it).
 * @throws {TypeError} For a container holding a ruamel `TaggedScalar`, whose `repr` shows a memory address.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat } from "./python_value.ts";
 * import { pyStr } from "./python_repr.ts";
 * assert.equal(pyStr(new PyFloat(1.5)), "1.5");
 * assert.equal(pyStr(true), "True");
 * ```
 */
export function pyStr(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof PyTemporal || value instanceof PyOpaque) {
    return value.text;
  }
  if (value instanceof Uint8Array) return pyBytesRepr(value);
  return pyRepr(value);
}

// Characters str.isprintable() rejects besides the C0/C1 controls: other
// control, format, surrogate, private-use, unassigned and separator
// characters (the space excepted).
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "\\" || char === quote) out += `\\${char}`;
    else if (char === "\t") out += "\\t";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char !== " " && NON_PRINTABLE.test(char)) {
      out += code <= 0xff
        ? `\\x${pad16(code, 2)}`
        : code <= 0xffff
        ? `\\u${pad16(code, 4)}`
        : `\\U${pad16(code, 8)}`;
    } else out += char;
  }
  return out + quote;
}

const pad16 = (n: number, width: number): string =>
  n.toString(16).padStart(width, "0");

function temporalRepr(value: PyTemporal): string {
  const name = value.kind === "date"
    ? "datetime.date"
    : value.timeStamp
    ? "TimeStamp"
    : "datetime.datetime";
  const fields = [value.year, value.month, value.day];
  if (value.kind === "datetime") {
    fields.push(value.hour, value.minute);
    if (value.second !== 0 || value.microsecond !== 0) {
      fields.push(value.second);
    }
    if (value.microsecond !== 0) fields.push(value.microsecond);
  }
  return `${name}(${fields.join(", ")})`;
}

/**
 * Python's `repr()` of a value of the model, with ruamel's container types
 * (`ordereddict([(k, v), …])` for a map), as pydantic quotes inputs.
 *
 * @param value A value of the model.
 * @param address The memory address to show for a ruamel `TaggedScalar`
 *   (Python's own varies from run to run); without one, such a value throws.
 * @returns Its Python `repr`.
 * @throws {TypeError} For a ruamel `TaggedScalar` when no `address` is given.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyDict } from "./python_value.ts";
 * import { pyRepr } from "./python_repr.ts";
 * const dict = new PyDict();
 * dict.set("title", "it's");
 * assert.equal(pyRepr(dict), `ordereddict([('title', "it's")])`);
 * ```
 */
export function pyRepr(value: PyValue, address?: string): string {
  const repr = (item: PyValue) => pyRepr(item, address);
  if (typeof value === "string") return pyStrRepr(value);
  if (value instanceof PyTemporal) return temporalRepr(value);
  if (value instanceof PyOpaque) {
    if (value.typeName === "TaggedScalar") {
      if (address !== undefined) {
        return `<ruamel.yaml.comments.TaggedScalar object at ${address}>`;
      }
      throw new TypeError(
        `Cannot reproduce Python's repr of a scalar with an unknown tag: it shows a memory address: received ${
          JSON.stringify(value.text)
        }`,
      );
    }
    return value.text;
  }
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (value instanceof PyDict) {
    const keys = value.keys.map(repr);
    const values = value.values.map(repr);
    if (value.className === "dict") {
      return `{${keys.map((key, i) => `${key}: ${values[i]}`).join(", ")}}`;
    }
    const pairs = keys.map((key, i) => `(${key}, ${values[i]})`);
    const name = value.className === "CommentedMap"
      ? "ordereddict"
      : value.className;
    return `${name}([${pairs.join(", ")}])`;
  }
  return pyStr(value);
}

// Python's whitespace includes the separators U+001C to U+001F.
const PY_WHITESPACE =
  // deno-lint-ignore no-control-regex
  /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Python's `str.strip()`: Python's whitespace, which holds U+001C–U+001F
 * and U+0085 besides JavaScript's and not U+FEFF.
 *
 * @param text Any string.
 * @returns The string without leading and trailing Python whitespace.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyStrip } from "./python_repr.ts";
 * assert.equal(pyStrip("\u0085 --- \r"), "---");
 * assert.equal(pyStrip("\ufeff---"), "\ufeff---");
 * ```
 */
export function pyStrip(text: string): string {
  return text.replace(PY_WHITESPACE, "");
}
