import assert from "node:assert/strict";
import { parseEvent, parseEventStream } from "../mod.ts";
import { envelope, ulid } from "./_builders.ts";

const line = (clock: number, overrides = {}): string =>
  JSON.stringify(envelope({ lamport_clock: clock, ...overrides }));

Deno.test("parseEventStream() parses one envelope per line, in file order", () => {
  const events = parseEventStream(`${line(3)}\n${line(1)}\n${line(2)}`);
  assert.deepEqual(events.map((event) => event.lamport_clock), [3, 1, 2]);
  assert.deepEqual(events[0], parseEvent(envelope({ lamport_clock: 3 })));
});

Deno.test("parseEventStream() skips blank lines, a final newline and \\r\\n endings", async (t) => {
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

Deno.test("parseEventStream() ignores one byte order mark at the start of the text, and only there", async (t) => {
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

Deno.test("parseEventStream() returns no events for empty text", async (t) => {
  for (const text of ["", "\n", "\r\n\r\n", "  "]) {
    await t.step(JSON.stringify(text), () => {
      assert.deepEqual(parseEventStream(text), []);
    });
  }
});

Deno.test("parseEventStream() names the line that is not JSON", () => {
  assert.throws(
    () => parseEventStream(`${line(1)}\n\n{"event_id": `),
    (error: Error) =>
      error instanceof SyntaxError &&
      error.message.startsWith("Cannot parse line 3: it is not JSON ("),
  );
});

Deno.test("parseEventStream() names the line and the field of an invalid envelope", async (t) => {
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

Deno.test("parseEventStream() rejects an argument that is not text", async (t) => {
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
