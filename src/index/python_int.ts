/**
 * Python's `int(value)` on the values of the Python model, as the CLI's
 * `shell_pid` validator calls it: the value, the `ValueError` pydantic
 * reports, or the `TypeError`/`OverflowError` it lets through.
 *
 * @module
 */

import { PyFloat, pyTypeName, type PyValue } from "./python_value.ts";
import { pyRepr, pyStrip } from "./python_repr.ts";

/** Python raised an error pydantic does not turn into a validation error (`TypeError`, `OverflowError`): the CLI's indexer aborts the mission. */
export class PythonTypeError extends TypeError {
  /**
   * Records the message of the error Python raised.
   *
   * @param message Python's message.
   */
  constructor(message: string) {
    super(message);
    this.name = "PythonTypeError";
  }
}

const MAX_DIGITS = 4300;
// int() accepts Python whitespace around, one sign, and digits of any script
// with single underscores between them.
const INT_TEXT = /^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u;
const DIGIT = /\p{Nd}/u;

/** The value of a decimal digit of any script: its distance from the start of its run of digits, modulo 10. */
function digitValue(char: string): number {
  let code = char.codePointAt(0)!;
  if (code <= 0x39) return code - 0x30;
  let start = code;
  while (DIGIT.test(String.fromCodePoint(code - 1))) code--, start = code;
  return (char.codePointAt(0)! - start) % 10;
}

function parseText(text: string, shown: string): bigint | string {
  const stripped = pyStrip(text);
  if (!INT_TEXT.test(stripped)) {
    return `invalid literal for int() with base 10: ${shown}`;
  }
  const negative = stripped.startsWith("-");
  let digits = "";
  for (const char of stripped.replace(/^[+-]/, "").replaceAll("_", "")) {
    digits += digitValue(char);
  }
  if (digits.length > MAX_DIGITS) {
    return `Exceeds the limit (${MAX_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`;
  }
  const value = BigInt(digits);
  return negative ? -value : value;
}

/**
 * Python's `int(value)`.
 *
 * @param value A value of the model (not `None`, which the validator handles first).
 * @returns The integer, or the message of the `ValueError` Python raises.
 * @throws {PythonTypeError} For a list, a dict, a date, a tagged scalar
 *   (`TypeError`) or an infinite float (`OverflowError`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonIntOf } from "./python_int.ts";
 * import { PyFloat } from "./python_value.ts";
 * assert.equal(pythonIntOf(" 4_2 "), 42n);
 * assert.equal(pythonIntOf(new PyFloat(4.9)), 4n);
 * assert.equal(pythonIntOf("abc"), "invalid literal for int() with base 10: 'abc'");
 * ```
 */
export function pythonIntOf(value: PyValue): bigint | string {
  if (typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "string") return parseText(value, pyRepr(value));
  if (value instanceof Uint8Array) {
    const ascii = String.fromCharCode(...value);
    // deno-lint-ignore no-control-regex
    return /[^\x00-\x7f]/.test(ascii)
      ? `invalid literal for int() with base 10: ${pyRepr(value)}`
      : parseText(ascii, pyRepr(value));
  }
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) return "cannot convert float NaN to integer";
    if (!Number.isFinite(value.value)) {
      throw new PythonTypeError("cannot convert float infinity to integer");
    }
    return BigInt(Math.trunc(value.value));
  }
  throw new PythonTypeError(
    `int() argument must be a string, a bytes-like object or a real number, not '${
      pyTypeName(value)
    }'`,
  );
}
