// The JSON Schema of `timestamp` (schemas/event.schema.json) must accept
// exactly what the Valibot layer accepts, except in the three places its
// descriptions name, where the reference's verdict cannot be written as a
// pattern; there it must do exactly what the description says. Strings and
// numbers are drawn around every edge where the verdict or the reading
// changes: ±2×10^10 (seconds → milliseconds), ±2×10^13 (a float's whole part
// read again as milliseconds), the first and last instants in milliseconds
// and in microseconds, 2^63 and 2^64 (where the reference's 64-bit integer of
// digits turns negative or wraps), with long fractions, leading zeros, signs
// and missing digits on one side of the `.`, so that Number()'s rounding at
// the edges is exercised. (The Valibot layer's verdicts are pydantic's: see
// tests/timestamp_pydantic_differential_test.ts.)
import assert from "node:assert/strict";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import * as v from "valibot";
import { EventSchema, timestampSortText } from "../mod.ts";
import { envelope } from "./_builders.ts";

const RUNS = 5_000;

const schema = JSON.parse(
  await Deno.readTextFile(
    new URL("../schemas/event.schema.json", import.meta.url),
  ),
);
const validator = new Validator(schema, "2020-12");

/** Whether the Valibot layer accepts the timestamp, after checking that both of its entry points agree. */
function valibotAccepts(timestamp: string | number): boolean {
  const accepted = v.safeParse(EventSchema, envelope({ timestamp })).success;
  let sortText = true;
  try {
    timestampSortText(timestamp);
  } catch {
    sortText = false;
  }
  assert.equal(sortText, accepted, `timestampSortText() on ${timestamp}`);
  return accepted;
}

function jsonSchemaAccepts(timestamp: string | number): boolean {
  return validator.validate(envelope({ timestamp })).valid;
}

// ------------------------------------------------ the documented gaps

// The stretches where the reference reads a number with a `.` as
// microseconds and the carry decides, about every millisecond.
const TOP_BAND = [253402300799032944n, 253402300799999024n] as const;
const BOTTOM_BAND = [-62135596800991012n, -62135596800000996n] as const;

/** A decimal text with a `.` split into its sign, whole part and fraction digits. */
function parts(text: string) {
  const match = /^([+-]?)([0-9]*)\.([0-9]*)$/.exec(text);
  if (match === null) return null;
  const [, sign, whole, fraction] = match;
  return {
    negative: sign === "-",
    whole: BigInt(whole === "" ? "0" : whole),
    fractional: /[1-9]/.test(fraction),
  };
}

/** -1, 0 or 1 as the decimal `text` (with a `.`) is below, at or above the integer `bound`. */
function compare(text: string, bound: bigint): number {
  const { negative, whole, fractional } = parts(text)!;
  if (whole === 0n && !fractional) return bound > 0n ? -1 : bound < 0n ? 1 : 0;
  if (!negative) {
    if (whole !== bound) return whole < bound ? -1 : 1;
    return fractional ? 1 : 0;
  }
  const magnitude = -bound;
  if (whole !== magnitude) return whole < magnitude ? 1 : -1;
  return fractional ? -1 : 0;
}

/**
 * What the JSON Schema's descriptions say it does where it cannot follow
 * the reference: `false` for integer strings of 20 digits or more (leading
 * zeros aside), `true` for numbers with a `.` inside the two bands (the top
 * one ends below its bound, the bottom one starts at its bound) and for any
 * decimal with an exponent after a `.`; `null` elsewhere, where the schema
 * and the Valibot layer must agree.
 */
function documentedVerdict(text: string): boolean | null {
  if (/^[+-]?0*[1-9][0-9]{19,}$/.test(text)) return false;
  if (/^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+$/.test(text)) {
    return true;
  }
  if (parts(text) === null || !/[0-9]/.test(text)) return null;
  const inTop = compare(text, TOP_BAND[0]) >= 0 &&
    compare(text, TOP_BAND[1]) < 0;
  const inBottom = compare(text, BOTTOM_BAND[0]) >= 0 &&
    compare(text, BOTTOM_BAND[1]) < 0;
  return inTop || inBottom ? true : null;
}

/**
 * Checks the schema against the Valibot layer (or, in a documented gap,
 * against its description) and returns the Valibot layer's verdict.
 */
function checkedVerdict(timestamp: string | number): boolean {
  const accepted = valibotAccepts(timestamp);
  const documented = typeof timestamp === "string"
    ? documentedVerdict(timestamp)
    : null;
  assert.equal(
    jsonSchemaAccepts(timestamp),
    documented ?? accepted,
    `${JSON.stringify(timestamp)}: Valibot says ${accepted}${
      documented === null ? "" : `, the description ${documented}`
    }`,
  );
  return accepted;
}

// --------------------------------------------------------- generators

const pad = (value: number, width = 2) => String(value).padStart(width, "0");
/** Mostly from 0 to `max`, at and past the edge often, now and then any two digits. */
const twoDigits = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max }) },
    { weight: 1, arbitrary: fc.constantFrom(0, max, max + 1, 99) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }) },
  ).map((n) => pad(n));

const datetimeText = fc.tuple(
  fc.oneof(
    fc.constantFrom(0, 1, 1900, 2000, 2024, 2026, 9999),
    fc.integer({ min: 0, max: 9999 }),
  ).map((n) => pad(n, 4)),
  twoDigits(12),
  twoDigits(31),
  fc.option(
    fc.tuple(
      fc.constantFrom("T", "t", " ", "_", "-"),
      twoDigits(23),
      twoDigits(59),
      fc.option(
        fc.tuple(
          twoDigits(59),
          fc.option(fc.stringMatching(/^[.,][0-9]{0,8}$/)),
        ),
      ),
      fc.option(
        fc.oneof(
          fc.constantFrom("Z", "z", "+", "\u2212", "-00:00", "\u22120000"),
          fc.tuple(
            fc.constantFrom("+", "-", "\u2212", "~"),
            twoDigits(23),
            fc.constantFrom(":", ""),
            twoDigits(59),
          ).map((p) => p.join("")),
        ),
      ),
    ),
  ),
).map(([y, m, d, time]) => {
  let text = `${y}-${m}-${d}`;
  if (time === null) return text;
  const [separator, h, min, seconds, offset] = time;
  text += `${separator}${h}:${min}`;
  if (seconds !== null) text += `:${seconds[0]}${seconds[1] ?? ""}`;
  return text + (offset ?? "");
});

const EDGES = [
  0n,
  20000000000n,
  20000000000000n,
  62135596800000n,
  253402300799999n,
  253402300800000n,
  ...TOP_BAND,
  ...BOTTOM_BAND.map((edge) => -edge),
  62135596800000000n,
  253402300800000000n,
  9223372036854775807n,
  18446744073709551616n,
  36893488147419103232n,
];

// Whole parts at and around the edges, or any of up to 24 digits.
const wholeDigits = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom(...EDGES),
      fc.bigInt({ min: -3n, max: 3n }),
      fc.constantFrom(1n, 1n, 1000n),
    ).map(([edge, offset, step]) => {
      const value = edge + offset * step;
      return String(value < 0n ? -value : value);
    }),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,24}$/) },
);

// Fractions that start like the gaps between doubles and the halfway points
// at the edges, or like a sub-microsecond that rounds up, then go on.
const fractionDigits = fc.tuple(
  fc.constantFrom(
    "",
    "0",
    "5",
    "96875",
    "984375",
    "9921875",
    "0078125",
    "9995",
    "0005",
  ),
  fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^0{0,3}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,30}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^9{1,30}$/) },
  ),
).map(([prefix, tail]) => prefix + tail);

const decimalText = fc.record({
  sign: fc.constantFrom("", "", "+", "-", "-"),
  zeros: fc.oneof(fc.constant(""), fc.stringMatching(/^0{1,30}$/)),
  whole: wholeDigits,
  // null: an integer; otherwise a `.` and these fraction digits.
  fraction: fc.option(fractionDigits, { freq: 3 }),
  // 0: no digit before the `.`.
  shape: fc.integer({ min: 0, max: 9 }),
}).map(({ sign, zeros, whole, fraction, shape }) => {
  if (fraction === null) return `${sign}${zeros}${whole}`;
  return `${sign}${shape === 0 ? "" : zeros + whole}.${fraction}`;
});

const exponentText = fc.tuple(
  decimalText.filter((text) => /[0-9]\.|\.[0-9]/.test(text)),
  fc.constantFrom("e", "E"),
  fc.constantFrom("", "+", "-"),
  fc.oneof(
    fc.integer({ min: 0, max: 25 }).map(String),
    fc.constantFrom("400", "0003"),
  ),
).map((pieces) => pieces.join(""));

/** The next double above `value` (both finite, nonzero magnitude ≥ 1). */
function nextUp(value: number): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, value);
  const raw = bits.getBigUint64(0);
  bits.setBigUint64(0, value > 0 ? raw + 1n : raw - 1n);
  return bits.getFloat64(0);
}

function nextDown(value: number): number {
  return -nextUp(-value);
}

const MAX = 253402300800000; // 10000-01-01 in milliseconds, excluded
const MIN = -62135596800000; // 0001-01-01 in milliseconds, included
const NUMBER_EDGES = [2e10, -2e10, MIN, MAX];

const unixNumber = fc.oneof(
  ...NUMBER_EDGES.map((edge) =>
    fc.double({ min: edge - 2, max: edge + 2, noNaN: true })
  ),
  ...NUMBER_EDGES.map((edge) =>
    fc.constantFrom(edge, nextUp(edge), nextDown(edge), -edge)
  ),
  fc.double({ min: 2 * MIN, max: 2 * MAX, noNaN: true }),
);

// -------------------------------------------------------------- tests

Deno.test("the timestamp JSON Schema accepts exactly the datetime strings the Valibot layer accepts", () => {
  let accepted = 0;
  fc.assert(
    fc.property(datetimeText, (text) => {
      assert.equal(documentedVerdict(text), null);
      if (checkedVerdict(text)) accepted++;
    }),
    { numRuns: RUNS },
  );
  // Not vacuous: both verdicts are common.
  assert.ok(accepted > RUNS / 20 && accepted < RUNS * 4 / 5, `${accepted}`);
});

Deno.test("the timestamp JSON Schema accepts exactly the decimal strings the Valibot layer accepts, outside the gaps its description names", () => {
  let accepted = 0;
  let documented = 0;
  fc.assert(
    fc.property(decimalText, (text) => {
      if (documentedVerdict(text) !== null) documented++;
      if (checkedVerdict(text)) accepted++;
    }),
    { numRuns: RUNS },
  );
  assert.ok(accepted > RUNS / 5 && accepted < RUNS * 4 / 5, `${accepted}`);
  assert.ok(documented > 0 && documented < RUNS / 5, `${documented}`);
});

Deno.test("the timestamp JSON Schema accepts every decimal string with an exponent, as its description says", () => {
  let accepted = 0;
  fc.assert(
    fc.property(exponentText, (text) => {
      assert.equal(documentedVerdict(text), true);
      if (checkedVerdict(text)) accepted++;
    }),
    { numRuns: RUNS },
  );
  // The gap is real: the reference refuses some of them.
  assert.ok(accepted > RUNS / 5 && accepted < RUNS * 4 / 5, `${accepted}`);
});

Deno.test("the timestamp JSON Schema accepts exactly the numbers the Valibot layer accepts", () => {
  let accepted = 0;
  fc.assert(
    fc.property(unixNumber, (value) => {
      if (checkedVerdict(value)) accepted++;
    }),
    { numRuns: RUNS },
  );
  assert.ok(accepted > RUNS / 5 && accepted < RUNS * 4 / 5, `${accepted}`);
});

Deno.test("the timestamp JSON Schema's gaps are exactly where its description says", async (t) => {
  // [text, the Valibot layer accepts it, the JSON Schema accepts it]
  const cases: [string, boolean, boolean][] = [
    // Integers of 20 digits or more: refused by the pattern, though the
    // reference's wrapping 64-bit integer reads some of them into range.
    ["18446744073709551616", true, false],
    ["-18446744073709551617", true, false],
    ["00018446744073709551616", true, false],
    ["18446744073709551615", false, false],
    // 19 digits are exact: past the years, or past 2^63.
    ["9223372036854775807", false, false],
    ["0000000000000000000000253402300799999", true, true],
    // The top band: below its start every value is accepted…
    ["253402300799032943.99", true, true],
    ["253402300799032944", false, false],
    // …from it the verdict alternates, and the pattern accepts all…
    ["253402300799032944.", false, true],
    ["253402300799500000.0", true, true],
    ["253402300799500900.0", false, true],
    ["253402300799999008.0", true, true],
    ["253402300799999023.99", true, true],
    // …up to its end, from where nothing is accepted.
    ["253402300799999024.0", false, false],
    ["253402300800000000.", false, false],
    // The bottom band, from its start (a tie that rounds to the accepted
    // double) to its end.
    ["-62135596800991012.0", true, true],
    ["-62135596800991012.000001", false, false],
    ["-62135596800991011.", true, true],
    ["-62135596800500000.0", false, true],
    ["-62135596800000996.000001", false, true],
    ["-62135596800000996.0", true, true],
    ["-62135596800000000.5", true, true],
    // Exponents: the pattern checks the form only.
    ["1.5e3", true, true],
    ["1.5e20", false, true],
    ["1.e400", false, true],
    ["9223372036854775808.5e-10", false, true],
    ["1e5", false, false],
    ["1.5e", false, false],
  ];
  for (const [text, valibot, jsonSchema] of cases) {
    await t.step(text, () => {
      assert.equal(valibotAccepts(text), valibot);
      assert.equal(jsonSchemaAccepts(text), jsonSchema);
      assert.equal(checkedVerdict(text), valibot);
    });
  }
});

Deno.test("the timestamp JSON Schema follows Number()'s rounding at the edges of the years 0001–9999", async (t) => {
  for (
    const [timestamp, accepted] of [
      // Integers are exact: seconds up to 2×10^10, then milliseconds.
      ["253402300799999", true],
      ["253402300800000", false],
      ["-62135596800000", true],
      ["-62135596800001", false],
      ["+000253402300799999", true],
      ["-20000000000", true],
      ["-0", true],
      [`${"0".repeat(10_000)}1`, true],
      [`${"0".repeat(10_000)}x`, false],
      // With a `.`, milliseconds beyond 2×10^13 are read as microseconds.
      ["253402300799999.984375", true],
      ["253402300800000.5", true],
      ["-62135596800001.0", true],
      ["20000000000.5", true],
      ["-20000000000.999999999", true],
      // Digits on one side of the `.` are enough.
      [".5", true],
      ["5.", true],
      ["-0.", true],
      ["+.5", true],
      [".", false],
      ["-.", false],
      ["+0.0", true],
      // Numbers: the fraction of the last millisecond never carries.
      [253402300799999.97, true],
      [MAX, false],
      [MIN, true],
      [nextDown(MIN), false],
      [-2e10, true],
    ] as const
  ) {
    await t.step(JSON.stringify(timestamp).slice(0, 40), () => {
      assert.equal(checkedVerdict(timestamp), accepted);
    });
  }
});
