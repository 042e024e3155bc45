import { _describeValue } from "../contract/_field_issue.ts";

const _DECIMAL = /^[+-]?[0-9]+(?:\.[0-9]+)?$/;

/** Unix seconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59Z. */
const _FIRST_SECOND = -62135596800;
const _LAST_SECOND = 253402300799;
/** Above this absolute value a Unix time is read as milliseconds. */
const _MILLISECONDS_THRESHOLD = 2e10;

const _LEAP_YEAR =
  "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";
const _MONTH_DAY =
  "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))";
const _TIME =
  "[Tt _](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?(?:[Zz]|[+\\u2212-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?";

/** A regex character class of the digits below `digit` (1–9). */
function _digitBelow(digit: string): string {
  return digit === "1" ? "0" : `[0-${Number(digit) - 1}]`;
}

/** Regex source for strings of `bound.length` digits whose value ≤ `bound`. */
function _digitsAtMost(bound: string): string {
  const digit = bound[0];
  const rest = bound.slice(1);
  if (rest === "") return `[0-${digit}]`;
  const same = `${digit}${_digitsAtMost(rest)}`;
  if (digit === "0") return same;
  const any = rest.length === 1 ? "[0-9]" : `[0-9]{${rest.length}}`;
  return `(?:${_digitBelow(digit)}${any}|${same})`;
}

/** Regex source for one or more digits whose value ≤ `bound` (no leading zeros). */
function _integerAtMost(bound: string): string {
  return `(?:[0-9]{1,${bound.length - 1}}|${_digitsAtMost(bound)})`;
}

/**
 * Regex source for one or more fraction digits `f` with 0.f below 0.`bound`,
 * or at most 0.`bound` when `inclusive` (`bound` has a digit other than 0).
 */
function _fractionDigits(bound: string, inclusive: boolean): string {
  const digit = bound[0];
  const rest = bound.slice(1);
  const options: string[] = [];
  if (digit !== "0") options.push(`${_digitBelow(digit)}[0-9]*`);
  // After `digit`, stopping is fine when the rest of the bound is not zero.
  if (/[1-9]/.test(rest)) {
    options.push(`${digit}${_fractionDigits(rest, inclusive)}?`);
  } else if (inclusive) options.push(`${digit}0*`);
  return `(?:${options.join("|")})`;
}

/**
 * Regex source for an unsigned decimal, leading zeros allowed, whose value is
 * below `integer`.`fraction` (or equal to it too, when `inclusive`).
 */
function _decimalUpTo(
  limit: { integer: number; fraction: string; inclusive: boolean },
): string {
  const { integer, fraction, inclusive } = limit;
  return `0*(?:${
    _integerAtMost(String(integer - 1))
  }(?:\\.[0-9]+)?|${integer}(?:\\.${_fractionDigits(fraction, inclusive)})?)`;
}

// A decimal string is read by Number(), which rounds to the nearest double
// (ties to even); the number branch below accepts exactly the doubles in
// [_FIRST_SECOND × 1000, (_LAST_SECOND + 1) × 1000), so the string branch
// accepts exactly the decimals that round into it. Up to 2×10^10 (seconds)
// every value is in range. Near the top, doubles are 2^-5 apart: text from
// 253402300799999.984375 (halfway to 253402300800000; the tie goes to that
// even double) reads as 10000-01-01, anything below as a time in 9999. Near
// the bottom they are 2^-7 apart: down to -62135596800000.00390625 (halfway;
// the tie goes to the even -62135596800000) text reads as 0001-01-01. Leading
// zeros, a "+" and "-0" are allowed as Number() allows them.
const _DECIMAL_IN_RANGE = `\\+?${
  _decimalUpTo({
    integer: (_LAST_SECOND + 1) * 1000 - 1,
    fraction: "984375",
    inclusive: false,
  })
}|-${
  _decimalUpTo({
    integer: -_FIRST_SECOND * 1000,
    fraction: "00390625",
    inclusive: true,
  })
}`;

/**
 * JSON Schema of a timestamp: the datetime text forms with real calendar
 * dates, or a Unix time within the years 0001–9999 as a decimal string or a
 * number; it accepts exactly what `_sortTextOrThrow` accepts.
 */
export const _TIMESTAMP_JSON_SCHEMA: Readonly<Record<string, unknown>> = {
  anyOf: [
    {
      type: "string",
      pattern:
        `^(?:(?:(?!0000)[0-9]{4}-${_MONTH_DAY}|(?!0000)${_LEAP_YEAR}-02-29)(?:${_TIME})?|${_DECIMAL_IN_RANGE})$`,
    },
    {
      type: "number",
      // Just below the minimum is -62135596800000.0078125, whose .9921875 ms
      // rounds to 992 µs, not up into 0001-01-01, so the bound is exact.
      minimum: _FIRST_SECOND * 1000,
      // Every double below 10000-01-01 in milliseconds rounds to a time in
      // 9999 (the largest, …799999.96875, to .999969), so the bound is exclusive.
      exclusiveMaximum: (_LAST_SECOND + 1) * 1000,
    },
  ],
};

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
 */
function _sortTextOfDatetime(text: string): string | null {
  const length = text.length;
  if (length < 10 || text[4] !== "-" || text[7] !== "-") return null;
  const year = _digitsAt(text, 0, 4);
  const month = _digitsAt(text, 5, 2);
  const day = _digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = "";
  let offset = "";
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
        // Only the first six digits count; the rest are cut, not rounded.
        const micros = text.slice(20, Math.min(end, 26)).padEnd(6, "0");
        if (micros !== "000000") fraction = `.${micros}`;
        next = end;
      }
    }
    if (next < length) {
      const sign = text[next];
      if (sign === "Z" || sign === "z") {
        if (next + 1 !== length) return null;
        offset = "+00:00";
      } else {
        // ISO 8601 allows U+2212 MINUS SIGN before a negative offset.
        const plus = sign === "+";
        if (!plus && sign !== "-" && sign !== "\u2212") return null;
        const colon = text[next + 3] === ":" ? 1 : 0;
        if (next + 5 + colon !== length) return null;
        offsetHours = _digitsAt(text, next + 1, 2);
        offsetMinutes = _digitsAt(text, next + 3 + colon, 2);
        if (offsetHours < 0 || offsetMinutes < 0) return null;
        const zero = offsetHours === 0 && offsetMinutes === 0;
        offset = `${plus || zero ? "+" : "-"}${
          text.slice(next + 1, next + 3)
        }:${text.slice(next + 3 + colon, next + 5 + colon)}`;
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
  if (length === 10) return `${text.slice(0, 10)}T00:00:00`;
  if (hour > 23) _outOfRange(`the hour ${_pad(hour, 2)} is past 23`);
  if (minute > 59) _outOfRange(`the minute ${_pad(minute, 2)} is past 59`);
  if (second > 59) _outOfRange(`the second ${_pad(second, 2)} is past 59`);
  if (offsetHours > 23) {
    _outOfRange(`the offset hour ${_pad(offsetHours, 2)} is past 23`);
  }
  if (offsetMinutes > 59) {
    _outOfRange(`the offset minute ${_pad(offsetMinutes, 2)} is past 59`);
  }
  return `${text.slice(0, 10)}T${text.slice(11, 16)}:${
    _pad(second, 2)
  }${fraction}${offset}`;
}

function _sortTextOfText(text: string): string {
  const sortText = _sortTextOfDatetime(text);
  if (sortText !== null) return sortText;
  if (_DECIMAL.test(text)) return _sortTextOfUnixTime(Number(text));
  throw new TypeError(_FORMS);
}

function _sortTextOfUnixTime(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError("must be a finite Unix time");
  }
  // Split whole and fractional parts before scaling, so that microseconds
  // stay exact even where value × 10^6 would exceed 2^53.
  let seconds: number;
  let micros: number;
  if (Math.abs(value) > _MILLISECONDS_THRESHOLD) {
    const wholeMillis = Math.floor(value);
    seconds = Math.floor(wholeMillis / 1000);
    micros = (wholeMillis - seconds * 1000) * 1000 +
      Math.round((value - wholeMillis) * 1000);
  } else {
    seconds = Math.floor(value);
    micros = Math.round((value - seconds) * 1e6);
  }
  if (micros >= 1e6) {
    seconds += 1;
    micros -= 1e6;
  }
  if (seconds < _FIRST_SECOND || seconds > _LAST_SECOND) {
    throw new RangeError(
      "must be a Unix time within the years 0001 to 9999 (seconds, or milliseconds above 2×10^10)",
    );
  }
  const date = new Date(seconds * 1000);
  const text = `${_pad(date.getUTCFullYear(), 4)}-${
    _pad(date.getUTCMonth() + 1, 2)
  }-${_pad(date.getUTCDate(), 2)}T${_pad(date.getUTCHours(), 2)}:${
    _pad(date.getUTCMinutes(), 2)
  }:${_pad(date.getUTCSeconds(), 2)}`;
  return `${text}${micros === 0 ? "" : `.${_pad(micros, 6)}`}+00:00`;
}

/**
 * Returns the canonical sort text of a timestamp, or throws an error whose
 * message says what the value must be.
 */
export function _sortTextOrThrow(value: unknown): string {
  if (typeof value === "string") return _sortTextOfText(value);
  if (typeof value === "number") return _sortTextOfUnixTime(value);
  throw new TypeError(_FORMS);
}

/**
 * Returns the canonical sort text of a timestamp: exactly what Python's
 * `datetime.isoformat()` prints for the value the reference parses. Events
 * are ordered by this text, compared as text (so `15:00+01:00` sorts after
 * `14:30+00:00`, as in the reference).
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
 * ```
 */
export function timestampSortText(value: string | number): string {
  try {
    return _sortTextOrThrow(value);
  } catch (error) {
    const message = `Cannot read timestamp: value ${
      (error as Error).message
    }: received ${_describeValue(value)}`;
    throw error instanceof RangeError
      ? new RangeError(message)
      : new TypeError(message);
  }
}
