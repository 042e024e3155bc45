// Expected sort texts are worked by hand from docs/contract.md, "The event envelope" (what Python's
// `datetime.isoformat()` prints); the Unix times were checked against
// Python's `datetime` arithmetic, and those of the reference's own quirks
// (pydantic 2.13.4, lax mode) were read off pydantic. Every input of the
// issue-10 tables below is also sent to pydantic at test time by
// tests/timestamp_pydantic_differential_test.ts.
import assert from "node:assert/strict";
import { timestampSortText } from "../mod.ts";

async function table(
  t: Deno.TestContext,
  cases: readonly (readonly [string | number, string])[],
): Promise<void> {
  for (const [input, expected] of cases) {
    await t.step(JSON.stringify(input), () => {
      assert.equal(timestampSortText(input), expected);
    });
  }
}

Deno.test("timestampSortText() gives every sort text listed in the contract", async (t) => {
  await table(t, [
    ["2026-02-21T14:00:00.000Z", "2026-02-21T14:00:00+00:00"],
    ["2026-02-21T14:00:00.5Z", "2026-02-21T14:00:00.500000+00:00"],
    ["2026-02-21 14:00", "2026-02-21T14:00:00"],
    ["2026-02-21T14:00:00+0530", "2026-02-21T14:00:00+05:30"],
    [1700000000, "2023-11-14T22:13:20+00:00"],
    ["-5", "1969-12-31T23:59:55+00:00"],
  ]);
});

Deno.test("timestampSortText() reads the datetime text forms", async (t) => {
  await table(t, [
    ["2026-02-21T14:00", "2026-02-21T14:00:00"],
    ["2026-02-21t14:00:07", "2026-02-21T14:00:07"],
    ["2026-02-21 14:00:07", "2026-02-21T14:00:07"],
    ["2026-02-21T14:00Z", "2026-02-21T14:00:00+00:00"],
    ["2026-02-21T14:00:00z", "2026-02-21T14:00:00+00:00"],
    ["2026-02-21T14:00:00+00:00", "2026-02-21T14:00:00+00:00"],
    ["2026-02-21T14:00:00-05:00", "2026-02-21T14:00:00-05:00"],
    ["2026-02-21T14:00:00-0330", "2026-02-21T14:00:00-03:30"],
    ["2026-02-21T14:00:00+23:59", "2026-02-21T14:00:00+23:59"],
    ["2026-02-21T23:59:59", "2026-02-21T23:59:59"],
    ["0001-01-01T00:00", "0001-01-01T00:00:00"],
    ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999+00:00"],
  ]);
});

Deno.test("timestampSortText() prints +00:00 for -00:00 and -0000", async (t) => {
  await table(t, [
    ["2026-02-21T14:00:00-00:00", "2026-02-21T14:00:00+00:00"],
    ["2026-02-21T14:00:00-0000", "2026-02-21T14:00:00+00:00"],
    ["2026-02-21T14:00-00:00", "2026-02-21T14:00:00+00:00"],
  ]);
});

Deno.test("timestampSortText() cuts fractions after six digits, never rounds", async (t) => {
  await table(t, [
    ["2026-02-21T14:00:00.1234569Z", "2026-02-21T14:00:00.123456+00:00"],
    ["2026-02-21T14:00:00.9999999", "2026-02-21T14:00:00.999999"],
    ["2026-02-21T14:00:00.0000009", "2026-02-21T14:00:00"],
    ["2026-02-21T14:00:00.000001", "2026-02-21T14:00:00.000001"],
    ["2026-02-21T14:00:00.12", "2026-02-21T14:00:00.120000"],
  ]);
});

Deno.test("timestampSortText() accepts a comma before the fraction", async (t) => {
  await table(t, [
    ["2026-02-21T14:00:00,25", "2026-02-21T14:00:00.250000"],
    ["2026-02-21T14:00:00,5+01:00", "2026-02-21T14:00:00.500000+01:00"],
  ]);
});

Deno.test("timestampSortText() reads a date alone as midnight with no offset", async (t) => {
  await table(t, [
    ["2026-02-21", "2026-02-21T00:00:00"],
    ["2024-02-29", "2024-02-29T00:00:00"],
    ["2000-02-29", "2000-02-29T00:00:00"],
  ]);
});

Deno.test("timestampSortText() reads Unix seconds, as numbers or decimal strings", async (t) => {
  await table(t, [
    [0, "1970-01-01T00:00:00+00:00"],
    ["1700000000", "2023-11-14T22:13:20+00:00"],
    [-5, "1969-12-31T23:59:55+00:00"],
    ["+5", "1970-01-01T00:00:05+00:00"],
    [1700000000.5, "2023-11-14T22:13:20.500000+00:00"],
    ["1700000000.123456", "2023-11-14T22:13:20.123456+00:00"],
    [-1.5, "1969-12-31T23:59:58.500000+00:00"],
    // Eight digits are a Unix time, not a date.
    ["20260221", "1970-08-23T11:50:21+00:00"],
    [20260221, "1970-08-23T11:50:21+00:00"],
    // 2×10^10 itself is still seconds.
    [2e10, "2603-10-11T11:33:20+00:00"],
    // Microseconds stay exact where seconds × 10^6 passes 2^53.
    [19000000000.25, "2572-02-01T09:46:40.250000+00:00"],
  ]);
});

Deno.test("timestampSortText() reads Unix milliseconds above 2×10^10", async (t) => {
  await table(t, [
    [20000000001, "1970-08-20T11:33:20.001000+00:00"],
    [-20000000001, "1969-05-14T12:26:39.999000+00:00"],
    [1700000000000, "2023-11-14T22:13:20+00:00"],
    ["1700000000123", "2023-11-14T22:13:20.123000+00:00"],
    [1700000000123.5, "2023-11-14T22:13:20.123500+00:00"],
    [253402300799, "1978-01-11T21:31:40.799000+00:00"],
    [253402300799999, "9999-12-31T23:59:59.999000+00:00"],
    [-62135596800000, "0001-01-01T00:00:00+00:00"],
  ]);
});

Deno.test("timestampSortText() texts compare as text, not as instants", () => {
  // 15:00+01:00 is the instant 14:00Z, yet it sorts after 14:30Z.
  const later = timestampSortText("2026-02-21T15:00:00+01:00");
  const earlier = timestampSortText("2026-02-21T14:30:00Z");
  assert.equal(later, "2026-02-21T15:00:00+01:00");
  assert.equal(earlier, "2026-02-21T14:30:00+00:00");
  assert.ok(later > earlier);
});

Deno.test("timestampSortText() accepts _ between the date and the time, as the reference does", async (t) => {
  await table(t, [
    ["2026-02-21_14:00", "2026-02-21T14:00:00"],
    ["2026-02-21_14:00:00.5+01:00", "2026-02-21T14:00:00.500000+01:00"],
  ]);
});

Deno.test("timestampSortText() accepts U+2212 MINUS SIGN before an offset", async (t) => {
  await table(t, [
    ["2026-02-21T14:00:00\u221205:00", "2026-02-21T14:00:00-05:00"],
    ["2026-02-21T14:00:00.5\u22120530", "2026-02-21T14:00:00.500000-05:30"],
    ["2026-02-21T14:00\u22120000", "2026-02-21T14:00:00+00:00"],
  ]);
});

Deno.test("timestampSortText() reads decimal strings with an empty part or an exponent after the point", async (t) => {
  await table(t, [
    [".5", "1970-01-01T00:00:00.500000+00:00"],
    ["+.5", "1970-01-01T00:00:00.500000+00:00"],
    ["-.5", "1969-12-31T23:59:59.500000+00:00"],
    ["5.", "1970-01-01T00:00:05+00:00"],
    ["-0.", "1970-01-01T00:00:00+00:00"],
    ["1.5e3", "1970-01-01T00:25:00+00:00"],
    ["1.5E+3", "1970-01-01T00:25:00+00:00"],
    ["5.e-1", "1970-01-01T00:00:00.500000+00:00"],
  ]);
  await t.step(
    "an exponent needs a point before it: 1e5 is not a number",
    () => {
      assert.throws(() => timestampSortText("1e5"), {
        name: "TypeError",
        message:
          /^Cannot read timestamp: value must be a datetime .*: received "1e5"$/,
      });
    },
  );
});

Deno.test("timestampSortText() keeps the fraction of a negative number positive, as the reference does", async (t) => {
  // -1.25 is read as -2 s + 0.25 s; a decimal string goes another way.
  await table(t, [
    [-1.25, "1969-12-31T23:59:58.250000+00:00"],
    [-0.5, "1969-12-31T23:59:59.500000+00:00"],
    ["-1.25", "1969-12-31T23:59:58.750000+00:00"],
  ]);
});

Deno.test("timestampSortText() reads a number whose whole part is exactly 2×10^10 as seconds with a fraction in milliseconds", async (t) => {
  // The number is above 2×10^10, so its fraction counts milliseconds; its
  // whole part is not, so it counts seconds. A string divides by 1000 first.
  await table(t, [
    [20000000000.5, "2603-10-11T11:33:20.000500+00:00"],
    [-20000000000.5, "1969-05-14T12:26:39.999500+00:00"],
    ["20000000000.5", "1970-08-20T11:33:20.000500+00:00"],
  ]);
});

Deno.test("timestampSortText() rounds millisecond strings to the microsecond as Python's float arithmetic does", async (t) => {
  // 1597741604865.1684 / 1000 is the double 1597741604.8651685…, whose
  // fraction times 10^6 rounds to 865169 (the exact quotient would give 865168).
  await table(t, [
    ["1597741604865.1684", "2020-08-18T09:06:44.865169+00:00"],
    [1597741604865.1684, "2020-08-18T09:06:44.865168+00:00"],
  ]);
});

Deno.test("timestampSortText() reads a number with a point beyond ±2×10^13 as microseconds, as the reference does", async (t) => {
  await table(t, [
    ["253402300799999.5", "1978-01-11T21:31:41.798512+00:00"],
    ["253402300799500000.0", "9999-12-31T23:59:59.500000+00:00"],
    ["-62135596800000000.5", "0001-01-01T00:00:00+00:00"],
  ]);
  await t.step(
    "where the carry from the fraction passes the year 9999, it is out of range",
    () => {
      assert.throws(() => timestampSortText("253402300799500900.0"), {
        name: "RangeError",
        message:
          'Cannot read timestamp: value must be a Unix time within the years 0001 to 9999 (seconds, or milliseconds above 2×10^10): received "253402300799500900.0"',
      });
    },
  );
});

Deno.test("timestampSortText() reads integer digits into a 64-bit integer that wraps around, as the reference does", async (t) => {
  await table(t, [
    ["18446744073709551616", "1970-01-01T00:00:00+00:00"],
    ["-18446744073709551617", "1969-12-31T23:59:59+00:00"],
    ["9223372036854775807.5e-10", "1999-03-25T04:46:43.685478+00:00"],
  ]);
  for (
    const input of [
      "9223372036854775808",
      "18446744073709551615",
      "9223372036854775808.5e-10",
      `1${"0".repeat(400)}`,
    ]
  ) {
    await t.step(`${input.slice(0, 26)}: the integer reaches 2^63`, () => {
      assert.throws(() => timestampSortText(input), {
        name: "RangeError",
        message:
          /^Cannot read timestamp: value must be a Unix time whose digits before any \. the reference can read: it reads them into a 64-bit integer that wraps around and refuses the number once that integer is 2\^63 or more: received "/,
      });
    });
  }
});

Deno.test("timestampSortText() rejects text that is not one of the forms", async (t) => {
  for (
    const input of [
      "2026-02-21T14",
      "2026-02-21T14:00:00+01",
      "20260221T140000Z",
      " 2026-02-21T14:00:00Z",
      "2026-02-21T14:00:00Z ",
      "2026-02-21T14:00.5",
      "2026-02-21T14:00:00.",
      "2026-02-21T14:00:00+1:00",
      "2026-2-21",
      "1e3",
      ".",
      "-.",
      "+",
      "1.5e",
      "1.5e+",
      "1..5",
      ".e1",
      "1_000",
      "0x10",
      " 5",
      "2026-02-21T14:00:00\u2212",
      "2026-02-21\u221214:00",
      "",
      "today",
    ]
  ) {
    await t.step(JSON.stringify(input), () => {
      assert.throws(() => timestampSortText(input), {
        name: "TypeError",
        message:
          `Cannot read timestamp: value must be a datetime (YYYY-MM-DD, optionally T or space, HH:MM, :SS, a fraction and an offset Z or ±HH:MM) or a Unix time: received ${
            JSON.stringify(input)
          }`,
      });
    });
  }
});

Deno.test("timestampSortText() rejects dates and times that do not exist", async (t) => {
  const cases: [string, string][] = [
    ["0000-01-01", "the year must be from 0001 to 9999"],
    ["2026-00-10", "there is no month 00"],
    ["2026-13-01", "there is no month 13"],
    ["2026-01-00", "there is no day 00 in 2026-01"],
    ["2026-02-29", "there is no day 29 in 2026-02"],
    ["1900-02-29", "there is no day 29 in 1900-02"],
    ["2026-04-31", "there is no day 31 in 2026-04"],
    ["2026-01-32", "there is no day 32 in 2026-01"],
    ["2026-02-21T24:00", "the hour 24 is past 23"],
    ["2026-02-21T14:60", "the minute 60 is past 59"],
    ["2026-02-21T14:00:60", "the second 60 is past 59"],
    ["2026-02-21T14:00:00+24:00", "the offset hour 24 is past 23"],
    ["2026-02-21T14:00:00+01:60", "the offset minute 60 is past 59"],
  ];
  for (const [input, why] of cases) {
    await t.step(input, () => {
      assert.throws(() => timestampSortText(input), {
        name: "RangeError",
        message:
          `Cannot read timestamp: value must be a real datetime: ${why}: received ${
            JSON.stringify(input)
          }`,
      });
    });
  }
});

Deno.test("timestampSortText() rejects Unix times outside the years 0001 to 9999", async (t) => {
  const cases: [number | string, string][] = [
    [253402300800000, "253402300800000"],
    [-62135596800001, "-62135596800001"],
    ["-62135596800001", '"-62135596800001"'],
  ];
  for (const [input, shown] of cases) {
    await t.step(shown, () => {
      assert.throws(() => timestampSortText(input), {
        name: "RangeError",
        message:
          `Cannot read timestamp: value must be a Unix time within the years 0001 to 9999 (seconds, or milliseconds above 2×10^10): received ${shown}`,
      });
    });
  }
});

Deno.test("timestampSortText() rejects numbers that are not finite", async (t) => {
  const cases: [number | string, string][] = [
    [Number.NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    ["1.e400", '"1.e400"'],
  ];
  for (const [input, shown] of cases) {
    await t.step(String(input).slice(0, 12), () => {
      assert.throws(() => timestampSortText(input), {
        name: "RangeError",
        message:
          `Cannot read timestamp: value must be a finite Unix time: received ${shown}`,
      });
    });
  }
});

Deno.test("timestampSortText() rejects a value that is neither text nor a number", async (t) => {
  const cases: [unknown, string][] = [
    [null, "null"],
    [true, "true"],
    [new Date(0), "a Date"],
  ];
  for (const [input, shown] of cases) {
    await t.step(shown, () => {
      assert.throws(() => timestampSortText(input as string), {
        name: "TypeError",
        message:
          `Cannot read timestamp: value must be a datetime (YYYY-MM-DD, optionally T or space, HH:MM, :SS, a fraction and an offset Z or ±HH:MM) or a Unix time: received ${shown}`,
      });
    });
  }
});
