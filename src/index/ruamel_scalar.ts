/**
 * One YAML scalar to the Python value ruamel.yaml 0.17.21 builds for it in
 * round-trip mode under YAML 1.2: its implicit resolvers (tried in ruamel's
 * order, each only for the first characters it registers) and the
 * constructors for the explicit `!!` tags.
 *
 * @module
 */

import { PyFloat, PyOpaque, PyTemporal, type PyValue } from "./python_value.ts";

const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const TIMESTAMP_PARTS =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$/;
// What float() reads of the text ruamel passes it once `.inf` and `.nan`
// are handled and a `.` or an `e` is known to be there.
const PYTHON_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?$/;
const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  yes: true,
  no: false,
  y: true,
  n: false,
  true: true,
  false: false,
  on: true,
  off: false,
};
const DIGITS: Readonly<Record<number, RegExp>> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[+-]?[0-9]+$/,
  16: /^[0-9a-f]+$/i,
};
const PREFIX: Readonly<Record<number, string>> = { 2: "0b", 8: "0o", 16: "0x" };
/** Python 3.11's limit on the decimal digits `int()` reads. */
const MAX_DECIMAL_DIGITS = 4300;
const BASE64 = /[^A-Za-z0-9+/=]/g;
const BASE64_ALPHABET =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Python's `int(text, base)` on the digits ruamel passes it, or `undefined` where it raises. */
function pythonInt(digits: string, base: number): bigint | undefined {
  const text = digits.trim();
  if (!DIGITS[base].test(text)) return undefined;
  if (base === 10 && text.replace(/^[+-]/, "").length > MAX_DECIMAL_DIGITS) {
    return undefined;
  }
  return BigInt(base === 10 ? text : PREFIX[base] + text);
}

/** ruamel's `construct_yaml_int`: underscores dropped, one sign, then the base its prefix names. */
function constructInt(text: string): bigint | undefined {
  let digits = text.replaceAll("_", "");
  const negative = digits.startsWith("-");
  if (digits.startsWith("-") || digits.startsWith("+")) {
    digits = digits.slice(1);
  }
  if (digits === "") return undefined;
  if (digits === "0") return 0n;
  let magnitude: bigint | undefined;
  if (digits.startsWith("0b")) magnitude = pythonInt(digits.slice(2), 2);
  else if (digits.startsWith("0x")) magnitude = pythonInt(digits.slice(2), 16);
  else if (digits.startsWith("0o")) magnitude = pythonInt(digits.slice(2), 8);
  else magnitude = pythonInt(digits, 10);
  if (magnitude === undefined) return undefined;
  return negative ? -magnitude : magnitude;
}

/** Python's `float()` of ruamel's lowered, underscore-free text. */
function pythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  return PYTHON_FLOAT.test(trimmed) ? Number(trimmed) : undefined;
}

/** ruamel's round-trip `construct_yaml_float`, with its refusals (`!!float 2` has no `.`). */
function constructFloat(text: string): PyFloat | undefined {
  let lowered = text.replaceAll("_", "").toLowerCase();
  if (lowered === "") return undefined;
  const sign = lowered.startsWith("-") ? -1 : 1;
  if (lowered.startsWith("-") || lowered.startsWith("+")) {
    lowered = lowered.slice(1);
  }
  // ruamel hands out plain floats here, its ScalarFloat everywhere else.
  if (lowered === ".inf") return new PyFloat(sign * Infinity, true);
  if (lowered === ".nan") return new PyFloat(NaN, true);
  if (lowered.includes("e")) {
    // ruamel splits the original text on one `e`, else on one `E`.
    const parts = text.split("e").length === 2
      ? text.split("e")
      : text.split("E");
    if (parts.length !== 2 || parts[1] === "") return undefined;
  } else if (!text.includes(".")) return undefined;
  const value = pythonFloat(lowered);
  return value === undefined ? undefined : new PyFloat(sign * value);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** ruamel's `create_timestamp` and round-trip `construct_yaml_timestamp`. */
function constructTimestamp(text: string): PyTemporal | undefined {
  const match = TIMESTAMP_PARTS.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, t, h, mi, s, fraction, _tz, tzSign, tzHour, tzMinute] =
    match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (
    year < 1 || month < 1 || month > 12 || day < 1 ||
    day > daysInMonth(year, month)
  ) return undefined;
  const base = { year, month, day, timeStamp: false };
  if (h === undefined) {
    return new PyTemporal({
      ...base,
      kind: "date",
      hour: 0,
      minute: 0,
      second: 0,
      microsecond: 0,
    });
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let microsecond = 0;
  let carry = 0;
  if (fraction) {
    microsecond = Number(fraction.slice(0, 6).padEnd(6, "0"));
    if (fraction.length > 6 && Number(fraction[6]) > 4) microsecond += 1;
    if (microsecond > 999_999) {
      microsecond = 0;
      carry = 1;
    }
  }
  // datetime minus the delta ruamel builds: the offset (plus its one-second
  // carry, with the offset's sign) or, with no offset, minus one second.
  let deltaSeconds = carry === 1 ? -1 : 0;
  if (tzSign !== undefined) {
    const offset = Number(tzHour) * 3600 + Number(tzMinute ?? 0) * 60 + carry;
    deltaSeconds = tzSign === "-" ? -offset : offset;
  }
  const moment = new Date(0);
  moment.setUTCFullYear(year, month - 1, day);
  moment.setUTCHours(hour, minute, second - deltaSeconds, 0);
  const shiftedYear = moment.getUTCFullYear();
  if (shiftedYear < 1 || shiftedYear > 9999) return undefined;
  return new PyTemporal({
    kind: "datetime",
    timeStamp: Boolean(t || tzSign),
    year: shiftedYear,
    month: moment.getUTCMonth() + 1,
    day: moment.getUTCDate(),
    hour: moment.getUTCHours(),
    minute: moment.getUTCMinutes(),
    second: moment.getUTCSeconds(),
    microsecond,
  });
}

/** Python's `base64.decodebytes`: characters outside the alphabet are skipped; the padding must be right. */
function decodeBase64(text: string): Uint8Array | undefined {
  // deno-lint-ignore no-control-regex
  if (/[^\u0000-\u007f]/.test(text)) return undefined;
  const cleaned = text.replace(BASE64, "");
  const end = cleaned.indexOf("=");
  const data = end === -1 ? cleaned : cleaned.slice(0, end);
  const padding = end === -1 ? 0 : cleaned.length - end;
  const remainder = data.length % 4;
  if (remainder === 1) return undefined;
  if (remainder !== 0 && padding < 4 - remainder) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of data) {
    buffer = (buffer << 6) | BASE64_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** The implicit resolution of a plain, untagged scalar. */
function resolvePlain(text: string): PyValue | undefined {
  const first = text.charAt(0);
  if ("tTfF".includes(first) && first !== "" && BOOL.test(text)) {
    return text.charAt(0).toLowerCase() === "t";
  }
  if (first !== "" && "-+0123456789.".includes(first) && FLOAT.test(text)) {
    return constructFloat(text);
  }
  if (first !== "" && "-+0123456789".includes(first) && INT.test(text)) {
    return constructInt(text);
  }
  if (text === "<<" || text === "=") return new PyOpaque("TaggedScalar", text);
  if (NULL.test(text)) return null;
  if (first >= "0" && first <= "9" && TIMESTAMP.test(text)) {
    return constructTimestamp(text);
  }
  return text;
}

/**
 * The Python value ruamel.yaml 0.17.21 (round-trip, YAML 1.2) builds for a
 * scalar: `tag` `null` for a plain untagged scalar (implicit resolution),
 * otherwise the name of its `tag:yaml.org,2002:` tag.
 *
 * @param text The scalar's text (after quote and escape processing).
 * @param tag `null` for implicit resolution, or the tag's short name (`int`, `binary`…).
 * @returns The value, or `undefined` where ruamel's constructor raises.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRuamelScalar } from "./ruamel_scalar.ts";
 * assert.equal(parseRuamelScalar("0o17", null), 15n);
 * assert.equal(parseRuamelScalar("on", null), "on");
 * assert.equal(parseRuamelScalar("2", "float"), undefined);
 * ```
 */
export function parseRuamelScalar(
  text: string,
  tag: string | null,
): PyValue | undefined {
  switch (tag) {
    case null:
      return resolvePlain(text);
    case "str":
      return text;
    case "null":
      return null;
    case "bool":
      return BOOL_WORDS[text.toLowerCase()];
    case "int":
      return constructInt(text);
    case "float":
      return constructFloat(text);
    case "binary":
      return decodeBase64(text);
    case "timestamp":
      return constructTimestamp(text);
    case "map":
    case "seq":
    case "set":
    case "omap":
    case "pairs":
      return undefined;
    default:
      return new PyOpaque("TaggedScalar", text);
  }
}
