// The one option of contract 3.0.0's entry points, acceptEmptyBuildId: what
// it changes, and the errors for options that are not an object of booleans.
import assert from "node:assert/strict";
import * as v3 from "../v3.ts";
import { validateEvent } from "../conformance/v3.ts";
import { V3 } from "./_builders.ts";

const throwing = Object.defineProperty({}, "acceptEmptyBuildId", {
  get: () => {
    throw new RangeError("boom");
  },
});

Deno.test('acceptEmptyBuildId reads the spec-kitty CLI\'s build_id "" as "unknown"', async (t) => {
  const envelope = { ...V3.envelope(), build_id: "" };
  await t.step("parseEvent, safeParseEvent, parseEventStream", () => {
    assert.throws(() => v3.parseEvent(envelope), /acceptEmptyBuildId/);
    assert.equal(
      v3.parseEvent(envelope, { acceptEmptyBuildId: true }).build_id,
      "unknown",
    );
    assert.equal(v3.safeParseEvent(envelope, {}).success, false);
    assert.equal(
      v3.parseEventStream(JSON.stringify(envelope), {
        acceptEmptyBuildId: true,
      })[0]
        .build_id,
      "unknown",
    );
  });
  await t.step("validateEvent of the envelope", () => {
    assert.equal(validateEvent(envelope, "Event").valid, false);
    assert.equal(
      validateEvent(envelope, "Event", { acceptEmptyBuildId: true }).valid,
      true,
    );
    // Anything but "" stays as it is.
    const built = { ...envelope, build_id: "build-7" };
    assert.equal(
      validateEvent(built, "Event", { acceptEmptyBuildId: true }).valid,
      true,
    );
    assert.equal(
      validateEvent(null, "Event", { acceptEmptyBuildId: true }).valid,
      false,
    );
  });
});

Deno.test("contract 3.0.0 refuses options that are not an object of booleans", async (t) => {
  const envelope = V3.envelope();
  const cases: [string, unknown, RegExp][] = [
    [
      "not an object",
      "yes",
      /: the options must be an object: received "yes"$/,
    ],
    ["null", null, /: the options must be an object: received null$/],
    [
      "a getter that throws",
      throwing,
      /: option "acceptEmptyBuildId" must be plain data \(reading it threw RangeError\)$/,
    ],
    [
      "not a boolean",
      { acceptEmptyBuildId: "yes" },
      /: option "acceptEmptyBuildId" must be a boolean: received "yes"$/,
    ],
  ];
  for (const [name, options, pattern] of cases) {
    await t.step(name, () => {
      for (
        const call of [
          () => v3.parseEvent(envelope, options as never),
          () => v3.safeParseEvent(envelope, options as never),
          () => v3.parseEventStream(JSON.stringify(envelope), options as never),
        ]
      ) {
        assert.throws(
          call,
          (error: unknown) =>
            error instanceof TypeError && pattern.test(error.message) &&
            error.message.startsWith("Cannot parse event"),
        );
      }
    });
  }
  await t.step("validateEvent", () => {
    assert.throws(
      () => validateEvent(envelope, "Event", throwing as never),
      /^TypeError: Cannot validate event: option "acceptEmptyBuildId" must be plain data \(reading it threw RangeError\)$/,
    );
    assert.throws(
      () =>
        validateEvent(envelope, "Event", { acceptEmptyBuildId: 1 } as never),
      /^TypeError: Cannot validate event: option "acceptEmptyBuildId" must be a boolean: received 1$/,
    );
  });
});
