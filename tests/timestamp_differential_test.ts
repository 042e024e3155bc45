// timestampSortText reads datetimes character by character for speed. This
// test holds it to a second, independent formulation of docs/contract.md, "The event envelope" written
// with one regular expression, on generated near-miss strings.
import assert from "node:assert/strict";
import fc from "fast-check";
import { timestampSortText } from "../mod.ts";
import {
  checkedTimestamp,
  sortTextOrThrow,
} from "../src/envelope/timestamp.ts";

const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt _]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?(?:([Zz])|([+\u2212-])([0-9]{2}):?([0-9]{2}))?)?$/;

/** The oracle: the sort text, "TypeError" or "RangeError". */
function oracle(text: string): string {
  const match = DATETIME.exec(text);
  if (match === null) {
    if (/^[+-]?[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?$/.test(text)) return "unix";
    return "TypeError";
  }
  const [
    ,
    year,
    month,
    day,
    hour,
    minute,
    second,
    fraction,
    zulu,
    sign,
    oh,
    om,
  ] = match;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return "RangeError";
  if (hour === undefined) return `${year}-${month}-${day}T00:00:00`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
    return "RangeError";
  }
  if (sign !== undefined && (Number(oh) > 23 || Number(om) > 59)) {
    return "RangeError";
  }
  let out = `${year}-${month}-${day}T${hour}:${minute}:${second ?? "00"}`;
  const micros = (fraction ?? "").slice(0, 6).padEnd(6, "0");
  if (micros !== "000000") out += `.${micros}`;
  if (zulu !== undefined) return `${out}+00:00`;
  if (sign === undefined) return out;
  const negative = sign !== "+" && (oh !== "00" || om !== "00");
  return `${out}${negative ? "-" : "+"}${oh}:${om}`;
}

function actual(text: string): string {
  try {
    return timestampSortText(text);
  } catch (error) {
    return (error as Error).name;
  }
}

const two = fc.integer({ min: 0, max: 99 }).map((n) =>
  String(n).padStart(2, "0")
);
const datetime = fc.tuple(
  fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
  two,
  two,
  fc.option(
    fc.tuple(
      fc.constantFrom("T", "t", " ", "_"),
      two,
      two,
      fc.option(
        fc.tuple(
          two,
          fc.option(
            fc.tuple(
              fc.constantFrom(".", ",", ";"),
              fc.stringMatching(/^[0-9]{0,9}$/),
            ),
          ),
        ),
      ),
      fc.option(
        fc.oneof(
          fc.constantFrom("Z", "z", "+", "-00:00", "-0000", "\u221200:00"),
          fc.tuple(
            fc.constantFrom("+", "-", "\u2212"),
            two,
            fc.constantFrom(":", ""),
            two,
          ).map((p) => p.join("")),
        ),
      ),
    ),
  ),
).map(([y, m, d, time]) => {
  let text = `${y}-${m}-${d}`;
  if (time !== null) {
    const [separator, h, min, seconds, offset] = time;
    text += `${separator}${h}:${min}`;
    if (seconds !== null) {
      text += `:${seconds[0]}`;
      if (seconds[1] !== null) text += seconds[1].join("");
    }
    if (offset !== null) text += offset;
  }
  return text;
});

/** Near misses: one character dropped, doubled or replaced. */
const mutated = fc.tuple(
  datetime,
  fc.nat(),
  fc.constantFrom("drop", "double", "replace"),
  fc.constantFrom("0", "9", ":", "-", "T", "Z", " ", "+", "x", "_", "\u2212"),
)
  .map(([text, at, how, char]) => {
    const index = at % (text.length + 1);
    if (how === "drop") return text.slice(0, index) + text.slice(index + 1);
    if (how === "double") {
      return text.slice(0, index) + text[index] + text.slice(index);
    }
    return text.slice(0, index) + char + text.slice(index + 1);
  });

Deno.test('timestampSortText() agrees with a regular-expression formulation of docs/contract.md, "The event envelope"', () => {
  fc.assert(
    fc.property(fc.oneof(datetime, mutated), (text) => {
      const expected = oracle(text);
      if (expected === "unix") return; // Unix times have their own tests.
      assert.equal(actual(text), expected, text);
    }),
    { numRuns: 20_000 },
  );
});

/** What a reader makes of a value: `ok`, or the error's class and message. */
function verdict(read: () => unknown): string {
  try {
    read();
    return "ok";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

Deno.test("parseEvent's timestamp check, which makes no sort text, accepts and rejects exactly as the sort text does", () => {
  const unix = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.double({ min: -7e13, max: 3e17 }),
    fc.stringMatching(
      /^[+-]?[0-9]{0,21}(?:\.[0-9]{0,8})?(?:[eE][+-]?[0-9]{1,3})?$/,
    ),
  );
  const values = fc.oneof(datetime, mutated, unix, fc.string());
  fc.assert(
    fc.property(values, (value) => {
      const expected = verdict(() => sortTextOrThrow(value));
      assert.equal(verdict(() => checkedTimestamp(value)), expected);
      if (expected === "ok") assert.equal(checkedTimestamp(value), value);
    }),
    { numRuns: 20_000 },
  );
  assert.throws(() => checkedTimestamp(null as never), TypeError);
});
