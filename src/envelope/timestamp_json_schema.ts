// The JSON Schema of a timestamp (docs/contract.md, "The event envelope",
// Timestamps): regular expressions that accept exactly the datetime and
// decimal forms timestamp.ts reads, with real calendar dates and the
// bounds of the years 0001–9999, for the committed envelope schemas.
import { FIRST_SECOND, LAST_SECOND } from "./timestamp.ts";

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
  if (rest === "") return digit === "0" ? "0" : `[0-${digit}]`;
  const same = `${digit}${_digitsAtMost(rest)}`;
  if (digit === "0") return same;
  const any = rest.length === 1 ? "[0-9]" : `[0-9]{${rest.length}}`;
  return `(?:${_digitBelow(digit)}${any}|${same})`;
}

/** Regex source for digits (leading zeros allowed) whose value ≤ `bound`. */
function _integerAtMost(bound: string): string {
  return `0*(?:[0-9]{1,${bound.length - 1}}|${_digitsAtMost(bound)})`;
}

/**
 * Regex source for a decimal with a `.` and digits on at least one side
 * (`5.`, `.5`, `5.25`; leading zeros allowed) whose value is below `bound`,
 * or at most `bound` when `inclusive` (`bound` is an integer, as text).
 */
function _pointedBelow(bound: string, inclusive: boolean): string {
  const below = _integerAtMost(String(BigInt(bound) - 1n));
  return `(?:${below}\\.[0-9]*|\\.[0-9]+${
    inclusive ? `|0*${bound}\\.0*` : ""
  })`;
}

// Integer strings are read like numbers (seconds up to 2×10^10, then
// milliseconds), so they are in range from -62135596800000 to
// 253402300799999; the reference reads their digits into a 64-bit integer
// that wraps around, which only matters from 20 digits on (leading zeros
// aside), where the pattern refuses them all (see its description).
//
// A string with a `.` goes through a float and, above 2×10^10, is divided by
// 1000 before its whole part is read again as a Unix time; beyond ±2×10^13
// that whole part is itself taken as milliseconds, so such strings count
// microseconds and stay in range up to about ±2.5×10^17. At both ends the
// carry from the fraction decides, millisecond by millisecond: the last
// double accepted at the top is 253402300799999008 (text rounds to it below
// 253402300799999024, where the tie goes to the even 253402300799999040), the
// lowest is -62135596800991008 (text rounds to it down to
// -62135596800991012, where the tie goes to it, the even one). Between those
// bounds and 253402300799032944 / -62135596800000996 the verdict alternates
// about every millisecond (some 1,950 runs of accepted doubles, which would
// take tens of kilobytes of pattern); the pattern accepts all of that, as
// its description says.
const _DECIMAL_TEXT = `\\+?${_integerAtMost("253402300799999")}|-${
  _integerAtMost("62135596800000")
}|\\+?${_pointedBelow("253402300799999024", false)}|-${
  _pointedBelow("62135596800991012", true)
}`;

/** The JSON Schema fragment of one string form of a timestamp. */
function _textForm(
  description: string,
  pattern: string,
): Record<string, unknown> {
  return { type: "string", description, pattern: `^(?:${pattern})$` };
}

/**
 * JSON Schema of a timestamp: the datetime text forms with real calendar
 * dates, a Unix time as a decimal string or a number; it accepts exactly what
 * `sortTextOrThrow` accepts, except where a string branch's description says
 * what its pattern cannot check.
 */
export const TIMESTAMP_JSON_SCHEMA: Readonly<Record<string, unknown>> = {
  anyOf: [
    _textForm(
      "A date (YYYY-MM-DD, a real calendar date from 0001), alone or with a time after T, t, a space or _ (HH:MM, optional :SS and a fraction after . or ,) and an optional offset (Z, z, or +, - or U+2212 MINUS SIGN then HH:MM or HHMM, under 24 hours).",
      `(?!0000)[0-9]{4}-${_MONTH_DAY}(?:${_TIME})?|(?!0000)${_LEAP_YEAR}-02-29(?:${_TIME})?`,
    ),
    _textForm(
      "A Unix time as a decimal string. An integer, with an optional sign and leading zeros, from -62135596800000 to 253402300799999: seconds up to ±2×10^10, milliseconds beyond. A number with a . and digits on at least one side, from -62135596800991012 to below 253402300799999024: above ±2×10^10 it is divided by 1000, and beyond ±2×10^13 what remains is read as milliseconds again. Two things this pattern cannot say. The reference reads the digits into a 64-bit integer that wraps around, so of the integers of 20 digits or more (leading zeros aside), which this pattern refuses, it accepts those that wrap into range (18446744073709551616 reads as 0). And between -62135596800991012 and -62135596800000996 and between 253402300799032944 and 253402300799999024, the carry from the fraction takes some values past the years 0001–9999 and not others, the verdict changing about every millisecond; this pattern accepts every value there.",
      _DECIMAL_TEXT,
    ),
    _textForm(
      "A decimal string with an exponent after a . (1.5e3, .5E-1, 5.e2). The pattern checks the form only: whether the value falls within the years 0001–9999 depends on the exponent against the count of digits, which no regular expression can compare, so the reference rejects some strings this accepts, such as 1.5e20, 1.e400, or 9223372036854775808.5e-10, whose digits before the . it cannot read (see the integers above).",
      "[+-]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)[eE][+-]?[0-9]+",
    ),
    {
      type: "number",
      // Just below the minimum is -62135596800000.0078125, whose .0078125 ms
      // rounds to 8 µs and carries nothing, so it stays in the year 0000.
      minimum: FIRST_SECOND * 1000,
      // Every double below 10000-01-01 in milliseconds keeps its fraction
      // under a millisecond (the largest, …799999.96875, gives 969 µs), so
      // nothing carries into the year 10000 and the bound is exclusive.
      exclusiveMaximum: (LAST_SECOND + 1) * 1000,
    },
  ],
};
