import assert from "node:assert/strict";
import { CONTRACTS, ulid } from "./_builders.ts";

Deno.test("parseEvent() throws a ParseEventTypeError that carries the issues and the id received", async (t) => {
  for (const c of CONTRACTS) {
    await t.step(c.version, () => {
      const input = {
        ...c.envelope(),
        event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
        node_id: "",
        lamport_clock: "3",
      };
      const error = (() => {
        try {
          c.api.parseEvent(input);
        } catch (error) {
          return error;
        }
        assert.fail("an invalid envelope was accepted");
      })();
      assert.ok(error instanceof c.api.ParseEventTypeError);
      assert.ok(error instanceof TypeError);
      assert.equal(error.name, "TypeError");
      assert.equal(error.line, null);
      assert.equal(error.eventId, "01hv7ka8tq3r0w2m9x6c4b5n1p");
      assert.deepEqual(
        error.issues.map((issue) => [issue.path, issue.input]),
        [["node_id", ""], ["lamport_clock", "3"]],
      );
      assert.match(
        error.message,
        /field "node_id" must be a non-empty string: received "" \(and 1 more problem\)$/,
      );
      const safe = c.api.safeParseEvent(input);
      assert.equal(safe.success, false);
      if (!safe.success) {
        assert.deepEqual(safe.error.issues, safe.issues);
        assert.equal(safe.error.message, error.message);
      }
    });
  }
});

Deno.test("parseEvent() throws a ParseEventRangeError for a value out of bounds", async (t) => {
  for (const c of CONTRACTS) {
    await t.step(c.version, () => {
      assert.throws(
        () => c.api.parseEvent({ ...c.envelope(), data_tier: 5 }),
        (error: unknown) =>
          error instanceof c.api.ParseEventRangeError &&
          error instanceof RangeError && error.name === "RangeError" &&
          error.eventId === ulid(1) && error.line === null &&
          error.issues.length === 1 && error.issues[0].path === "data_tier" &&
          error.issues[0].input === 5,
      );
    });
  }
});

Deno.test("parseEvent() has no event id to give for input without a string id", async (t) => {
  const cases: [string, unknown][] = [
    ["not an object", 42],
    ["no event_id", { event_type: "Noted" }],
    ["a number as event_id", { event_id: 7 }],
    ["an id too long to be one", { event_id: "x".repeat(65) }],
    [
      "a proxy that throws",
      new Proxy({}, {
        getOwnPropertyDescriptor() {
          throw new Error("trap");
        },
      }),
    ],
  ];
  for (const c of CONTRACTS) {
    for (const [name, input] of cases) {
      await t.step(`${c.version}: ${name}`, () => {
        assert.throws(
          () => c.api.parseEvent(input),
          (error: unknown) =>
            error instanceof c.api.ParseEventTypeError &&
            error.eventId === null && error.issues.length > 0,
        );
      });
    }
  }
});

Deno.test("parseEventStream() errors carry the line, the id and the issues", async (t) => {
  for (const c of CONTRACTS) {
    const good = JSON.stringify(c.envelope({ lamport_clock: 1 }));
    await t.step(`${c.version}: an invalid envelope`, () => {
      const bad = JSON.stringify(
        c.envelope({ lamport_clock: 2, event_id: ulid(2), aggregate_id: "" }),
      );
      assert.throws(
        () => c.api.parseEventStream(`${good}\n\n${bad}\n`),
        (error: unknown) =>
          error instanceof c.api.ParseEventTypeError && error.line === 3 &&
          error.eventId === ulid(2) &&
          error.issues[0].path === "aggregate_id" &&
          error.message.startsWith(
            `Cannot parse event "${ulid(2)}" on line 3: field "aggregate_id"`,
          ),
      );
    });
    await t.step(`${c.version}: a line out of bounds`, () => {
      const bad = JSON.stringify(
        c.envelope({ lamport_clock: -1, event_id: ulid(3) }),
      );
      assert.throws(
        () => c.api.parseEventStream(`${good}\n${bad}`),
        (error: unknown) =>
          error instanceof c.api.ParseEventRangeError && error.line === 2 &&
          error.issues[0].path === "lamport_clock" &&
          error.issues[0].input === -1,
      );
    });
    await t.step(`${c.version}: a line that is not JSON`, () => {
      assert.throws(
        () => c.api.parseEventStream(`${good}\n{"event_id": `),
        (error: unknown) =>
          error instanceof c.api.ParseEventSyntaxError &&
          error instanceof SyntaxError && error.name === "SyntaxError" &&
          error.line === 2 && error.eventId === null &&
          error.issues.length === 1 && error.issues[0].type === "json" &&
          error.issues[0].input === '{"event_id": ' &&
          error.issues[0].message.startsWith("must be JSON (") &&
          error.message.startsWith("Cannot parse line 2: it is not JSON ("),
      );
    });
    await t.step(`${c.version}: input that is not text`, () => {
      assert.throws(
        () => c.api.parseEventStream(42 as unknown as string),
        (error: unknown) =>
          error instanceof c.api.ParseEventTypeError && error.line === null &&
          error.issues[0].type === "string" && error.issues[0].input === 42,
      );
    });
  }
});
