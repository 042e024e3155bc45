import { describeValue } from "../contract/field_issue.ts";

// The reference's `timestamp` is a pydantic 2 `datetime` field in lax mode,
// so what is accepted and the value computed are pydantic-core's (and its
// speedate parser's): docs/contract.md, "The event envelope", makes pydantic the oracle, and
// tests/timestamp_pydantic_differential_test.ts holds this file to it.

/** Unix seconds of 0001-01-01T00:00:00Z, the first second a timestamp may name. */
export const FIRST_SECOND = -62135596800;
/** Unix seconds of 9999-12-31T23:59:59Z, the last second a timestamp may name. */
export const LAST_SECOND = 253402300799;
/** Above this absolute value a Unix time is read as milliseconds. */
const _MILLISECONDS_THRESHOLD = 2e10;
/**
 * Whole parts outside these bounds are out of range whatever their unit and
 * carry; inside them every step below is exact integer arithmetic.
 */
const _LOWEST_WHOLE = (FIRST_SECOND - 2) * 1000;
const _HIGHEST_WHOLE = (LAST_SECOND + 2) * 1000;

function _pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function _daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const _FORMS =
  "must be a datetime (YYYY-MM-DD, optionally T or space, HH:MM, :SS, a fraction and an offset Z or ±HH:MM) or a Unix time";

function _outOfRange(what: string): never {
  throw new RangeError(`must be a real datetime: ${what}`);
}

/** The value of `count` ASCII digits at `start`, or -1 when one is not a digit. */
function _digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (!(digit >= 0 && digit <= 9)) return -1; // NaN past the end
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The sort text of a datetime string, read character by character (this runs
 * for every event parsed), or `null` when the text is not a datetime. The
 * form is checked whole before any range, as a regular expression would.
 * Without `build`, every check runs but no text is made: `""` for a valid
 * datetime (what `parseEvent` needs).
 */
function _sortTextOfDatetime(text: string, build: boolean): string | null {
  const length = text.length;
  if (length < 10 || text[4] !== "-" || text[7] !== "-") return null;
  const year = _digitsAt(text, 0, 4);
  const month = _digitsAt(text, 5, 2);
  const day = _digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fractionEnd = 0;
  let offsetStart = 0;
  let offsetColon = 0;
  let offsetHours = 0;
  let offsetMinutes = 0;
  if (length > 10) {
    const separator = text[10];
    if (
      separator !== "T" && separator !== "t" && separator !== " " &&
      separator !== "_"
    ) {
      return null;
    }
    hour = _digitsAt(text, 11, 2);
    minute = _digitsAt(text, 14, 2);
    if (hour < 0 || minute < 0 || text[13] !== ":") return null;
    let next = 16;
    if (text[16] === ":") {
      second = _digitsAt(text, 17, 2);
      if (second < 0) return null;
      next = 19;
      if (text[19] === "." || text[19] === ",") {
        let end = 20;
        while (end < length) {
          const code = text.charCodeAt(end);
          if (code < 48 || code > 57) break;
          end++;
        }
        if (end === 20) return null;
        fractionEnd = end;
        next = end;
      }
    }
    if (next < length) {
      const sign = text[next];
      offsetStart = next;
      if (sign === "Z" || sign === "z") {
        if (next + 1 !== length) return null;
      } else {
        // ISO 8601 allows U+2212 MINUS SIGN before a negative offset.
        if (sign !== "+" && sign !== "-" && sign !== "\u2212") return null;
        offsetColon = text[next + 3] === ":" ? 1 : 0;
        if (next + 5 + offsetColon !== length) return null;
        offsetHours = _digitsAt(text, next + 1, 2);
        offsetMinutes = _digitsAt(text, next + 3 + offsetColon, 2);
        if (offsetHours < 0 || offsetMinutes < 0) return null;
      }
    }
  }
  if (year < 1) _outOfRange("the year must be from 0001 to 9999");
  if (month < 1 || month > 12) {
    _outOfRange(`there is no month ${text.slice(5, 7)}`);
  }
  if (day < 1 || day > _daysInMonth(year, month)) {
    _outOfRange(`there is no day ${text.slice(8, 10)} in ${text.slice(0, 7)}`);
  }
  if (length === 10) return build ? `${text.slice(0, 10)}T00:00:00` : "";
  if (hour > 23) _outOfRange(`the hour ${_pad(hour, 2)} is past 23`);
  if (minute > 59) _outOfRange(`the minute ${_pad(minute, 2)} is past 59`);
  if (second > 59) _outOfRange(`the second ${_pad(second, 2)} is past 59`);
  if (offsetHours > 23) {
    _outOfRange(`the offset hour ${_pad(offsetHours, 2)} is past 23`);
  }
  if (offsetMinutes > 59) {
    _outOfRange(`the offset minute ${_pad(offsetMinutes, 2)} is past 59`);
  }
  if (!build) return "";
  // Only the first six digits of a fraction count; the rest are cut, not rounded.
  const micros = fractionEnd === 0
    ? "000000"
    : text.slice(20, Math.min(fractionEnd, 26)).padEnd(6, "0");
  let offset = "";
  if (offsetStart !== 0) {
    const sign = text[offsetStart];
    const zero = offsetHours === 0 && offsetMinutes === 0;
    offset = sign === "Z" || sign === "z"
      ? "+00:00"
      : `${sign === "+" || zero ? "+" : "-"}${
        text.slice(offsetStart + 1, offsetStart + 3)
      }:${
        text.slice(offsetStart + 3 + offsetColon, offsetStart + 5 + offsetColon)
      }`;
  }
  return `${text.slice(0, 10)}T${text.slice(11, 16)}:${_pad(second, 2)}${
    micros === "000000" ? "" : `.${micros}`
  }${offset}`;
}

/** The index of the first character at or after `start` that is not an ASCII digit. */
function _skipDigits(text: string, start: number): number {
  let index = start;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) break;
    index++;
  }
  return index;
}

/** 2^63: the reference's 64-bit integer of digits is negative from here. */
const _TWO_TO_63 = 9223372036854775808n;

/**
 * The digits of `text` from `start` to `end` read as the reference reads
 * them: into a 64-bit integer that wraps around past 2^64, giving up (`null`)
 * as soon as it turns negative, so 18446744073709551616 reads as 0.
 */
function _integerOfDigits(
  text: string,
  start: number,
  end: number,
): number | null {
  let value = 0;
  let index = start;
  // Exact while below 2^53, and never negative as a 64-bit integer.
  for (; index < end && value < 9e14; index++) {
    value = value * 10 + text.charCodeAt(index) - 48;
  }
  if (index === end) return value;
  let wide = BigInt(value);
  for (; index < end; index++) {
    wide = BigInt.asUintN(64, wide * 10n + BigInt(text.charCodeAt(index) - 48));
    if (wide >= _TWO_TO_63) return null;
  }
  return Number(wide); // inexact only far beyond the years 0001–9999
}

function _unreadableDigits(): never {
  throw new RangeError(
    "must be a Unix time whose digits before any . the reference can read: it reads them into a 64-bit integer that wraps around and refuses the number once that integer is 2^63 or more",
  );
}

/**
 * The sort text of a Unix time written as text, or `null` when the text is
 * not a decimal number. The reference reads an optional sign and digits as an
 * integer; with a `.` next, it reads the whole text as a float, an exponent
 * allowed (`.5`, `5.`, `1.5e3`), but `1e5`, with no `.`, is not a number.
 */
function _sortTextOfDecimal(text: string, build: boolean): string | null {
  const length = text.length;
  const signed = text[0] === "+" || text[0] === "-" ? 1 : 0;
  const point = _skipDigits(text, signed);
  if (point === length) {
    if (point === signed) return null;
    const integer = _integerOfDigits(text, signed, point);
    if (integer === null) _unreadableDigits();
    return _sortTextOfInstant(text[0] === "-" ? -integer : integer, 0, build);
  }
  if (text[point] !== ".") return null;
  let end = _skipDigits(text, point + 1);
  if (end === point + 1 && point === signed) return null; // no digit at all
  if (end < length) {
    if (text[end] !== "e" && text[end] !== "E") return null;
    const exponent = text[end + 1] === "+" || text[end + 1] === "-"
      ? end + 2
      : end + 1;
    end = _skipDigits(text, exponent);
    if (end === exponent || end < length) return null;
  }
  // Fewer than 19 digits never reach 2^63.
  if (point - signed > 18 && _integerOfDigits(text, signed, point) === null) {
    _unreadableDigits();
  }
  // Number() reads the text to the nearest double, as the reference does.
  return _sortTextOfFloatText(Number(text), build);
}

function _sortTextOfText(text: string, build: boolean): string {
  const sortText = _sortTextOfDatetime(text, build) ??
    _sortTextOfDecimal(text, build);
  if (sortText !== null) return sortText;
  throw new TypeError(_FORMS);
}

/** Rounds a number ≥ 0 to an integer, halves up (Rust's `f64::round`). */
function _roundHalfUp(value: number): number {
  const floor = Math.floor(value);
  // Exact: `value - floor` loses nothing for 0 ≤ value < 2^52.
  return value - floor >= 0.5 ? floor + 1 : floor;
}

function _beyondTheYears(): never {
  throw new RangeError(
    "must be a Unix time within the years 0001 to 9999 (seconds, or milliseconds above 2×10^10)",
  );
}

function _notFinite(): never {
  throw new RangeError("must be a finite Unix time");
}

/**
 * A float read from text: above 2×10^10 it is divided by 1000, then split
 * into whole seconds (rounded down) and microseconds, each step the same
 * IEEE double operation as the reference's, so the bits agree.
 */
function _sortTextOfFloatText(value: number, build: boolean): string {
  if (!Number.isFinite(value)) _notFinite();
  const scaled = Math.abs(value) > _MILLISECONDS_THRESHOLD
    ? value / 1000
    : value;
  const whole = Math.floor(scaled);
  return _sortTextOfInstant(
    whole,
    _roundHalfUp((scaled - whole) * 1e6),
    build,
  );
}

/**
 * A JSON number: its whole part rounded down and its fraction taken without
 * its sign, scaled to microseconds, or to milliseconds when the number is
 * above 2×10^10 (so -1.25 is -2 s + 0.25 s, as in the reference).
 */
function _sortTextOfNumber(value: number, build: boolean): string {
  if (!Number.isFinite(value)) _notFinite();
  const fraction = Math.abs(value - Math.trunc(value));
  const unit = Math.abs(value) > _MILLISECONDS_THRESHOLD ? 1000 : 1e6;
  return _sortTextOfInstant(
    Math.floor(value),
    _roundHalfUp(fraction * unit),
    build,
  );
}

/**
 * The sort text of `whole` (Unix seconds, or milliseconds above 2×10^10 in
 * absolute value) plus `micros` (0 to 10^6) microseconds, carrying whole
 * seconds out of the microseconds as the reference does; `""` once the range
 * is checked when not `build`.
 */
function _sortTextOfInstant(
  whole: number,
  micros: number,
  build: boolean,
): string {
  if (!(whole >= _LOWEST_WHOLE && whole <= _HIGHEST_WHOLE)) _beyondTheYears();
  let seconds = whole;
  let extra = 0;
  if (Math.abs(whole) > _MILLISECONDS_THRESHOLD) {
    const milliseconds = whole % 1000; // the sign of `whole`, like Rust's
    seconds = (whole - milliseconds) / 1000;
    extra = milliseconds * 1000;
    if (extra < 0) {
      seconds -= 1;
      extra += 1e6;
    }
  }
  let total = micros + extra; // below 2×10^6: one carry at most
  if (total >= 1e6) {
    seconds += 1;
    total -= 1e6;
  }
  if (seconds < FIRST_SECOND || seconds > LAST_SECOND) _beyondTheYears();
  if (!build) return "";
  const date = new Date(seconds * 1000);
  const text = `${_pad(date.getUTCFullYear(), 4)}-${
    _pad(date.getUTCMonth() + 1, 2)
  }-${_pad(date.getUTCDate(), 2)}T${_pad(date.getUTCHours(), 2)}:${
    _pad(date.getUTCMinutes(), 2)
  }:${_pad(date.getUTCSeconds(), 2)}`;
  return `${text}${total === 0 ? "" : `.${_pad(total, 6)}`}+00:00`;
}

/**
 * Returns the canonical sort text of a timestamp, or throws an error whose
 * message says what the value must be.
 */
export function sortTextOrThrow(value: unknown): string {
  if (typeof value === "string") return _sortTextOfText(value, true);
  if (typeof value === "number") return _sortTextOfNumber(value, true);
  throw new TypeError(_FORMS);
}

/**
 * Checks a timestamp as {@linkcode sortTextOrThrow} does, with the same
 * errors, but makes no sort text (an envelope keeps its timestamp as
 * received); returns the value. It is the envelope schema's rule.
 */
export function checkedTimestamp(value: string | number): string | number {
  if (typeof value === "string") _sortTextOfText(value, false);
  else if (typeof value === "number") _sortTextOfNumber(value, false);
  else throw new TypeError(_FORMS);
  return value;
}

/**
 * Returns the canonical sort text of a timestamp: exactly what Python's
 * `datetime.isoformat()` prints for the value the reference (pydantic 2 in
 * lax mode) parses. Events are ordered by this text, compared as text (so
 * `15:00+01:00` sorts after `14:30+00:00`, as in the reference).
 *
 * @param value A datetime string, a date, or a Unix time in seconds or
 * milliseconds (as a number or a decimal string).
 * @returns `YYYY-MM-DDTHH:MM:SS`, then `.ffffff` when the microseconds are
 * not zero, then `+HH:MM`/`-HH:MM` when the value had an offset.
 * @throws {TypeError} When the value is not one of the accepted forms.
 * @throws {RangeError} When the form is right but the date or time does not
 * exist (a 31 February, an hour 24, a year 0000 or past 9999).
 *
 * @example Canonical sort texts
 * ```ts
 * import { timestampSortText } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(timestampSortText("2026-02-21T14:00:00.000Z"), "2026-02-21T14:00:00+00:00");
 * assert.equal(timestampSortText("2026-02-21 14:00"), "2026-02-21T14:00:00");
 * assert.equal(timestampSortText("2026-02-21_14:00"), "2026-02-21T14:00:00");
 * assert.equal(timestampSortText(1700000000), "2023-11-14T22:13:20+00:00");
 * assert.equal(timestampSortText(".5"), "1970-01-01T00:00:00.500000+00:00");
 * // The reference keeps the fraction of a negative number positive.
 * assert.equal(timestampSortText(-1.25), "1969-12-31T23:59:58.250000+00:00");
 * ```
 */
export function timestampSortText(value: string | number): string {
  try {
    return sortTextOrThrow(value);
  } catch (error) {
    const message = `Cannot read timestamp: value ${
      (error as Error).message
    }: received ${describeValue(value)}`;
    throw error instanceof RangeError
      ? new RangeError(message)
      : new TypeError(message);
  }
}
