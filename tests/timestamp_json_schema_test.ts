// The JSON Schema of `timestamp` (schemas/event.schema.json) must accept
// exactly what the Valibot layer accepts. Decimal strings and numbers are
// drawn around the four edges where the verdict or the reading changes:
// ±2×10^10 (seconds → milliseconds), 0001-01-01 and 10000-01-01 in
// milliseconds, with long fractions, leading zeros and signs, so that
// Number()'s rounding at the edges is exercised.
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

/** Checks that both layers agree on `timestamp` and returns their verdict. */
function agreedVerdict(timestamp: string | number): boolean {
  const accepted = valibotAccepts(timestamp);
  assert.equal(
    jsonSchemaAccepts(timestamp),
    accepted,
    `${JSON.stringify(timestamp)}: Valibot says ${accepted}`,
  );
  return accepted;
}

const MAX = 253402300800000; // 10000-01-01 in milliseconds, excluded
const MIN = -62135596800000; // 0001-01-01 in milliseconds, included
const EDGES = [2e10, -2e10, MIN, MAX];

// Signed integer parts at and around the edges (the sign flipped now and
// then), or any integer part of up to 18 digits with any sign.
const signedInteger = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom(...EDGES.map(BigInt)),
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: 0, max: 4 }),
      fc.boolean(),
    ).map(([edge, offset, flip, plus]) => {
      const value = (edge + BigInt(offset)) * (flip === 0 ? -1n : 1n);
      return value < 0n ? `-${-value}` : `${plus ? "+" : ""}${value}`;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom("", "+", "-"),
      fc.stringMatching(/^[0-9]{1,18}$/),
    ).map(([sign, digits]) => sign + digits),
  },
);

// Fractions that start like the halfway points and gaps between doubles at
// the edges (.984375 and .96875 at the top, .00390625 and .0078125 at the
// bottom), or like a sub-millisecond that rounds up, then go on for a while.
const fractionPart = fc.tuple(
  fc.constantFrom(
    "",
    "0",
    "5",
    "96875",
    "984374",
    "984375",
    "984376",
    "9921875",
    "0078125",
    "00390624",
    "00390625",
    "00390626",
    "9995",
    "0005",
  ),
  fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^0{0,3}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,30}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^0{1,40}[1-9]?$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^9{1,40}$/) },
  ),
).map(([prefix, tail]) => prefix + tail);

const decimalText = fc.record({
  signed: signedInteger,
  zeros: fc.oneof(fc.constant(""), fc.stringMatching(/^0{1,30}$/)),
  // null: no fraction; "": a bare "." (not a decimal here).
  fraction: fc.option(fractionPart, { freq: 4 }),
  // ".5", "-.5": a fraction with no integer part (not a decimal here).
  bareFraction: fc.integer({ min: 0, max: 19 }),
}).map(({ signed, zeros, fraction, bareFraction }) => {
  const sign = /^[+-]/.test(signed) ? signed[0] : "";
  const digits = signed.slice(sign.length);
  const integer = bareFraction === 0 && fraction !== null ? "" : zeros + digits;
  return `${sign}${integer}${fraction === null ? "" : `.${fraction}`}`;
});

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

const unixNumber = fc.oneof(
  ...EDGES.map((edge) =>
    fc.double({ min: edge - 2, max: edge + 2, noNaN: true })
  ),
  ...EDGES.map((edge) =>
    fc.constantFrom(edge, nextUp(edge), nextDown(edge), -edge)
  ),
  fc.double({ min: 2 * MIN, max: 2 * MAX, noNaN: true }),
);

Deno.test("the timestamp JSON Schema accepts exactly the decimal strings the Valibot layer accepts", () => {
  let accepted = 0;
  fc.assert(
    fc.property(decimalText, (text) => {
      if (agreedVerdict(text)) accepted++;
    }),
    { numRuns: RUNS },
  );
  // Not vacuous: both verdicts are common.
  assert.ok(accepted > RUNS / 5 && accepted < RUNS * 4 / 5, `${accepted}`);
});

Deno.test("the timestamp JSON Schema accepts exactly the numbers the Valibot layer accepts", () => {
  let accepted = 0;
  fc.assert(
    fc.property(unixNumber, (value) => {
      if (agreedVerdict(value)) accepted++;
    }),
    { numRuns: RUNS },
  );
  assert.ok(accepted > RUNS / 5 && accepted < RUNS * 4 / 5, `${accepted}`);
});

Deno.test("the timestamp JSON Schema follows Number()'s rounding at the edges of the years 0001–9999", async (t) => {
  for (
    const [timestamp, accepted] of [
      // Doubles near 10000-01-01 are 2^-5 apart; the halfway point ties to
      // the even 253402300800000, which is 10000-01-01.
      ["253402300799999.96875", true],
      ["253402300799999.984374999999999999999", true],
      ["253402300799999.984375", false],
      ["253402300799999.99", false],
      ["+000253402300799999.98", true],
      ["253402300800000", false],
      ["99999999999999999", false],
      // Doubles near 0001-01-01 are 2^-7 apart; the halfway point ties to
      // the even -62135596800000, which is 0001-01-01.
      ["-62135596800000.00390625", true],
      ["-62135596800000.003906250000000000001", false],
      ["-62135596800000.0078125", false],
      ["-62135596800001", false],
      ["-0062135596799999.999999", true],
      // Seconds up to 2×10^10 in absolute value are all in range.
      ["-20000000000.999999999", true],
      ["20000000000.5", true],
      ["-0", true],
      ["+0.0", true],
      [`${"0".repeat(10_000)}1`, true],
      [`${"0".repeat(10_000)}x`, false],
      [253402300799999.97, true],
      [MAX, false],
      [MIN, true],
      [nextDown(MIN), false],
      [-2e10, true],
    ] as const
  ) {
    await t.step(JSON.stringify(timestamp).slice(0, 40), () => {
      assert.equal(agreedVerdict(timestamp), accepted);
    });
  }
});
