import assert from "node:assert/strict";
import { Validator } from "@cfworker/json-schema";
import { normalizeEventId, parseEvent } from "../mod.ts";
import { envelope } from "./_builders.ts";

const LONG_S = "\u017F"; // ſ, LATIN SMALL LETTER LONG S
const KELVIN = "\u212A"; // K, KELVIN SIGN

Deno.test("normalizeEventId() uppercases a ULID", async (t) => {
  const cases: [string, string][] = [
    ["01hv7ka8tq3r0w2m9x6c4b5n1p", "01HV7KA8TQ3R0W2M9X6C4B5N1P"],
    ["01Hv7kA8tQ3r0W2m9X6c4B5n1P", "01HV7KA8TQ3R0W2M9X6C4B5N1P"],
    ["01HV7KA8TQ3R0W2M9X6C4B5N1P", "01HV7KA8TQ3R0W2M9X6C4B5N1P"],
    // The first character is not range-checked: the reference accepts `Z…`.
    ["zzzzzzzzzzzzzzzzzzzzzzzzzz", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"],
  ];
  for (const [input, expected] of cases) {
    await t.step(input, () => {
      assert.equal(normalizeEventId(input), expected);
    });
  }
});

Deno.test("normalizeEventId() reads ſ and the Kelvin sign in a ULID as the reference does", async (t) => {
  // The reference matches with Python's re.IGNORECASE, whose Unicode case
  // rules fold ſ to s and K to k, then uppercases with str.upper().
  const cases: [string, string, string][] = [
    [
      "ſ uppercases to S",
      `01HV7KA8TQ3R0W2M9X6C4B5N${LONG_S}1`,
      "01HV7KA8TQ3R0W2M9X6C4B5NS1",
    ],
    [
      "K stays as it is",
      `01HV7${KELVIN}A8TQ3R0W2M9X6C4B5N1P`,
      `01HV7${KELVIN}A8TQ3R0W2M9X6C4B5N1P`,
    ],
    [
      "both, among lowercase letters",
      `01hv7${KELVIN}a8tq3r0w2m9x6c4b5n${LONG_S}p`,
      `01HV7${KELVIN}A8TQ3R0W2M9X6C4B5NSP`,
    ],
    ["all ſ", LONG_S.repeat(26), "S".repeat(26)],
    ["all K", KELVIN.repeat(26), KELVIN.repeat(26)],
  ];
  for (const [name, input, expected] of cases) {
    await t.step(name, () => {
      assert.equal(input.length, 26);
      assert.equal(normalizeEventId(input), expected);
    });
  }
  await t.step(
    "other letters that uppercase to ASCII are still refused",
    () => {
      // ı (dotless i) uppercases to I, which base32 leaves out; ß to SS.
      for (const char of ["\u0131", "\u00DF", "\u0130", "\uFF33"]) {
        const id = `01HV7KA8TQ3R0W2M9X6C4B5N${char}1`;
        assert.throws(() => normalizeEventId(id), {
          name: "TypeError",
          message:
            `Cannot normalize event id: value must be a ULID in Crockford base32 (digits and the letters A–Z except I, L, O, U): received "${id}"`,
        });
      }
    },
  );
  await t.step("in a UUID, neither counts as a hex digit", () => {
    for (
      const id of [
        `${KELVIN}${"0".repeat(31)}`,
        `${LONG_S}${"0".repeat(7)}-0000-0000-0000-000000000000`,
      ]
    ) {
      assert.throws(() => normalizeEventId(id), /hexadecimal digits/);
    }
  });
});

Deno.test("parseEvent() and the event JSON Schema accept ſ and K in event_id, causation_id and correlation_id", async () => {
  const schema = JSON.parse(
    await Deno.readTextFile(
      new URL("../schemas/event.schema.json", import.meta.url),
    ),
  );
  const validator = new Validator(schema, "2020-12");
  const wire = envelope({
    event_id: `01hv7ka8tq3r0w2m9x6c4b5n${LONG_S}1`,
    causation_id: `01HV7${KELVIN}A8TQ3R0W2M9X6C4B5N1P`,
    correlation_id: `${LONG_S}1HV7KA8TQ3R0W2M9X6C4B5N1${KELVIN}`,
  });
  assert.equal(validator.validate(wire).valid, true);
  const event = parseEvent(wire);
  assert.equal(event.event_id, "01HV7KA8TQ3R0W2M9X6C4B5NS1");
  assert.equal(event.causation_id, `01HV7${KELVIN}A8TQ3R0W2M9X6C4B5N1P`);
  assert.equal(event.correlation_id, `S1HV7KA8TQ3R0W2M9X6C4B5N1${KELVIN}`);
  // Not vacuous: the schema still refuses a letter outside base32.
  const refused = envelope({ event_id: "01HV7KA8TQ3R0W2M9X6C4B5N\u01311" });
  assert.equal(validator.validate(refused).valid, false);
});

Deno.test("normalizeEventId() rejects a ULID with I, L, O or U and says so", async (t) => {
  for (const letter of ["I", "L", "O", "U", "i", "l", "o", "u"]) {
    await t.step(letter, () => {
      const id = `01HV7KA8TQ3R0W2M9X6C4B5N${letter}P`;
      assert.equal(id.length, 26);
      assert.throws(() => normalizeEventId(id), {
        name: "TypeError",
        message:
          `Cannot normalize event id: value must be a ULID in Crockford base32, which has no I, L, O or U (found "${letter}"): received "${id}"`,
      });
    });
  }
});

Deno.test("normalizeEventId() rejects a 26-character id with a character outside base32", () => {
  const id = "01HV7KA8TQ3R0W2M9X6C4B5N-P";
  assert.throws(() => normalizeEventId(id), {
    name: "TypeError",
    message:
      `Cannot normalize event id: value must be a ULID in Crockford base32 (digits and the letters A–Z except I, L, O, U): received "${id}"`,
  });
});

Deno.test("normalizeEventId() lowercases a 36-character hyphenated UUID", async (t) => {
  const cases: [string, string][] = [
    [
      "0F2A6C1E-9B8D-4F7A-8C3B-5D6E7F8091A2",
      "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2",
    ],
    [
      "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2",
      "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2",
    ],
  ];
  for (const [input, expected] of cases) {
    await t.step(input, () => {
      assert.equal(normalizeEventId(input), expected);
    });
  }
});

Deno.test("normalizeEventId() rejects 36 characters that are not a hyphenated UUID", async (t) => {
  for (
    const id of [
      "0F2A6C1E-9B8D-4F7A-8C3B-5D6E7F8091AG", // a non-hex digit
      "0F2A6C1E9-B8D-4F7A-8C3B-5D6E7F8091A2", // a hyphen out of place
      "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A20000", // 36 hex digits, no hyphens
    ]
  ) {
    await t.step(id, () => {
      assert.throws(() => normalizeEventId(id), {
        name: "TypeError",
        message:
          `Cannot normalize event id: value must be a hyphenated UUID (8-4-4-4-12 hexadecimal digits) when 36 characters long: received "${id}"`,
      });
    });
  }
});

Deno.test("normalizeEventId() hyphenates and lowercases a 32-hex UUID", async (t) => {
  const cases: [string, string][] = [
    [
      "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2",
      "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2",
    ],
    [
      "00000000000000000000000000000000",
      "00000000-0000-0000-0000-000000000000",
    ],
  ];
  for (const [input, expected] of cases) {
    await t.step(input, () => {
      assert.equal(normalizeEventId(input), expected);
    });
  }
});

Deno.test("normalizeEventId() rejects 32 characters that are not hex", () => {
  const id = "0F2A6C1E9B8D4F7A8C3B5D6E7F8091AZ";
  assert.throws(() => normalizeEventId(id), {
    name: "TypeError",
    message:
      `Cannot normalize event id: value must be 32 hexadecimal digits (a UUID without hyphens) when 32 characters long: received "${id}"`,
  });
});

Deno.test("normalizeEventId() rejects wrong lengths and names the length received", async (t) => {
  const cases: [string, number][] = [
    ["", 0],
    ["01HV7KA8TQ3R0W2M9X6C4B5N1", 25],
    ["01HV7KA8TQ3R0W2M9X6C4B5N1PQ", 27],
    ["0F2A6C1E9B8D4F7A8C3B5D6E7F8091A", 31],
    ["0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2F", 33],
    ["0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a", 35],
    ["0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2f", 37],
  ];
  for (const [id, length] of cases) {
    await t.step(`${length} characters`, () => {
      assert.equal(id.length, length);
      assert.throws(() => normalizeEventId(id), {
        name: "TypeError",
        message:
          `Cannot normalize event id: value must be a 26-character ULID, a 36-character hyphenated UUID or a 32-character hex UUID, not ${length} characters long: received ${
            JSON.stringify(id)
          }`,
      });
    });
  }
});

Deno.test("normalizeEventId() counts the length in characters, not UTF-16 code units", async (t) => {
  await t.step("26 characters, 27 code units: judged as a ULID", () => {
    const id = `😀${"0".repeat(25)}`;
    assert.equal(id.length, 27);
    assert.throws(
      () => normalizeEventId(id),
      /value must be a ULID in Crockford base32 \(digits/,
    );
  });
  await t.step("36 code units, 35 characters: a wrong length", () => {
    const id = `😀${"0".repeat(34)}`;
    assert.equal(id.length, 36);
    assert.throws(() => normalizeEventId(id), /not 35 characters long/);
  });
});

Deno.test("normalizeEventId() rejects a value that is not a string", async (t) => {
  const cases: [unknown, string][] = [
    [42, "42"],
    [null, "null"],
    [undefined, "nothing"],
  ];
  for (const [value, shown] of cases) {
    await t.step(shown, () => {
      assert.throws(() => normalizeEventId(value as string), {
        name: "TypeError",
        message:
          `Cannot normalize event id: value must be a string: received ${shown}`,
      });
    });
  }
});
