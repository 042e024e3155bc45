// Every test runs against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the same JSONL reader).
import assert from "node:assert/strict";
import * as v3 from "../v3.ts";
import { CONTRACTS, ulid, V3 } from "./_builders.ts";

for (const c of CONTRACTS) {
  const { parseEvent, parseEventStream } = c.api;

  const line = (clock: number, overrides = {}): string =>
    JSON.stringify(c.envelope({ lamport_clock: clock, ...overrides }));

  Deno.test(`parseEventStream() parses one envelope per line, in file order (${c.version})`, () => {
    const events = parseEventStream(`${line(3)}\n${line(1)}\n${line(2)}`);
    assert.deepEqual(events.map((event) => event.lamport_clock), [3, 1, 2]);
    assert.deepEqual(events[0], parseEvent(c.envelope({ lamport_clock: 3 })));
  });

  Deno.test(`parseEventStream() skips blank lines, a final newline and \\r\\n endings (${c.version})`, async (t) => {
    const cases: [string, string][] = [
      ["a final newline", `${line(1)}\n${line(2)}\n`],
      ["blank lines", `\n${line(1)}\n\n   \n${line(2)}\n\n`],
      ["\\r\\n endings", `${line(1)}\r\n${line(2)}\r\n`],
      ["tabs and spaces around a line", `\t${line(1)} \n ${line(2)}\t`],
    ];
    for (const [name, text] of cases) {
      await t.step(name, () => {
        assert.deepEqual(
          parseEventStream(text).map((event) => event.event_id),
          [ulid(1), ulid(2)],
        );
      });
    }
  });

  Deno.test(`parseEventStream() ignores one byte order mark at the start of the text, and only there (${c.version})`, async (t) => {
    const bom = "\ufeff";
    await t.step("at the start, before the first line", () => {
      assert.deepEqual(
        parseEventStream(`${bom}${line(1)}\n${line(2)}\n`),
        parseEventStream(`${line(1)}\n${line(2)}\n`),
      );
      assert.deepEqual(parseEventStream(bom), []);
    });
    await t.step("a second one stays, and line 1 is not JSON", () => {
      assert.throws(() => parseEventStream(`${bom}${bom}${line(1)}`), {
        name: "SyntaxError",
        message: /^Cannot parse line 1: it is not JSON/,
      });
    });
    await t.step(
      "one at the start of a later line is not a start of text",
      () => {
        assert.throws(() => parseEventStream(`${line(1)}\n${bom}${line(2)}`), {
          name: "SyntaxError",
          message: /^Cannot parse line 2: it is not JSON/,
        });
      },
    );
  });

  Deno.test(`parseEventStream() returns no events for empty text (${c.version})`, async (t) => {
    for (const text of ["", "\n", "\r\n\r\n", "  "]) {
      await t.step(JSON.stringify(text), () => {
        assert.deepEqual(parseEventStream(text), []);
      });
    }
  });

  Deno.test(`parseEventStream() names the line that is not JSON (${c.version})`, () => {
    assert.throws(
      () => parseEventStream(`${line(1)}\n\n{"event_id": `),
      (error: Error) =>
        error instanceof SyntaxError &&
        error.message.startsWith("Cannot parse line 3: it is not JSON ("),
    );
  });

  Deno.test(`parseEventStream() names the line and the field of an invalid envelope (${c.version})`, async (t) => {
    await t.step("a wrong shape is a TypeError", () => {
      assert.throws(
        () => parseEventStream(`${line(1)}\n${line(2, { node_id: "" })}`),
        {
          name: "TypeError",
          message: `Cannot parse event "${
            ulid(2)
          }" on line 2: field "node_id" must be a non-empty string: received ""`,
        },
      );
    });
    await t.step("an out-of-bounds value is a RangeError", () => {
      assert.throws(
        () => parseEventStream(`\r\n${line(1, { data_tier: 5 })}`),
        {
          name: "RangeError",
          message: `Cannot parse event "${
            ulid(1)
          }" on line 2: field "data_tier" must be an integer from 0 to 4: received 5`,
        },
      );
    });
    await t.step("a line that is JSON but not an object", () => {
      assert.throws(() => parseEventStream("[1]"), {
        name: "TypeError",
        message:
          "Cannot parse event on line 1: the input must be an object: received an array of 1 items",
      });
    });
  });

  Deno.test(`parseEventStream() rejects an argument that is not text (${c.version})`, async (t) => {
    const cases: [unknown, string][] = [
      [undefined, "nothing"],
      [42, "42"],
      [[line(1)], "an array of 1 items"],
    ];
    for (const [input, shown] of cases) {
      await t.step(shown, () => {
        assert.throws(() => parseEventStream(input as string), {
          name: "TypeError",
          message:
            `Cannot parse event stream: the input must be JSONL text: received ${shown}`,
        });
      });
    }
  });
}

Deno.test("parseEventStream() names the line of an empty build_id, which acceptEmptyBuildId reads as unknown (3.0.0)", () => {
  const cli = (clock: number) =>
    JSON.stringify(V3.envelope({ lamport_clock: clock, build_id: "" }));
  const text = `${JSON.stringify(V3.envelope({ lamport_clock: 1 }))}\n${
    cli(2)
  }\n${cli(3)}\n`;
  assert.throws(
    () => v3.parseEventStream(text),
    (error: unknown) =>
      error instanceof TypeError &&
      error.message.startsWith(
        `Cannot parse event "${
          ulid(2)
        }" on line 2: field "build_id" must be a non-empty string (`,
      ),
  );
  assert.deepEqual(
    v3.parseEventStream(text, { acceptEmptyBuildId: true }).map((event) =>
      event.build_id
    ),
    ["build-1", "unknown", "unknown"],
  );
});
